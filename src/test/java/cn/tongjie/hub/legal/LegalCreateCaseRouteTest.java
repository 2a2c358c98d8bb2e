package cn.tongjie.hub.legal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import cn.tongjie.hub.it.HubIT;
import cn.tongjie.hub.it.Samples;
import cn.tongjie.hub.mapping.MappingEngine;
import cn.tongjie.hub.registry.Assignments;
import cn.tongjie.hub.registry.Dispute;
import cn.tongjie.hub.registry.DisputeRegistry;
import cn.tongjie.hub.registry.DisputeStatus;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.test.spring.junit5.UseAdviceWith;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The createCase route's reaction to each answer of legal-service §5.5, with the HTTP call replaced by canned answers
 * (weaveById "legal-post-create-case"): answers the simulator never gives on its own, like a 422 listing two errors.
 */
@HubIT
@UseAdviceWith
class LegalCreateCaseRouteTest {

    private static final ConcurrentLinkedQueue<Answer> ANSWERS = new ConcurrentLinkedQueue<>();
    private static final AtomicInteger CALLS = new AtomicInteger();
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Autowired
    CamelContext camel;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    DisputeRegistry registry;
    @Autowired
    Assignments assignments;
    @Autowired
    MappingEngine mappings;
    @Autowired
    TransactionTemplate tx;

    record Answer(int status, Map<String, String> headers, String body) {
    }

    @BeforeEach
    void setUp() throws Exception {
        if (!camel.isStarted()) {
            AdviceWith.adviceWith(camel, "legal-create-case", a -> a.weaveById("legal-post-create-case").replace()
                    .process(this::cannedAnswer));
            camel.start();
        }
        ANSWERS.clear();
        CALLS.set(0);
        new cn.tongjie.hub.it.HubFixture(jdbc, 0, null).resetStore();
    }

    private void cannedAnswer(Exchange e) {
        CALLS.incrementAndGet();
        Answer a = ANSWERS.poll();
        if (a == null) {
            a = new Answer(503, Map.of(), "{\"errorCode\":\"MAINTENANCE\",\"message\":\"no canned answer\"}");
        }
        e.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, a.status());
        a.headers().forEach(e.getMessage()::setHeader);
        e.getMessage().setBody(a.body());
    }

    @Test
    void shouldStopAndAlertWithEveryErrorWhenTheLegalSystemAnswers422() {
        ANSWERS.add(new Answer(422, Map.of(), Samples.text("legal-service/create-case-response-422.json")));
        String ref = seed("TJ-20261128-900001");

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(status(ref)).isEqualTo("REJECTED"));
        String alert = jdbc.sql("select message from alert where code = 'LEGAL_CREATE_CASE_REJECTED'").query(String.class).single();
        assertThat(alert).contains("committeeCode CATEGORY_NOT_ACCEPTED").contains("parties[1].idNumber CHECK_DIGIT");
        // never retried (§5.5): the call count stays at one while the worker keeps polling
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3)).until(() -> CALLS.get() == 1);
        assertThat(hub("select status from dispute where dispute_id = 'TJ-20261128-900001'")).isEqualTo("BLOCKED");
    }

    @Test
    void shouldRetryA503NotBeforeTheLaterOfRetryAfterAndMaintenanceUntil() {
        ANSWERS.add(new Answer(503, Map.of("Retry-After", "3600"),
                Samples.text("legal-service/create-case-response-503-maintenance.json")));
        String ref = seed("TJ-20261128-900002");

        await().atMost(Duration.ofSeconds(20)).until(() -> CALLS.get() >= 1
                && jdbc.sql("select attempts from assignment where external_ref = ?").param(ref).query(Integer.class).single() == 1);
        Map<String, Object> row = jdbc.sql("select * from assignment where external_ref = ?").param(ref).query().singleRow();
        assertThat(row.get("status")).isEqualTo("PENDING"); // not a failure of the dispute
        OffsetDateTime next = jdbc.sql("select next_attempt_at from assignment where external_ref = ?").param(ref)
                .query(OffsetDateTime.class).single();
        // maintenanceUntil 2026-11-29T05:00+08:00 is later than now + 3600 s (the test clock starts 2026-11-28 10:00)
        assertThat(next).isAfterOrEqualTo(OffsetDateTime.parse("2026-11-29T05:00:00+08:00"));
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3)).until(() -> CALLS.get() == 1);
    }

    @Test
    void shouldAdoptTheCaseNoOfA409DuplicateAsSuccess() {
        ANSWERS.add(new Answer(409, Map.of(), Samples.text("legal-service/create-case-response-409-duplicate.json")));
        String ref = seed("TJ-20261128-900003");

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(status(ref)).isEqualTo("RECEIVED"));
        assertThat(hub("select case_no from assignment where external_ref = '" + ref + "'"))
                .isEqualTo("RMTJ-150502-2026-000123");
        assertThat(hub("select count(*) from dispute_xref where ref = 'RMTJ-150502-2026-000123'")).isEqualTo("1");
    }

    @Test
    void shouldRetryAfterAServerErrorAndStoreTheCaseNoOfTheLater201() {
        ANSWERS.add(new Answer(502, Map.of(), "<html>bad gateway</html>"));
        ANSWERS.add(new Answer(201, Map.of(), Samples.text("legal-service/create-case-response-201.json")));
        String ref = seed("TJ-20261128-900004");

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(status(ref)).isEqualTo("RECEIVED"));
        assertThat(CALLS.get()).isEqualTo(2);
        assertThat(hub("select case_no from assignment where external_ref = '" + ref + "'"))
                .isEqualTo("RMTJ-150502-2026-000123");
    }

    /** A registered story-N dispute with one pending assignment; returns its externalRef. */
    private String seed(String disputeId) {
        JsonNode record = Samples.json("police/handover-story-N-neighbour-0302.kafka.json").get("records").get(0).get("value");
        ObjectNode in = MAPPER.createObjectNode();
        in.set("record", record);
        in.put("disputeId", disputeId);
        JsonNode snapshot = mappings.apply("police/handover-to-dispute", in);
        OffsetDateTime at = registry.now();
        String ref = disputeId + "-01";
        tx.executeWithoutResult(s -> {
            registry.create(new Dispute(disputeId, DisputeStatus.ASSIGNING, null, "NEIGHBOUR", "150502001001", "police",
                    "POLICE_HANDOVER", "J1505022026112" + disputeId.substring(disputeId.length() - 5), "20261127214810",
                    false, false, false, snapshot.toString(), at, at));
            assignments.create(ref, disputeId, 1, "legal-service", "TW15050200101", "西门街道人民调解委员会",
                    "township-ximen", false, LocalDate.parse("2026-12-28"));
        });
        return ref;
    }

    private String status(String ref) {
        return hub("select status from assignment where external_ref = '" + ref + "'");
    }

    private String hub(String sql) {
        return String.valueOf(jdbc.sql(sql).query().singleValue());
    }
}
