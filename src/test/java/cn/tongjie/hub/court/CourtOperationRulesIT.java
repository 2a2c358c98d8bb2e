package cn.tongjie.hub.court;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import cn.tongjie.hub.infra.HubClock;
import cn.tongjie.hub.it.HubIT;
import cn.tongjie.hub.it.HubITSupport;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tongliao.court.docking.v1.DelegateMediationType;
import tongliao.court.docking.v1.ExtendDelegationType;
import tongliao.court.docking.v1.IdTypeType;
import tongliao.court.docking.v1.NotifyCaseFiledType;
import tongliao.court.docking.v1.ReceiptType;
import tongliao.court.docking.v1.WithdrawDelegationType;

/**
 * The operation rules the samples do not show: duplicates (§12), the extension cap example of §7.2, withdrawal after
 * dueAt (§7.3), NOT_APPLICABLE (§7.4) and the §5 ID rules, each through the operation routes as the gate calls them.
 */
@HubIT
class CourtOperationRulesIT extends HubITSupport {

    private static final String COURT = "内0502";
    /** Clock of story CC's delegation sample. */
    private static final OffsetDateTime CC1_CLOCK = OffsetDateTime.parse("2026-04-13T14:06:43+08:00");

    @Autowired
    ProducerTemplate template;
    @Autowired
    Clock clock;

    // ------------------------------------------------------------------------------------ §12 duplicates

    @Test
    void shouldReturnTheIdenticalReceiptAndCreateOneDisputeWhenTheSameMessageArrivesTwice() {
        ReceiptType first = delegate(cc1(), CC1_CLOCK);
        ReceiptType again = delegate(cc1(), CC1_CLOCK.plusMinutes(5));

        assertSameReceipt(again, first);
        assertThat(first.getMessageId()).isEqualTo("FY0502M2026041314064001");
        assertThat(hub.count("select count(*) from dispute")).isEqualTo(1);
        assertThat(hub.count("select count(*) from court_inbound")).isEqualTo(1);
        assertThat(hub.count("select count(*) from outbox where payload like '%dispute.registered%'")).isEqualTo(1);
    }

    @Test
    void shouldAnswerTheOriginalReceiptWithTheOriginalMessageIdWhenAClerkResendsUnderANewMessageId() {
        ReceiptType first = delegate(cc1(), CC1_CLOCK);
        DelegateMediationType resend = cc1();
        resend.setMessageId("FY0502M2026041400000001");
        resend.setSentAt(CourtTimes.toXml(CC1_CLOCK.plusDays(1)));

        ReceiptType answer = delegate(resend, CC1_CLOCK.plusDays(1));

        assertSameReceipt(answer, first);
        assertThat(answer.getMessageId()).isEqualTo("FY0502M2026041314064001");
        assertThat(hub.count("select count(*) from dispute")).isEqualTo(1);
    }

    @Test
    void shouldRefuseDifferentContentUnderAKnownDelegationIdAsDuplicateConflictOnTheDelegationId() {
        delegate(cc1(), CC1_CLOCK);
        DelegateMediationType other = cc1();
        other.setMessageId("FY0502M2026041400000002");
        other.getClaims().getClaim().set(0, "判令二被告支付物业服务费9000.00元；");

        CourtFaultException f = fault("DelegateMediation", other, CC1_CLOCK.plusHours(1));

        assertThat(f.code()).isEqualTo(CourtResultCode.DUPLICATE_CONFLICT);
        assertThat(f.field()).isEqualTo("/DelegateMediation/delegationId");
        assertThat(hub.count("select count(*) from court_inbound")).isEqualTo(1);
    }

    @Test
    void shouldRefuseAReusedMessageIdWithOtherContentAsDuplicateConflictOnTheMessageId() {
        delegate(cc1(), CC1_CLOCK);
        DelegateMediationType other = cc1();
        other.setDelegationId("WT0502-2026-000919");

        CourtFaultException f = fault("DelegateMediation", other, CC1_CLOCK.plusHours(1));

        assertThat(f.code()).isEqualTo(CourtResultCode.DUPLICATE_CONFLICT);
        assertThat(f.field()).isEqualTo("/DelegateMediation/messageId");
    }

    @Test
    void shouldRecordOneDelegationWhenTwoIdenticalRequestsRace() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<Object>> answers = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                DelegateMediationType m = cc1();
                Callable<Object> call = () -> {
                    start.await();
                    try {
                        return delegate(m, CC1_CLOCK);
                    } catch (CamelExecutionException e) {
                        return e.getCause();
                    }
                };
                answers.add(pool.submit(call));
            }
            start.countDown();
            ReceiptType recorded = null;
            List<Object> results = new ArrayList<>();
            for (Future<Object> a : answers) {
                results.add(a.get(30, TimeUnit.SECONDS));
            }
            assertThat(hub.count("select count(*) from court_inbound")).isEqualTo(1);
            assertThat(hub.count("select count(*) from court_delegation")).isEqualTo(1);
            assertThat(hub.count("select count(*) from dispute")).isEqualTo(1);
            String receiptId = jdbc.sql("select receipt_id from court_inbound").query(String.class).single();
            for (Object r : results) {
                if (r instanceof ReceiptType receipt) {
                    assertThat(receipt.getReceiptId()).isEqualTo(receiptId);
                    recorded = receipt;
                } else if (r instanceof CourtFaultException f) {
                    assertThat(f.code()).isEqualTo(CourtResultCode.SERVICE_UNAVAILABLE);
                } else {
                    fail("unexpected answer " + r);
                }
            }
            assertThat(recorded).as("at least the winner has a receipt").isNotNull();
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void shouldReplayARejectedReceiptForTheSameRefusedExtension() {
        openDelegation("WT0502-2026-000950", "2026-09-16T23:59:59+08:00");
        ExtendDelegationType late = extend("WT0502-2026-000950", "FY0502M2026091000000001",
                "2026-10-17T00:00:00+08:00");
        OffsetDateTime at = OffsetDateTime.parse("2026-09-10T10:00:00+08:00");

        ReceiptType first = send("ExtendDelegation", late, at);
        ReceiptType again = send("ExtendDelegation", extend("WT0502-2026-000950", "FY0502M2026091000000001",
                "2026-10-17T00:00:00+08:00"), at.plusMinutes(1));

        assertThat(first.getReasonCode()).isEqualTo("EXTENSION_LIMIT_EXCEEDED");
        assertSameReceipt(again, first);
    }

    // ------------------------------------------------------------------------------------ §7.2 – §7.4

    @Test
    void shouldAcceptAnExtensionToExactlyThirtyDaysAfterTheOriginalDueAtAndRefuseOneSecondMore() {
        String disputeId = openDelegation("WT0502-2026-000951", "2026-09-16T23:59:59+08:00");
        OffsetDateTime at = OffsetDateTime.parse("2026-09-10T10:00:00+08:00");

        ReceiptType accepted = send("ExtendDelegation", extend("WT0502-2026-000951", "FY0502M2026091000000011",
                "2026-10-16T23:59:59+08:00"), at);
        ReceiptType refused = send("ExtendDelegation", extend("WT0502-2026-000951", "FY0502M2026091000000012",
                "2026-10-17T00:00:00+08:00"), at.plusHours(1));

        assertThat(accepted.getStatus().value()).isEqualTo("ACCEPTED");
        assertThat(refused.getStatus().value()).isEqualTo("REJECTED");
        assertThat(refused.getReasonCode()).isEqualTo("EXTENSION_LIMIT_EXCEEDED");
        assertThat(refused.getField()).isEqualTo("/ExtendDelegation/newDueAt");
        assertThat(jdbc.sql("select due_at from court_delegation").query(OffsetDateTime.class).single().toInstant())
                .isEqualTo(OffsetDateTime.parse("2026-10-16T23:59:59+08:00").toInstant());
        assertThat(jdbc.sql("select snapshot from dispute where dispute_id = ?").param(disputeId)
                .query(String.class).single()).contains("\"mediationDueAt\":\"2026-10-16T23:59:59+08:00\"");
        assertThat(hub.count("select count(*) from timeline_event where event_type = 'COURT_DELEGATION_EXTENDED'"))
                .isEqualTo(1);
    }

    @Test
    void shouldAcceptAWithdrawalAfterDueAtWhileNoResultWasReportedAndStopMediation() {
        String disputeId = openDelegation("WT0502-2026-000952", "2026-09-16T23:59:59+08:00");
        WithdrawDelegationType w = CourtOperationSamples.body("valid-cc3-withdraw-delegation.xml");
        w.setDelegationId("WT0502-2026-000952");
        w.setMessageId("FY0502M2026091700000001");

        ReceiptType r = send("WithdrawDelegation", w, OffsetDateTime.parse("2026-09-17T10:00:00+08:00"));

        assertThat(r.getStatus().value()).isEqualTo("ACCEPTED");
        assertThat(jdbc.sql("select state || '/' || closed_reason from court_delegation").query(String.class).single())
                .isEqualTo("CLOSED/WITHDRAWN");
        String event = jdbc.sql("select payload from outbox where payload like '%dispute.withdrawn%'")
                .query(String.class).single();
        assertThat(event).contains(disputeId).contains("PLAINTIFF_WITHDREW_SUIT").contains("\"agency\":\"court\"");
    }

    @Test
    void shouldRejectNotifyCaseFiledByDelegationIdForAPostFilingDelegationAsNotApplicable() {
        delegate(cc1(), CC1_CLOCK);
        NotifyCaseFiledType n = CourtOperationSamples.body("valid-cf4-notify-case-filed-legacy-delegation.xml");
        n.setCourtCode(tongliao.court.docking.v1.CourtCodeType.fromValue(COURT));
        n.setDelegationId("WT0502-2026-000918");
        n.setCaseNo("（2026）内0502民初1234号");
        n.setMessageId("FY0502M2026042000000001");

        ReceiptType r = send("NotifyCaseFiled", n, OffsetDateTime.parse("2026-04-20T10:00:00+08:00"));

        assertThat(r.getStatus().value()).isEqualTo("REJECTED");
        assertThat(r.getReasonCode()).isEqualTo("NOT_APPLICABLE");
        assertThat(r.getField()).isEqualTo("/NotifyCaseFiled/delegationId");
        assertThat(jdbc.sql("select state from court_delegation").query(String.class).single()).isEqualTo("OPEN");
    }

    // ------------------------------------------------------------------------------------ §5 ID numbers

    @Test
    void shouldAcceptALowerCaseXInAResidentIdAndStoreItUpperCase() {
        DelegateMediationType m = cc1();
        m.getParties().getParty().get(1).setIdNumber("15232319881231039x");

        assertThat(delegate(m, CC1_CLOCK).getStatus().value()).isEqualTo("ACCEPTED");
        String snapshot = jdbc.sql("select snapshot from dispute").query(String.class).single();
        assertThat(snapshot).contains("\"idNumber\":\"15232319881231039X\"").doesNotContain("15232319881231039x");
    }

    @Test
    void shouldRefuseAUsccWhoseEmbeddedOrganisationCodeCheckCharacterIsWrong() {
        DelegateMediationType m = cc1();
        // position 17 changed, position 18 recomputed: only the GB 11714 check inside the USCC fails
        m.getParties().getParty().get(0).setIdNumber(IdNumbersCourtTest.withGb32100Check("91150502MA0P2R8T3"));

        CourtFaultException f = fault("DelegateMediation", m, CC1_CLOCK);

        assertThat(f.code()).isEqualTo(CourtResultCode.INVALID_ID_NUMBER);
        assertThat(f.field()).isEqualTo("/DelegateMediation/parties/party[1]/idNumber");
        assertThat(hub.count("select count(*) from court_inbound")).isZero();
    }

    @Test
    void shouldRefuseAnAgentsOrganisationCreditCodeWithTheAgentsPath() {
        DelegateMediationType m = cc1();
        m.getParties().getParty().get(0).getAgent().get(0).setOrganizationCreditCode("31150000E002346188");

        CourtFaultException f = fault("DelegateMediation", m, CC1_CLOCK);

        assertThat(f.code()).isEqualTo(CourtResultCode.INVALID_ID_NUMBER);
        assertThat(f.field()).isEqualTo("/DelegateMediation/parties/party[1]/agent[1]/organizationCreditCode");
    }

    @Test
    void shouldNotCheckIdNumbersOfOtherIdTypes() {
        DelegateMediationType m = cc1();
        m.getParties().getParty().get(1).setIdType(IdTypeType.PASSPORT);
        m.getParties().getParty().get(1).setIdNumber("E12345678");

        assertThat(delegate(m, CC1_CLOCK).getStatus().value()).isEqualTo("ACCEPTED");
    }

    // ------------------------------------------------------------------------------------ helpers

    private static DelegateMediationType cc1() {
        return CourtOperationSamples.body("valid-cc1-delegate-mediation-post-filing-ordinary.xml");
    }

    /** A story-CC-like open delegation with the given id and dueAt, delegated on 2026-09-01; returns its dispute. */
    private String openDelegation(String delegationId, String dueAt) {
        DelegateMediationType m = cc1();
        m.setDelegationId(delegationId);
        m.setMessageId("FY0502M" + delegationId.replace("-", ""));
        m.setDelegatedAt(CourtTimes.toXml(OffsetDateTime.parse("2026-09-01T10:00:00+08:00")));
        m.setDueAt(CourtTimes.toXml(OffsetDateTime.parse(dueAt)));
        assertThat(delegate(m, OffsetDateTime.parse("2026-09-01T10:05:00+08:00")).getStatus().value())
                .isEqualTo("ACCEPTED");
        return jdbc.sql("select dispute_id from court_delegation where delegation_id = ?").param(delegationId)
                .query(String.class).single();
    }

    private static ExtendDelegationType extend(String delegationId, String messageId, String newDueAt) {
        ExtendDelegationType e = CourtOperationSamples.body("valid-cc2-extend-delegation.xml");
        e.setDelegationId(delegationId);
        e.setMessageId(messageId);
        e.setNewDueAt(CourtTimes.toXml(OffsetDateTime.parse(newDueAt)));
        return e;
    }

    private ReceiptType delegate(DelegateMediationType m, OffsetDateTime at) {
        return send("DelegateMediation", m, at);
    }

    private ReceiptType send(String operation, Object body, OffsetDateTime at) {
        ((HubClock) clock).jumpTo(at.toInstant());
        return template.requestBodyAndHeaders(CourtHeaders.routeOf(operation), body, Map.of(
                CourtHeaders.AUTHENTICATED_COURT, COURT, CourtHeaders.RECEIVED_AT, at,
                CourtHeaders.OPERATION, operation), ReceiptType.class);
    }

    private CourtFaultException fault(String operation, Object body, OffsetDateTime at) {
        try {
            send(operation, body, at);
        } catch (CamelExecutionException e) {
            if (e.getCause() instanceof CourtFaultException f) {
                return f;
            }
            throw e;
        }
        return fail("answered with a receipt");
    }

    private static void assertSameReceipt(ReceiptType actual, ReceiptType expected) {
        assertThat(actual.getReceiptId()).isEqualTo(expected.getReceiptId());
        assertThat(actual.getMessageId()).isEqualTo(expected.getMessageId());
        assertThat(actual.getReceivedAt().toXMLFormat()).isEqualTo(expected.getReceivedAt().toXMLFormat());
        assertThat(actual.getStatus()).isEqualTo(expected.getStatus());
        assertThat(actual.getReasonCode()).isEqualTo(expected.getReasonCode());
        assertThat(actual.getReasonText()).isEqualTo(expected.getReasonText());
        assertThat(actual.getField()).isEqualTo(expected.getField());
    }
}
