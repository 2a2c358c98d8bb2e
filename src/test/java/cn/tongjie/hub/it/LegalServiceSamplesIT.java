package cn.tongjie.hub.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import cn.tongjie.hub.canonical.JsonSchemas;
import cn.tongjie.hub.mapping.MappingEngine;
import cn.tongjie.hub.registry.AssignmentStatus;
import cn.tongjie.hub.registry.Assignments;
import cn.tongjie.hub.registry.Dispute;
import cn.tongjie.hub.registry.DisputeRegistry;
import cn.tongjie.hub.registry.DisputeStatus;
import cn.tongjie.hub.simulator.legal.LegalServiceSimulator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The legal-service samples against the hub's callback endpoint over real HTTP, with the answers and effects
 * samples/README.md requires — including the police feedback that the outcome triggers.
 */
@HubIT
class LegalServiceSamplesIT extends HubITSupport {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String SAMPLE_REF = "TJ-20261127-000041-01";
    private static final String SAMPLE_CASE = "RMTJ-150502-2026-000123";
    private static final String JJDBH = "J150502202611270087";
    private static final java.util.concurrent.atomic.AtomicInteger SEQ = new java.util.concurrent.atomic.AtomicInteger(500);

    /*
     * Each test gets its own dispute id, externalRef and caseNo (the samples' are rewritten to them), so late canonical
     * events of an earlier test can never be mistaken for this test's.
     */
    private final int seq = SEQ.incrementAndGet();
    private final String DISPUTE = "TJ-20261127-000" + seq;
    private final String REF = DISPUTE + "-01";
    private final String CASE = "RMTJ-150502-2026-000" + seq;

    @Autowired
    DisputeRegistry registry;
    @Autowired
    Assignments assignments;
    @Autowired
    MappingEngine mappings;
    @Autowired
    TransactionTemplate tx;
    @Autowired
    LegalServiceSimulator legal;

    @BeforeEach
    void setUp() {
        HubFixture.manual(legal);
        seedStoryN();
    }

    /** Story N as the hub holds it after triage: dispute from the 110 handover, assigned to 西门街道 as -01. */
    private void seedStoryN() {
        JsonNode record = Samples.json("police/handover-story-N-neighbour-0302.kafka.json").get("records").get(0).get("value");
        ObjectNode in = hub.json("{}").deepCopy();
        in.set("record", record);
        in.put("disputeId", DISPUTE);
        JsonNode snapshot = mappings.apply("police/handover-to-dispute", in);
        OffsetDateTime at = OffsetDateTime.parse("2026-11-28T10:05:00+08:00");
        tx.executeWithoutResult(s -> {
            registry.create(new Dispute(DISPUTE, DisputeStatus.ASSIGNING, null, "NEIGHBOUR", "150502001001", "police",
                    "POLICE_HANDOVER", JJDBH, "20261127214810", false, false, false, snapshot.toString(), at, at));
            registry.addXref(DISPUTE, "police", "jjdbh", JJDBH);
            assignments.create(REF, DISPUTE, 1, "legal-service", "TW15050200101", "西门街道人民调解委员会",
                    "township-ximen", false, LocalDate.parse("2026-12-28"));
            // createCase already answered (its 201 may still be in flight): only the callbacks are under test here
            assignments.setStatus(REF, AssignmentStatus.RECEIVED, null);
        });
    }

    @Test
    void shouldAnswerEachStoryNEventAndDeriveTheCaseStateStepByStep() {
        assertAck(post("event-story-N-1-accepted.json"), false);
        assertThat(assignment().get("status")).isEqualTo("ACCEPTED");
        assertThat(assignment().get("case_no")).isEqualTo(CASE); // the first callback binds the caseNo (§7.4)

        assertAck(post("event-story-N-2-mediator-assigned.json"), false);
        assertThat(assignment().get("status")).isEqualTo("IN_MEDIATION");
        assertThat(assignment().get("mediator_name")).isEqualTo("乌兰");

        assertAck(post("event-story-N-3-concluded-success.json"), false);
        assertThat(assignment().get("status")).isEqualTo("CONCLUDED");
        assertThat(assignment().get("result")).isEqualTo("SUCCESS");

        assertAck(post("event-story-N-4-follow-up.json"), false);
        assertThat(assignment().get("performed")).isEqualTo(true);

        assertThat(hub.count("select count(*) from dispute where dispute_id = ? and status = 'CONCLUDED' and outcome = 'SUCCESS'",
                DISPUTE)).isEqualTo(1);
        // 司法确认 reminder: the concluded event carries the 30-day deadline
        await().atMost(WAIT).untilAsserted(() -> assertThat(hub.count(
                "select count(*) from outbox where payload like ? and payload like ?",
                "%mediation.concluded%", "%\"judicialConfirmationDeadline\":\"2027-01-02\"%")).isEqualTo(1));
        List<JsonNode> feedback = awaitPoliceFeedback(2);
        assertThat(feedback).extracting(f -> f.path("czjg").asText()).containsExactly("01", "02");
        assertThat(feedback.get(1).path("fknr").asText()).contains("(2026)西门调字第045号");
        assertThat(feedback.get(1).path("tjr").asText()).isEqualTo("乌兰");
        assertThat(feedback.get(1).path("fkdw").path("mc").asText()).isEqualTo("西门街道人民调解委员会");
    }

    @Test
    void shouldReachTheSameFinalStateFromTheOutOfOrderSequenceAndNotifyOnce() {
        List<Boolean> duplicates = new ArrayList<>();
        for (JsonNode e : hub.json(sample("event-sequence-out-of-order-story-N.json"))) {
            HttpResponse<String> r = hub.postEvent(e.toString(), HubFixture.LEGAL_TOKEN);
            assertThat(r.statusCode()).isEqualTo(200);
            duplicates.add(hub.json(r.body()).path("duplicate").asBoolean());
        }
        assertThat(duplicates).containsExactly(false, false, true, false, false, true);
        Map<String, Object> a = assignment();
        assertThat(a.get("status")).isEqualTo("CONCLUDED");
        assertThat(a.get("result")).isEqualTo("SUCCESS");
        assertThat(a.get("mediator_name")).isEqualTo("乌兰");
        assertThat(a.get("performed")).isEqualTo(true);
        List<String> history = jdbc.sql("""
                select event_type from timeline_event where dispute_id = ? and agency = 'legal-service'
                and event_type like 'LEGAL_%' order by occurred_at, id""").param(DISPUTE).query(String.class).list();
        assertThat(history).containsExactly("LEGAL_ACCEPTED", "LEGAL_MEDIATOR_ASSIGNED", "LEGAL_CONCLUDED",
                "LEGAL_FOLLOW_UP");
        // "resolved" reaches the police exactly once, after 01
        assertThat(awaitPoliceFeedback(2)).extracting(f -> f.path("czjg").asText()).containsExactly("01", "02");
        assertThat(hub.count("select count(*) from outbox where payload like '%mediation.concluded%'")).isEqualTo(1);
    }

    @Test
    void shouldAnswer400AndStoreNothingForEventsThatBreakTheContract() {
        HttpResponse<String> noAgreement = post("invalid-event-success-without-agreement.json");
        assertThat(noAgreement.statusCode()).isEqualTo(400);
        JsonNode body = hub.json(noAgreement.body());
        assertThat(body.path("errorCode").asText()).isEqualTo("VALIDATION_FAILED");
        assertThat(errors(body)).contains("conclusion.agreementNo REQUIRED", "conclusion.agreementText REQUIRED");

        assertThat(errors(hub.json(post("invalid-event-unknown-type.json").body()))).contains("eventType INVALID_CODE");
        assertThat(errors(hub.json(post("invalid-event-timestamp-without-offset.json").body())))
                .contains("occurredAt INVALID_FORMAT");
        HttpResponse<String> notJson = hub.postEvent("{\"eventId\":", HubFixture.LEGAL_TOKEN);
        assertThat(notJson.statusCode()).isEqualTo(400);
        assertThat(hub.json(notJson.body()).path("errorCode").asText()).isEqualTo("MALFORMED_JSON");
        assertThat(hub.count("select count(*) from legal_event")).isZero();
    }

    @Test
    void shouldAnswer409ForTheSameEventIdWithDifferentContentAndKeepTheStoredEvent() {
        assertAck(post("event-story-N-1-accepted.json"), false);
        HttpResponse<String> conflict = post("invalid-event-same-id-different-content.json");
        assertThat(conflict.statusCode()).isEqualTo(409);
        assertThat(hub.json(conflict.body()).path("errorCode").asText()).isEqualTo("EVENT_ID_CONFLICT");
        String stored = jdbc.sql("select content from legal_event").query(String.class).single();
        assertThat(hub.json(stored).path("occurredAt").asText()).isEqualTo("2026-11-28T14:20:00+08:00");
    }

    @Test
    void shouldRefuseEventsWithoutOrWithAWrongBearerToken() {
        String event = sample("event-story-N-1-accepted.json");
        for (String token : new String[] {null, "rmtj-test-hub-8f2c4a1e9b7d4c3a8e6f0b1d2c3e4f5a", "wrong-token-0000000000000000000000000000000"}) {
            HttpResponse<String> r = hub.postEvent(event, token);
            assertThat(r.statusCode()).isEqualTo(401);
            assertThat(hub.json(r.body()).path("errorCode").asText()).isEqualTo("UNAUTHORIZED");
        }
        assertThat(hub.count("select count(*) from legal_event")).isZero();
    }

    @Test
    void shouldKeepAnEventForAnUnknownExternalRefAsOrphanAndAnswer200() {
        assertAck(post("event-declined-example.json"), false);
        assertThat(hub.count("select count(*) from legal_event where external_ref = 'TJ-20261128-000049-01' and applied = false"))
                .isEqualTo(1);
        assertThat(assignment().get("status")).isEqualTo("RECEIVED");
    }

    @Test
    void shouldAnswerCaseMismatchWhenTheExternalRefIsBoundToAnotherCase() {
        assertAck(post("event-story-N-1-accepted.json"), false);
        ObjectNode other = hub.json(sample("event-story-N-2-mediator-assigned.json")).deepCopy();
        other.put("caseNo", "RMTJ-150502-2026-000999");
        HttpResponse<String> r = hub.postEvent(other.toString(), HubFixture.LEGAL_TOKEN);
        assertThat(r.statusCode()).isEqualTo(409);
        assertThat(hub.json(r.body()).path("errorCode").asText()).isEqualTo("CASE_MISMATCH");
    }

    @Test
    void shouldRerouteADeclinedDisputeToTheNextBody() {
        assertAck(post("event-story-N-1-accepted.json"), false);
        ObjectNode declined = Samples.json("legal-service/event-declined-example.json").deepCopy();
        declined.put("externalRef", REF).put("caseNo", CASE).put("committeeCode", "TW15050200101");
        declined.putObject("declined").put("reasonCode", "OUT_OF_AREA").put("reason", "不属本街道");
        assertAck(hub.postEvent(declined.toString(), HubFixture.LEGAL_TOKEN), false);

        await().atMost(WAIT).untilAsserted(() -> assertThat(hub.count(
                "select count(*) from assignment where external_ref = ? and target_code = 'TW15050200001'",
                DISPUTE + "-02")).isEqualTo(1));
        assertThat(assignment().get("status")).isEqualTo("DECLINED");
    }

    @Test
    void shouldSendFinal03ToThePoliceWhenThePartiesRefuseMediation() {
        assertAck(post("event-story-N-1-accepted.json"), false);
        ObjectNode declined = Samples.json("legal-service/event-declined-example.json").deepCopy();
        declined.put("externalRef", REF).put("caseNo", CASE).put("committeeCode", "TW15050200101");
        declined.putObject("declined").put("reasonCode", "PARTY_REFUSED").put("reason", "被申请人拒绝调解");
        assertAck(hub.postEvent(declined.toString(), HubFixture.LEGAL_TOKEN), false);

        assertThat(awaitPoliceFeedback(2)).extracting(f -> f.path("czjg").asText()).containsExactly("01", "03");
        assertThat(hub.count("select count(*) from dispute where status = 'UNRESOLVED'")).isEqualTo(1);
    }

    private HttpResponse<String> post(String sample) {
        return hub.postEvent(sample(sample), HubFixture.LEGAL_TOKEN);
    }

    /** A legal-service sample addressed to this test's assignment. */
    private String sample(String file) {
        return Samples.text("legal-service/" + file).replace(SAMPLE_REF, REF).replace(SAMPLE_CASE, CASE);
    }

    private void assertAck(HttpResponse<String> r, boolean duplicate) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(hub.json(r.body())).isEqualTo(hub.json("{\"received\":true,\"duplicate\":" + duplicate + "}"));
    }

    private Map<String, Object> assignment() {
        return jdbc.sql("select * from assignment where external_ref = ?").param(REF).query().singleRow();
    }

    private static List<String> errors(JsonNode body) {
        List<String> out = new ArrayList<>();
        body.path("errors").forEach(e -> out.add(e.path("field").asText() + " " + e.path("code").asText()));
        return out;
    }

    /** Waits until exactly {@code n} feedback records for story N's jjdbh are on the topic, checks each, returns values. */
    private List<JsonNode> awaitPoliceFeedback(int n) {
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        await().atMost(WAIT).untilAsserted(() -> {
            records.clear();
            records.addAll(feedbackSinceSeed());
            assertThat(records).hasSize(n);
        });
        // and no more arrive
        assertThat(feedbackSinceSeed()).hasSize(n);
        List<JsonNode> values = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : records) {
            JsonNode v = hub.value(r);
            assertThat(JsonSchemas.validate("classpath:connectors/police/dispute-feedback.schema.json", v)).isEmpty();
            assertThat(v.path("tjgzh").asText()).isEqualTo(DISPUTE);
            assertThat(HubFixture.header(r, "hub-msg-id")).matches("[0-9a-f-]{36}");
            assertThat(HubFixture.header(r, "hub-sent-at")).matches("\\d{14}");
            values.add(v);
        }
        assertThat(records.stream().map(r -> HubFixture.header(r, "hub-msg-id")).distinct()).hasSize(n);
        return values;
    }

    /** Feedback for this test's dispute only (other tests used the same jjdbh with other tracking ids). */
    private List<ConsumerRecord<byte[], byte[]>> feedbackSinceSeed() {
        return hub.read(HubFixture.FEEDBACK, List.of(JJDBH), Duration.ofSeconds(2)).stream()
                .filter(r -> hub.value(r).path("tjgzh").asText().equals(DISPUTE))
                .filter(r -> seededAfter(r)).toList();
    }

    private long seedTime = System.currentTimeMillis();

    private boolean seededAfter(ConsumerRecord<byte[], byte[]> r) {
        return r.timestamp() >= seedTime;
    }
}
