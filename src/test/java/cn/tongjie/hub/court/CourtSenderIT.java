package cn.tongjie.hub.court;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import cn.tongjie.hub.infra.HubClock;
import cn.tongjie.hub.it.HubIT;
import cn.tongjie.hub.it.HubITSupport;
import cn.tongjie.hub.simulator.court.CourtSimulator;
import cn.tongjie.hub.simulator.court.CourtSimulatorLog.Received;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.PayloadApplicationEvent;
import org.springframework.context.event.ApplicationEventMulticaster;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tongliao.court.docking.v1.AckDecisionType;
import tongliao.court.docking.v1.AcknowledgeDelegationType;
import tongliao.court.docking.v1.FailureReasonType;
import tongliao.court.docking.v1.MediationOrgType;
import tongliao.court.docking.v1.MediationOrgTypeType;
import tongliao.court.docking.v1.MediationResultTypeType;
import tongliao.court.docking.v1.MediatorType;
import tongliao.court.docking.v1.ReportMediationResultType;

/**
 * The court sender against the simulated courts over real HTTP on the hub's port (contract §4, §11, §13): what the
 * court receives, what it answered, and what the hub recorded and published.
 */
@HubIT
class CourtSenderIT extends HubITSupport {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @Autowired
    CourtOutbound outbound;
    @Autowired
    CourtSender sender;
    @Autowired
    CourtSimulator court;
    @Autowired
    Clock clock;
    @Autowired
    PlatformTransactionManager txManager;
    @Autowired
    ConfigurableApplicationContext context;
    @Autowired
    ApplicationEventMulticaster multicaster;
    @Autowired
    MeterRegistry meters;

    private final List<CourtOutbound.Answered> answered = new CopyOnWriteArrayList<>();
    private final ApplicationListener<PayloadApplicationEvent<?>> listener = new ApplicationListener<>() {
        @Override
        public void onApplicationEvent(PayloadApplicationEvent<?> event) {
            if (event.getPayload() instanceof CourtOutbound.Answered a) {
                answered.add(a);
            }
        }
    };
    private Instant clockAtStart;
    private long nanosAtStart;

    @BeforeEach
    void setUp() {
        court.reset();
        List.of("05", "0502", "0521", "0522", "0523", "0524", "0525", "0526", "0581")
                .forEach(d -> sender.resume("内" + d));
        context.addApplicationListener(listener);
        clockAtStart = clock.instant();
        nanosAtStart = System.nanoTime();
    }

    @AfterEach
    void tearDown() {
        multicaster.removeApplicationListener(listener);
        court.reset();
        // other tests expect the clock where it would be without this test's jumps
        ((HubClock) clock).jumpTo(clockAtStart.plusNanos(System.nanoTime() - nanosAtStart));
    }

    @Test
    void shouldDeliverAcknowledgementWithValidDigestAndRecordTheCourtsReceipt() {
        court.registerDelegation("内0502", "WT0502-2026-000901", "POST_FILING", dueInDays(15));

        String mid = enqueue("内0502", "WT0502-2026-000901", ack("内0502", "WT0502-2026-000901"));

        Map<String, Object> row = awaitStatus(mid, "ACCEPTED");
        List<Received> received = court.log().ofMessage(mid);
        // the simulated court verified tongjie-hub's digest with its own password for 内0502, else AUTH_FAILED
        assertThat(received).extracting(Received::answer).containsExactly("RECEIPT:ACCEPTED");
        assertThat(received.get(0).operation()).isEqualTo("AcknowledgeDelegation");
        assertThat(received.get(0).endpoint()).isEqualTo("0502");
        assertThat(received.get(0).body()).isEqualTo(row.get("payload"));
        assertThat((String) row.get("receipt_id")).startsWith("SIMRCPT");
        assertThat(row.get("answered_at")).isNotNull();
        assertThat(court.delegationState("内0502", "WT0502-2026-000901")).contains("ack=ACCEPTED");
        await().atMost(WAIT).untilAsserted(() -> assertThat(answered).anySatisfy(a -> {
            assertThat(a.messageId()).isEqualTo(mid);
            assertThat(a.outcome()).isEqualTo("ACCEPTED");
            assertThat(a.operation()).isEqualTo("AcknowledgeDelegation");
            assertThat(a.objectKey()).isEqualTo("WT0502-2026-000901");
        }));
    }

    @Test
    void shouldNeverRetryAMessageTheCourtRejected() {
        court.registerDelegation("内0502", "WT0502-2026-000902", "POST_FILING", dueInDays(15));
        String first = enqueue("内0502", "WT0502-2026-000902", ack("内0502", "WT0502-2026-000902"));
        String second = enqueue("内0502", "WT0502-2026-000902", ack("内0502", "WT0502-2026-000902"));

        awaitStatus(first, "ACCEPTED");
        Map<String, Object> row = awaitStatus(second, "REJECTED");

        assertThat(row.get("reason_code")).isEqualTo("ALREADY_ACKNOWLEDGED");
        await().during(Duration.ofMillis(1500)).atMost(WAIT).untilAsserted(() -> {
            assertThat(court.log().ofMessage(second)).hasSize(1);
            assertThat(row(second).get("attempts")).isEqualTo(1);
        });
        assertThat(answered).anySatisfy(a -> {
            assertThat(a.messageId()).isEqualTo(second);
            assertThat(a.outcome()).isEqualTo("REJECTED");
            assertThat(a.reasonCode()).isEqualTo("ALREADY_ACKNOWLEDGED");
        });
    }

    @Test
    void shouldHoldMessagesDuringTheMaintenanceWindowAndSendThemFromOneOClock() {
        LocalDate tomorrow = OffsetDateTime.now(clock).withOffsetSameInstant(CourtTimes.BEIJING).toLocalDate()
                .plusDays(1);
        ((HubClock) clock).jumpTo(tomorrow.atTime(LocalTime.of(0, 30)).atOffset(CourtTimes.BEIJING).toInstant());
        court.registerDelegation("内0581", "WT0581-2026-000903", "POST_FILING", dueInDays(7));

        String mid = enqueue("内0581", "WT0581-2026-000903", ack("内0581", "WT0581-2026-000903"));

        await().during(Duration.ofMillis(1500)).atMost(WAIT).untilAsserted(() -> {
            assertThat(court.log().all()).isEmpty();
            assertThat(row(mid)).containsEntry("status", "PENDING").containsEntry("attempts", 0);
        });

        ((HubClock) clock).jumpTo(tomorrow.atTime(LocalTime.of(1, 0)).atOffset(CourtTimes.BEIJING).toInstant());

        awaitStatus(mid, "ACCEPTED");
        assertThat(court.log().ofMessage(mid)).extracting(Received::answer).containsExactly("RECEIPT:ACCEPTED");
        assertThat(court.log().ofMessage(mid).get(0).receivedAt().toLocalTime()).isAfterOrEqualTo(LocalTime.of(1, 0));
    }

    @Test
    void shouldRetryAnOutageWithTheSameMessageAndFreshNoncesThenDeliverOnceInOrder() {
        court.registerDelegation("内0502", "WT0502-2026-000904", "POST_FILING", dueInDays(15));
        court.setDown(true);

        String ackId = enqueue("内0502", "WT0502-2026-000904", ack("内0502", "WT0502-2026-000904"));
        String resultId = enqueue("内0502", "WT0502-2026-000904", failure("内0502", "WT0502-2026-000904"));

        await().atMost(WAIT).until(() -> court.log().ofMessage(ackId).size() >= 3);
        String stored = (String) row(ackId).get("payload");
        List<Received> attempts = court.log().ofMessage(ackId);
        assertThat(attempts).allSatisfy(r -> {
            assertThat(r.body()).isEqualTo(stored);
            assertThat(r.answer()).isEqualTo("HTTP:503");
        });
        assertThat(attempts.stream().map(Received::nonce).distinct().count()).isEqualTo(attempts.size());
        // the Result waits behind the unanswered Acknowledge of the same delegation
        assertThat(court.log().ofMessage(resultId)).isEmpty();
        assertThat(row(resultId).get("attempts")).isEqualTo(0);
        // monitoring sees the outage: two messages waiting for 内0502
        await().atMost(WAIT).untilAsserted(() -> assertThat(meters.get("tongjie.court.outbound.pending")
                .tag("court", "0502").gauge().value()).isEqualTo(2.0));

        court.setDown(false);

        awaitStatus(resultId, "ACCEPTED");
        assertThat(row(ackId).get("status")).isEqualTo("ACCEPTED");
        List<Received> all = court.log().all();
        List<String> accepted = all.stream().filter(r -> r.answer().equals("RECEIPT:ACCEPTED"))
                .map(Received::messageId).toList();
        assertThat(accepted).containsExactly(ackId, resultId);
        int ackAccepted = indexOf(all, ackId, "RECEIPT:ACCEPTED");
        assertThat(all.subList(0, ackAccepted)).noneMatch(r -> resultId.equals(r.messageId()));
        assertThat(court.delegationState("内0502", "WT0502-2026-000904")).contains("result=FAILURE");
    }

    @Test
    void shouldStopOnlyTheCourtThatRefusedTheHubsCredentialsUntilAnOperatorResumesIt() {
        court.setHubPassword("0521", "Tj2court-0521!rotated-by-the-court");
        court.registerDelegation("内0521", "WT0521-2026-000905", "POST_FILING", dueInDays(15));
        court.registerDelegation("内0502", "WT0502-2026-000905", "POST_FILING", dueInDays(15));

        String refused = enqueue("内0521", "WT0521-2026-000905", ack("内0521", "WT0521-2026-000905"));
        String other = enqueue("内0502", "WT0502-2026-000905", ack("内0502", "WT0502-2026-000905"));

        awaitStatus(other, "ACCEPTED");
        await().atMost(WAIT).until(() -> sender.isStopped("内0521"));
        String later = enqueue("内0521", "WT0521-2026-000906", ack("内0521", "WT0521-2026-000906"));
        await().during(Duration.ofMillis(1500)).atMost(WAIT).untilAsserted(() -> {
            assertThat(court.log().ofMessage(refused)).extracting(Received::answer).containsExactly("FAULT:AUTH_FAILED");
            assertThat(court.log().ofMessage(later)).isEmpty();
            assertThat(row(refused).get("status")).isEqualTo("PENDING");
        });
        assertThat(hub.count("select count(*) from alert where code = 'COURT_OUTBOX_STOPPED' and message like ?",
                "%内0521%")).isEqualTo(1);

        court.registerDelegation("内0521", "WT0521-2026-000906", "POST_FILING", dueInDays(15));
        court.setHubPassword("0521", null); // the operator configured the court's new password (here: the court's)
        HttpResponse<String> resumed = hub.postJson("/api/admin/court/outbox/0521/resume", "admin", "tongjie-demo",
                "{}");

        assertThat(resumed.statusCode()).isEqualTo(200);
        assertThat(hub.json(resumed.body()).get("resumed").asBoolean()).isTrue();
        awaitStatus(refused, "ACCEPTED");
        awaitStatus(later, "ACCEPTED");
        assertThat(sender.isStopped("内0521")).isFalse();
    }

    @Test
    void shouldQuarantineAndAlertWhenTheCourtAnswersANonRetryableFault() {
        // the court never delegated this: UNKNOWN_DELEGATION is a hub bug or bad data (contract §11)
        String mid = enqueue("内0523", "WT0523-2026-000907", ack("内0523", "WT0523-2026-000907"));

        Map<String, Object> row = awaitStatus(mid, "FAILED");

        assertThat(row.get("reason_code")).isEqualTo("UNKNOWN_DELEGATION");
        await().during(Duration.ofMillis(1000)).atMost(WAIT)
                .untilAsserted(() -> assertThat(court.log().ofMessage(mid)).hasSize(1));
        assertThat(hub.count("select count(*) from quarantine where agency = 'court' and primary_reason = ?",
                "UNKNOWN_DELEGATION")).isEqualTo(1);
        assertThat(hub.count("select count(*) from alert where code = 'COURT_MESSAGE_FAILED' and message like ?",
                "%" + mid + "%")).isEqualTo(1);
        assertThat(answered).anySatisfy(a -> {
            assertThat(a.messageId()).isEqualTo(mid);
            assertThat(a.outcome()).isEqualTo("FAILED");
            assertThat(a.reasonCode()).isEqualTo("UNKNOWN_DELEGATION");
        });
    }

    @Test
    void shouldResendAtOnceWithAFreshHeaderAfterNonceReplayedAndAlertWhenItHappensTwice() {
        court.registerDelegation("内0522", "WT0522-2026-000908", "POST_FILING", dueInDays(15));
        court.registerDelegation("内0522", "WT0522-2026-000909", "POST_FILING", dueInDays(15));

        court.failNextSecurityChecks(1, "NONCE_REPLAYED");
        String once = enqueue("内0522", "WT0522-2026-000908", ack("内0522", "WT0522-2026-000908"));
        awaitStatus(once, "ACCEPTED");

        assertThat(court.log().ofMessage(once)).extracting(Received::answer)
                .containsExactly("FAULT:NONCE_REPLAYED", "RECEIPT:ACCEPTED");
        assertThat(court.log().ofMessage(once).get(0).nonce()).isNotEqualTo(court.log().ofMessage(once).get(1).nonce());
        assertThat(row(once).get("attempts")).isEqualTo(1);
        assertThat(hub.count("select count(*) from alert where code = 'COURT_SECURITY_REJECTED'")).isZero();

        court.failNextSecurityChecks(2, "TIMESTAMP_INVALID");
        String twice = enqueue("内0522", "WT0522-2026-000909", ack("内0522", "WT0522-2026-000909"));
        awaitStatus(twice, "ACCEPTED");

        assertThat(court.log().ofMessage(twice)).extracting(Received::answer)
                .containsExactly("FAULT:TIMESTAMP_INVALID", "FAULT:TIMESTAMP_INVALID", "RECEIPT:ACCEPTED");
        assertThat(row(twice).get("attempts")).isEqualTo(2);
        assertThat(hub.count("select count(*) from alert where code = 'COURT_SECURITY_REJECTED' and message like ?",
                "%" + twice + "%")).isEqualTo(1);
    }

    @Test
    void shouldAlertOnceWhenAMessageIsUndeliveredFor48HoursAndKeepRetryingIt() {
        court.registerDelegation("内0524", "WT0524-2026-000910", "POST_FILING", dueInDays(15));
        court.setDown(true);
        String mid = enqueue("内0524", "WT0524-2026-000910", ack("内0524", "WT0524-2026-000910"));
        await().atMost(WAIT).until(() -> court.log().ofMessage(mid).size() >= 1);

        // 48 h and a few minutes after the first attempt, outside the maintenance window
        OffsetDateTime later = OffsetDateTime.now(clock).withOffsetSameInstant(CourtTimes.BEIJING).plusHours(48)
                .plusMinutes(5);
        if (later.getHour() == 0) {
            later = later.plusHours(1);
        }
        ((HubClock) clock).jumpTo(later.toInstant());
        int before = court.log().ofMessage(mid).size();

        await().atMost(WAIT).until(() -> court.log().ofMessage(mid).size() >= before + 3);
        assertThat(hub.count("select count(*) from alert where code = 'COURT_DELIVERY_OVERDUE' and message like ?",
                "%" + mid + "%")).isEqualTo(1);
        assertThat(row(mid).get("status")).isEqualTo("PENDING");

        court.setDown(false);
        awaitStatus(mid, "ACCEPTED");
        assertThat(court.log().ofMessage(mid)).filteredOn(r -> r.answer().equals("RECEIPT:ACCEPTED")).hasSize(1);
    }

    @Test
    void shouldLeaveARowLeasedByAnotherNodeAloneUntilThatLeaseExpires() {
        court.registerDelegation("内0526", "WT0526-2026-000911", "POST_FILING", dueInDays(15));

        String mid = new TransactionTemplate(txManager).execute(s -> {
            String id = outbound.enqueue("内0526", "WT0526-2026-000911", "TJ-20261128-000001",
                    ack("内0526", "WT0526-2026-000911"));
            // another hub node claimed it in the same instant and is sending it now
            jdbc.sql("update court_outbound set lease_owner = 'node-elsewhere', lease_until = ? where message_id = ?")
                    .params(OffsetDateTime.now(clock).plusMinutes(5), id).update();
            return id;
        });

        await().during(Duration.ofMillis(1500)).atMost(WAIT)
                .untilAsserted(() -> assertThat(court.log().ofMessage(mid)).isEmpty());

        // that node crashed: its lease runs out and this node takes the row over
        jdbc.sql("update court_outbound set lease_until = ? where message_id = ?")
                .params(OffsetDateTime.now(clock).minusSeconds(1), mid).update();

        awaitStatus(mid, "ACCEPTED");
        assertThat(court.log().ofMessage(mid)).extracting(Received::answer).containsExactly("RECEIPT:ACCEPTED");
        assertThat(row(mid).get("lease_owner")).isNull();
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private String enqueue(String courtCode, String objectKey, Object request) {
        return new TransactionTemplate(txManager).execute(s -> outbound.enqueue(courtCode, objectKey,
                "TJ-20261128-000001", request));
    }

    private Map<String, Object> awaitStatus(String messageId, String status) {
        await().atMost(WAIT).until(() -> status.equals(row(messageId).get("status")));
        return row(messageId);
    }

    private Map<String, Object> row(String messageId) {
        return jdbc.sql("select * from court_outbound where message_id = ?").param(messageId).query().singleRow();
    }

    private OffsetDateTime dueInDays(int days) {
        return OffsetDateTime.now(clock).withOffsetSameInstant(CourtTimes.BEIJING).toLocalDate().plusDays(days)
                .atTime(23, 59, 59).atOffset(CourtTimes.BEIJING);
    }

    private static int indexOf(List<Received> all, String messageId, String answer) {
        for (int i = 0; i < all.size(); i++) {
            if (messageId.equals(all.get(i).messageId()) && answer.equals(all.get(i).answer())) {
                return i;
            }
        }
        return -1;
    }

    private AcknowledgeDelegationType ack(String courtCode, String delegationId) {
        AcknowledgeDelegationType a = new AcknowledgeDelegationType();
        a.setDelegationId(delegationId);
        a.setHubDisputeId("TJ-20261128-000001");
        a.setDecision(AckDecisionType.ACCEPTED);
        a.setDecidedAt(CourtTimes.toXml(clock.instant()));
        a.setMediationOrg(org());
        a.getMediator().add(mediator());
        return a;
    }

    private ReportMediationResultType failure(String courtCode, String delegationId) {
        ReportMediationResultType r = new ReportMediationResultType();
        r.setDelegationId(delegationId);
        r.setHubDisputeId("TJ-20261128-000001");
        r.setResultType(MediationResultTypeType.FAILURE);
        r.setConcludedAt(CourtTimes.toXml(clock.instant()));
        r.setMediationOrg(org());
        r.getMediator().add(mediator());
        r.setFailureReasonCode(FailureReasonType.NO_AGREEMENT);
        return r;
    }

    private static MediationOrgType org() {
        MediationOrgType o = new MediationOrgType();
        o.setOrgCode("TY0502-001");
        o.setOrgName("西门街道人民调解委员会");
        o.setOrgType(MediationOrgTypeType.PEOPLES_MEDIATION);
        o.setRegionCode("150502001");
        return o;
    }

    private static MediatorType mediator() {
        MediatorType m = new MediatorType();
        m.setName("乌兰");
        return m;
    }
}
