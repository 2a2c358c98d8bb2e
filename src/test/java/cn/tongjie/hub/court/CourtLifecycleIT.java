package cn.tongjie.hub.court;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import cn.tongjie.hub.canonical.CanonicalEvents;
import cn.tongjie.hub.canonical.EventData;
import cn.tongjie.hub.canonical.EventType;
import cn.tongjie.hub.infra.HubClock;
import cn.tongjie.hub.simulator.court.CourtSimulator;
import cn.tongjie.hub.it.HubIT;
import cn.tongjie.hub.it.HubITSupport;
import cn.tongjie.hub.registry.Dispute;
import cn.tongjie.hub.registry.DisputeRegistry;
import cn.tongjie.hub.registry.DisputeStatus;
import jakarta.xml.bind.JAXBContext;
import java.io.StringReader;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import javax.xml.transform.stream.StreamSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tongliao.court.docking.v1.AcknowledgeDelegationType;
import tongliao.court.docking.v1.ObjectFactory;
import tongliao.court.docking.v1.ReportMediationResultType;

/**
 * The court life cycle through the running hub: canonical events as the legal-service connector publishes them go
 * through the outbox, Kafka and the court reactor into court_outbound; the deadline scheduler's pass runs against the
 * real database with the hub clock moved past dueAt.
 */
@HubIT
class CourtLifecycleIT extends HubITSupport {

    private static final String COURT = "内0502";
    private static final EventData.Target XIMEN = new EventData.Target("legal-service", "TW15050200101",
            "西门街道人民调解委员会");
    private static final Duration WAIT = Duration.ofSeconds(30);

    @Autowired
    private DisputeRegistry registry;
    @Autowired
    private Delegations delegations;
    @Autowired
    private CanonicalEvents events;
    @Autowired
    private CourtDeadlines deadlines;
    @Autowired
    private Clock clock;
    @Autowired
    private ApplicationEventPublisher publisher;
    @Autowired
    private PlatformTransactionManager txm;
    @Autowired
    private CourtSimulator court;

    private TransactionTemplate tx;
    private Instant startedAt;
    private long startedNanos;

    @BeforeEach
    void setUp() {
        // These tests play the court's answers themselves (CourtOutbound.Answered): the simulated court stays
        // unreachable, so the real sender keeps the rows pending and adds no answers of its own.
        court.setDown(true);
        tx = new TransactionTemplate(txm);
        jdbc.sql("delete from court_mediation").update();
        startedAt = clock.instant();
        startedNanos = System.nanoTime();
    }

    @AfterEach
    void putTheClockBack() {
        court.setDown(false);
        // One context serves every IT: later tests must not find themselves days in the future.
        ((HubClock) clock).jumpTo(startedAt.plusNanos(System.nanoTime() - startedNanos));
    }

    @Test
    void shouldAcknowledgeWithTheNamedMediatorThenReportSuccessInThatOrder() {
        OffsetDateTime now = now();
        Delegation d = delegation("POST_FILING", now.minusHours(2), now.plusDays(10), null, null);
        publish(EventType.MEDIATION_ACCEPTED, d, new EventData.MediationAccepted(d.disputeId(), ref(d), "RMTJ-1", XIMEN,
                iso(now)));
        publish(EventType.MEDIATION_MEDIATOR_ASSIGNED, d, new EventData.MediatorAssigned(d.disputeId(), ref(d),
                "RMTJ-1", XIMEN, new EventData.Mediator("TJY00000017", "乌兰", "15904753268"), iso(now)));
        publish(EventType.MEDIATION_CONCLUDED, d, new EventData.MediationConcluded(d.disputeId(), ref(d), "RMTJ-1",
                XIMEN, "SUCCESS", iso(now.plusMinutes(5)), "西人调字〔2026〕第58号",
                "被告于2026年12月31日前向原告支付货款38600元", new BigDecimal("38600.00"), "2026-12-31", null,
                new EventData.Mediator("TJY00000017", "乌兰", "15904753268"), null));

        List<Map<String, Object>> rows = awaitRows(d, 2);
        assertThat(rows).extracting(r -> r.get("operation"))
                .containsExactly("AcknowledgeDelegation", "ReportMediationResult");

        AcknowledgeDelegationType ack = unmarshal((String) rows.get(0).get("payload"), AcknowledgeDelegationType.class);
        assertThat(ack.getDecision().value()).isEqualTo("ACCEPTED");
        assertThat(ack.getHubDisputeId()).isEqualTo(d.disputeId());
        assertThat(ack.getCourtCode().value()).isEqualTo(COURT);
        assertThat(ack.getMediationOrg().getOrgCode()).isEqualTo("TY0502-001");
        assertThat(ack.getMediationOrg().getOrgName()).isEqualTo("西门街道人民调解委员会");
        assertThat(ack.getMediationOrg().getOrgType().value()).isEqualTo("PEOPLES_MEDIATION");
        assertThat(ack.getMediationOrg().getRegionCode()).isEqualTo("150502001");
        // Sent only once the body named its mediator: an acknowledgement on ACCEPTED alone would carry a fallback.
        assertThat(ack.getMediator()).singleElement().satisfies(m -> {
            assertThat(m.getName()).isEqualTo("乌兰");
            assertThat(m.getPhone()).isEqualTo("15904753268");
        });

        ReportMediationResultType result = unmarshal((String) rows.get(1).get("payload"), ReportMediationResultType.class);
        assertThat(result.getResultType().value()).isEqualTo("SUCCESS");
        assertThat(result.getConcludedAt().toXMLFormat()).endsWith("+08:00");
        assertThat(result.getAgreement().getAgreementNo()).isEqualTo("西人调字〔2026〕第58号");
        assertThat(result.getAgreement().getAgreedAmount()).isEqualByComparingTo("38600.00");
        assertThat(result.getAgreement().getPerformanceMode().value()).isEqualTo("DEFERRED");
        assertThat(result.getAgreement().isWillApplyJudicialConfirmation()).isFalse();
        assertThat(result.getMediator()).extracting(m -> m.getName()).containsExactly("乌兰");

        Delegation after = delegations.find(COURT, d.delegationId()).orElseThrow();
        assertThat(after.ackDecision()).isEqualTo("ACCEPTED");
        assertThat(after.resultType()).isEqualTo("SUCCESS");
        assertThat(registry.timeline(d.disputeId())).extracting(t -> t.eventType())
                .contains("COURT_ACK_QUEUED", "COURT_RESULT_QUEUED");

        // The court accepts the result: the delegation closes, and nothing more is ever sent for it.
        answered(d, "ReportMediationResult", "ACCEPTED", null);
        assertThat(delegations.find(COURT, d.delegationId()).orElseThrow().closedReason()).isEqualTo("RESULT");
    }

    @Test
    void shouldQueueTimeoutWithConcludedAtEqualToDueAtOnceTheGraceAfterDueAtHasPassed() {
        OffsetDateTime now = now();
        OffsetDateTime due = now.plusHours(2).withNano(0);
        Delegation d = delegation("POST_FILING", now.minusHours(1), due, null, null);

        jump(due.plusMinutes(1));
        deadlines.pass();
        assertThat(rows(d)).as("inside the grace a result concluded in time may still come").isEmpty();

        jump(due.plusMinutes(61));
        deadlines.pass();
        deadlines.pass();
        List<Map<String, Object>> rows = rows(d);
        assertThat(rows).singleElement().satisfies(r -> assertThat(r.get("operation")).isEqualTo("ReportMediationResult"));
        ReportMediationResultType r = unmarshal((String) rows.get(0).get("payload"), ReportMediationResultType.class);
        assertThat(r.getResultType().value()).isEqualTo("TIMEOUT");
        assertThat(CourtTimes.toInstant(r.getConcludedAt()).toInstant()).isEqualTo(due.toInstant());
        assertThat(r.getConcludedAt().toXMLFormat()).endsWith("+08:00");
        assertThat(r.getMediationOrg()).isNull();
        assertThat(r.getMediator()).isEmpty();
    }

    @Test
    void shouldReportNoTimeoutForWithdrawnOrDeclinedDelegations() {
        OffsetDateTime now = now();
        OffsetDateTime due = now.plusHours(1);
        Delegation withdrawn = delegation("POST_FILING", now.minusHours(1), due, null, null);
        Delegation declined = delegation("POST_FILING", now.minusHours(1), due, null, null);
        Delegation open = delegation("POST_FILING", now.minusHours(1), due, null, null);
        tx.executeWithoutResult(s -> {
            delegations.close(COURT, withdrawn.delegationId(), "WITHDRAWN");
            delegations.markAckQueued(COURT, declined.delegationId(), "DECLINED");
        });

        jump(due.plusHours(3));
        deadlines.pass();

        assertThat(rows(open)).as("the pass ran").hasSize(1);
        assertThat(rows(withdrawn)).isEmpty();
        assertThat(rows(declined)).isEmpty();
    }

    @Test
    void shouldQueueExactlyOneTimeoutPerDelegationWhenTwoNodesRunThePassAtOnce() throws Exception {
        OffsetDateTime now = now();
        OffsetDateTime due = now.plusHours(1);
        List<Delegation> all = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            all.add(delegation("POST_FILING", now.minusHours(1), due.plusSeconds(i), null, null));
        }
        jump(due.plusHours(2));

        CyclicBarrier start = new CyclicBarrier(2);
        ExecutorService nodes = Executors.newFixedThreadPool(2);
        try {
            List<Future<CourtDeadlines.Pass>> passes = new ArrayList<>();
            for (int n = 0; n < 2; n++) {
                passes.add(nodes.submit(() -> {
                    start.await(10, TimeUnit.SECONDS);
                    return deadlines.pass();
                }));
            }
            int queued = 0;
            for (Future<CourtDeadlines.Pass> p : passes) {
                queued += p.get(60, TimeUnit.SECONDS).timeouts();
            }
            assertThat(queued).as("timeouts both nodes claim to have queued").isLessThanOrEqualTo(all.size());
        } finally {
            nodes.shutdownNow();
        }
        deadlines.pass(); // a node whose pass skipped a locked row catches up on its next pass

        Map<String, Long> perDelegation = jdbc.sql("select object_key from court_outbound where operation = "
                + "'ReportMediationResult'").query(String.class).list().stream()
                .collect(Collectors.groupingBy(k -> k, Collectors.counting()));
        for (Delegation d : all) {
            assertThat(perDelegation.get(d.delegationId())).as(d.delegationId()).isEqualTo(1L);
        }
    }

    @Test
    void shouldDeclineOnlyWhenNoBodyTakesItAndCloseOnceTheCourtAccepts() {
        OffsetDateTime now = now();
        Delegation d = delegation("POST_FILING", now.minusHours(1), now.plusDays(7), null, null);
        publish(EventType.MEDIATION_DECLINED, d, new EventData.MediationDeclined(d.disputeId(), ref(d), "RMTJ-1",
                XIMEN, "OUT_OF_AREA", "不属本辖区", iso(now)));
        publish(EventType.DISPUTE_UNRESOLVED, d, new EventData.DisputeUnresolved(d.disputeId(), "ALL_DECLINED",
                "辖区及市级调解组织均未受理", iso(now.plusMinutes(1))));

        List<Map<String, Object>> rows = awaitRows(d, 1);
        AcknowledgeDelegationType ack = unmarshal((String) rows.get(0).get("payload"), AcknowledgeDelegationType.class);
        assertThat(ack.getDecision().value()).isEqualTo("DECLINED");
        assertThat(ack.getDeclineReasonCode().value()).isEqualTo("OUT_OF_SCOPE");
        assertThat(ack.getMediationOrg()).isNull();
        assertThat(ack.getMediator()).isEmpty();
        assertThat(rows(d)).as("the single MEDIATION_DECLINED sent nothing").hasSize(1);
        assertThat(delegations.find(COURT, d.delegationId()).orElseThrow().open()).isTrue();

        answered(d, "AcknowledgeDelegation", "ACCEPTED", null);
        Delegation closed = delegations.find(COURT, d.delegationId()).orElseThrow();
        assertThat(closed.open()).isFalse();
        assertThat(closed.closedReason()).isEqualTo("DECLINED");
    }

    @Test
    void shouldAcknowledgeWithTheSuggestedMediatorWhenTheBodyNamesNoneBeforeTheFallbackTime() {
        OffsetDateTime now = now();
        Delegation d = delegation("LEGACY_PREFILING", now.minusHours(10), now.plusDays(20), "TY0502-001", "乌兰");
        publish(EventType.MEDIATION_ACCEPTED, d, new EventData.MediationAccepted(d.disputeId(), ref(d), "RMTJ-1", XIMEN,
                iso(now)));
        await().atMost(WAIT).until(() -> jdbc.sql("select count(*) from court_mediation where dispute_id = :d and "
                + "accepted_at is not null").param("d", d.disputeId()).query(Integer.class).single() == 1);
        deadlines.pass();
        assertThat(rows(d)).as("before 72 h - margin the hub waits for the body's mediator").isEmpty();

        jump(d.receivedAt().plusHours(60).plusMinutes(1));
        deadlines.pass();
        List<Map<String, Object>> rows = rows(d);
        assertThat(rows).hasSize(1);
        AcknowledgeDelegationType ack = unmarshal((String) rows.get(0).get("payload"), AcknowledgeDelegationType.class);
        assertThat(ack.getDecision().value()).isEqualTo("ACCEPTED");
        assertThat(ack.getMediator()).extracting(m -> m.getName()).containsExactly("乌兰");
        assertThat(jdbc.sql("select count(*) from alert where code = 'COURT_ACK_FALLBACK_MEDIATOR' and dispute_id = :d")
                .param("d", d.disputeId()).query(Integer.class).single()).isEqualTo(1);
    }

    @Test
    void shouldSendANewTimeoutWithTheLateResultWhenTheCourtAnswersResultAfterDue() {
        OffsetDateTime now = now();
        OffsetDateTime due = now.plusMinutes(30);
        Delegation d = delegation("POST_FILING", now.minusHours(5), due, null, null);
        publish(EventType.MEDIATION_CONCLUDED, d, new EventData.MediationConcluded(d.disputeId(), ref(d), "RMTJ-1",
                XIMEN, "FAILURE", iso(now), null, null, null, null, "被告拒绝调解", null, null));
        List<Map<String, Object>> first = awaitRows(d, 2);
        assertThat(first).extracting(r -> r.get("operation"))
                .containsExactly("AcknowledgeDelegation", "ReportMediationResult");

        jump(due.plusMinutes(5));
        answered(d, "ReportMediationResult", "REJECTED", "RESULT_AFTER_DUE");

        List<Map<String, Object>> rows = rows(d);
        assertThat(rows).hasSize(3);
        ReportMediationResultType timeout = unmarshal((String) rows.get(2).get("payload"),
                ReportMediationResultType.class);
        assertThat(timeout.getResultType().value()).isEqualTo("TIMEOUT");
        assertThat(timeout.getMessageId()).isNotEqualTo(rows.get(1).get("message_id"));
        assertThat(CourtTimes.toInstant(timeout.getConcludedAt()).toInstant()).isEqualTo(due.toInstant());
        assertThat(timeout.getResultNote()).contains("调解不成").contains("被告拒绝调解");
        assertThat(jdbc.sql("select count(*) from alert where code = 'COURT_MESSAGE_REJECTED' and dispute_id = :d")
                .param("d", d.disputeId()).query(Integer.class).single()).isEqualTo(1);
    }

    @Test
    void shouldSendTimeoutAgainUnderANewMessageIdAfterTimeoutPremature() {
        OffsetDateTime now = now();
        OffsetDateTime due = now.plusHours(1);
        Delegation d = delegation("POST_FILING", now.minusHours(1), due, null, null);
        jump(due.plusHours(2));
        deadlines.pass();
        assertThat(rows(d)).hasSize(1);

        answered(d, "ReportMediationResult", "REJECTED", "TIMEOUT_PREMATURE");
        assertThat(delegations.find(COURT, d.delegationId()).orElseThrow().resultType())
                .isEqualTo(CourtLifecycle.TIMEOUT_REQUEUE);
        deadlines.pass();

        List<Map<String, Object>> rows = rows(d);
        assertThat(rows).hasSize(2);
        assertThat(rows.get(1).get("message_id")).isNotEqualTo(rows.get(0).get("message_id"));
        ReportMediationResultType again = unmarshal((String) rows.get(1).get("payload"), ReportMediationResultType.class);
        assertThat(again.getResultType().value()).isEqualTo("TIMEOUT");
        assertThat(CourtTimes.toInstant(again.getConcludedAt()).toInstant()).isEqualTo(due.toInstant());
        deadlines.pass();
        assertThat(rows(d)).as("sent again once, not on every pass").hasSize(2);
    }

    // ------------------------------------------------------------------ helpers

    private OffsetDateTime now() {
        return OffsetDateTime.now(clock).withNano(0);
    }

    /** Always with seconds: OffsetDateTime.toString drops ":00", which the canonical schema refuses. */
    private static String iso(OffsetDateTime t) {
        return java.time.format.DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(t);
    }

    private void jump(OffsetDateTime to) {
        ((HubClock) clock).jumpTo(to.toInstant());
    }

    private Delegation delegation(String regime, OffsetDateTime receivedAt, OffsetDateTime dueAt, String suggestedOrg,
            String suggestedMediator) {
        int n = ThreadLocalRandom.current().nextInt(100000, 999999);
        String disputeId = "TJ-LIFE-" + n + "-" + ThreadLocalRandom.current().nextInt(1000, 9999);
        boolean legacy = "LEGACY_PREFILING".equals(regime);
        String number = legacy ? "（2024）内0502民诉前调" + n + "号" : "（2026）内0502民初" + n + "号";
        Delegation d = new Delegation(COURT, (legacy ? "WP0502-2024-" : "WT0502-2026-") + n, disputeId, regime,
                legacy ? number : null, legacy ? null : number, number.replace('（', '(').replace('）', ')'),
                legacy ? null : "ORDINARY", "0302", "买卖合同纠纷", suggestedOrg,
                suggestedOrg == null ? null : "西门街道人民调解委员会", suggestedMediator, receivedAt.minusMinutes(5),
                receivedAt, dueAt, dueAt, "OPEN", null, null, null, null, null, null, null, null);
        tx.executeWithoutResult(s -> {
            registry.create(new Dispute(disputeId, DisputeStatus.REGISTERED, null, "CONTRACT", "150502001", "court",
                    "court-docking", d.delegationId(), null, false, false, false, "{}", receivedAt, receivedAt));
            delegations.create(d);
        });
        return delegations.find(COURT, d.delegationId()).orElseThrow();
    }

    private static String ref(Delegation d) {
        return d.disputeId() + "-1";
    }

    private void publish(EventType type, Delegation d, Record data) {
        tx.executeWithoutResult(s -> events.publish(type, d.disputeId(), "legal-service", data));
    }

    private void answered(Delegation d, String operation, String outcome, String reason) {
        Map<String, Object> row = rows(d).stream().filter(r -> operation.equals(r.get("operation")))
                .reduce((a, b) -> b).orElseThrow();
        tx.executeWithoutResult(s -> publisher.publishEvent(new CourtOutbound.Answered(
                ((Number) row.get("id")).longValue(), COURT, operation, d.delegationId(), d.disputeId(),
                (String) row.get("message_id"), outcome, reason)));
    }

    private List<Map<String, Object>> rows(Delegation d) {
        return jdbc.sql("select id, operation, message_id, payload from court_outbound where object_key = :k order by id")
                .param("k", d.delegationId()).query().listOfRows();
    }

    private List<Map<String, Object>> awaitRows(Delegation d, int n) {
        await().atMost(WAIT).until(() -> rows(d).size() >= n);
        return rows(d);
    }

    private static <T> T unmarshal(String payload, Class<T> type) {
        try {
            return JAXBContext.newInstance(ObjectFactory.class).createUnmarshaller()
                    .unmarshal(new StreamSource(new StringReader(payload)), type).getValue();
        } catch (Exception e) {
            throw new AssertionError("payload is not a " + type.getSimpleName() + ": " + payload, e);
        }
    }
}
