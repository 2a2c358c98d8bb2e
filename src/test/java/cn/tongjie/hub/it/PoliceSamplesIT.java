package cn.tongjie.hub.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import cn.tongjie.hub.simulator.legal.LegalServiceSimulator;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;

/** Every police sample replayed onto the real handover topic, with the outcome samples/README.md requires. */
@HubIT
class PoliceSamplesIT extends HubITSupport {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Autowired
    LegalServiceSimulator legal;
    @Autowired
    cn.tongjie.hub.simulator.womensfederation.WomensFederationSimulator womensFederation;

    @BeforeEach
    void setUp() {
        HubFixture.manual(legal);
    }

    @Test
    void shouldRegisterStoryNOnceWithNamesStoredExactlyAndCommitTheOffset() {
        hub.produce(Samples.policeRecords("handover-story-N-neighbour-0302.kafka.json"));

        JsonNode d = awaitDispute("J150502202611270087");
        assertThat(d.path("sourceChannel").asText()).isEqualTo("POLICE_HANDOVER");
        assertThat(d.path("category").asText()).isEqualTo("NEIGHBOUR");
        // non-BMP 𠮷 (U+20BB7) survives Kafka, JSON, mapping and the store unchanged
        assertThat(d.path("reporter").path("name").asText()).isEqualTo("赵\uD842\uDFB7安");
        assertThat(d.path("parties").findValuesAsText("name")).containsExactly("赵\uD842\uDFB7安", "巴特尔");
        assertThat(hub.count("select count(*) from dispute")).isEqualTo(1);
        awaitCommittedToEnd();
    }

    @Test
    void shouldListTheDisputeInTheAdminApiMaskedForMonitorAndInFullForAdmin() {
        hub.produce(Samples.policeRecords("handover-story-N-neighbour-0302.kafka.json"));
        awaitDispute("J150502202611270087");

        var asMonitor = hub.get("/api/admin/disputes?ref=J150502202611270087", "monitor", "tongjie-demo");
        assertThat(asMonitor.statusCode()).isEqualTo(200);
        JsonNode m = hub.json(asMonitor.body()).get(0);
        assertThat(m.path("references").findValuesAsText("ref")).contains("J150502202611270087");
        assertThat(m.path("dispute").path("parties").get(1).path("name").asText()).isEqualTo("巴**");
        assertThat(m.path("dispute").path("parties").get(1).path("idNumber").asText()).isEqualTo("152301********0512");
        assertThat(asMonitor.body()).doesNotContain("152301197211200512").doesNotContain("15804750257");

        JsonNode a = hub.json(hub.get("/api/admin/disputes?ref=J150502202611270087", "admin", "tongjie-demo").body()).get(0);
        assertThat(a.path("dispute").path("parties").get(1).path("idNumber").asText()).isEqualTo("152301197211200512");
        assertThat(hub.get("/api/admin/disputes", null, null).statusCode()).isEqualTo(401);
        assertThat(hub.get("/api/admin/disputes", "monitor", "wrong").statusCode()).isEqualTo(401);
    }

    @Test
    void shouldReplaceSnapshotOnCorrectionAndKeepTheFirstVersionInHistory() {
        hub.produce(Samples.policeRecords("handover-story-N-neighbour-correction.kafka.json"));

        await().atMost(WAIT).untilAsserted(() -> assertThat(hub.count(
                "select count(*) from dispute where source_version = '20261128092000'")).isEqualTo(1));
        JsonNode d = disputeSnapshot("J150502202611270087");
        assertThat(d.path("address").asText()).endsWith("（21号楼1单元门前）");
        assertThat(d.path("parties").get(0).path("idNumber").asText()).isEqualTo("150502199507190311");
        assertThat(hub.count("select count(*) from dispute")).isEqualTo(1);
        List<String> history = jdbc.sql("select source_version from dispute_snapshot_history").query(String.class).list();
        assertThat(history).containsExactly("20261127214810");
    }

    @Test
    void shouldIgnoreAProducerResendWithTheSameMessageId() {
        hub.produce(Samples.policeRecords("handover-resend-same-msg-id.kafka.json"));

        awaitDispute("J150502202611270087");
        awaitCommittedToEnd();
        assertThat(hub.count("select count(*) from dispute")).isEqualTo(1);
        assertThat(hub.count("select count(*) from inbound_message where message_key = 'J150502202611270087'")).isEqualTo(1);
        assertThat(hub.count("select count(*) from timeline_event where event_type = 'POLICE_HANDOVER'")).isEqualTo(1);
        assertThat(hub.count("select count(*) from dispute_snapshot_history")).isZero();
    }

    @Test
    void shouldIgnoreAStaleVersionArrivingAfterItsCorrectionAndAuditIt() {
        List<ProducerRecord<byte[], byte[]>> rs = Samples.policeRecords("handover-story-N-neighbour-correction.kafka.json");
        hub.produce(List.of(rs.get(1), rs.get(0))); // the original lands after its correction

        await().atMost(WAIT).untilAsserted(() -> assertThat(hub.count(
                "select count(*) from audit_log where action = 'STALE' and target = 'J150502202611270087'")).isEqualTo(1));
        assertThat(hub.count("select count(*) from dispute where source_version = '20261128092000'")).isEqualTo(1);
        assertThat(hub.count("select count(*) from quarantine")).isZero();
    }

    @Test
    void shouldFlagTheWageDisputeOfTwentyThreeWorkersAsMass() {
        hub.produce(Samples.policeRecords("handover-story-L-mass-wage-0303.kafka.json"));

        JsonNode d = awaitDispute("J150581202611250023");
        assertThat(d.path("mass").asBoolean()).isTrue();
        assertThat(d.path("personsInvolved").asInt()).isEqualTo(23);
        assertThat(d.path("category").asText()).isEqualTo("LABOUR");
        assertThat(hub.count("select count(*) from dispute where mass = true")).isEqualTo(1);
    }

    @Test
    void shouldMarkTheFamilyDisputeWithOrangeWarningUrgentAndReferItUrgentlyToTheWomensFederation() {
        hub.produce(Samples.policeRecords("handover-story-F-family-0301-violence-risk.kafka.json"));

        awaitDispute("J150524202611260031");
        assertThat(hub.count("select count(*) from dispute where urgent = true")).isEqualTo(1);
        // story F: family dispute with violence risk → the women's federation (M04), urgently (wf contract §5.3)
        String ref = await().atMost(WAIT).until(() -> jdbc.sql("select external_ref from assignment "
                + "where agency = 'womens-federation' and case_no is not null").query(String.class).optional(),
                java.util.Optional::isPresent).orElseThrow();
        var sent = womensFederation.find(ref).orElseThrow().referral();
        assertThat(sent.path("source_ref").asText()).isEqualTo("J150524202611260031");
        assertThat(sent.path("priority").asText()).isEqualTo("urgent");
        assertThat(sent.path("dispute_type").asText()).isEqualTo("domestic_violence");
        assertThat(legal.storedCases()).noneMatch(c -> c.request().path("sourceRef").asText()
                .equals("J150524202611260031"));
    }

    @Test
    void shouldRegisterTheAnonymousCallAndHoldItsAssignmentForAnOperatorBecauseNoApplicantIsKnown() {
        hub.produce(Samples.policeRecords("handover-anonymous-caller-0306-kaifaqu.kafka.json"));

        JsonNode d = awaitDispute("J150571202611280006");
        assertThat(d.path("reporter").path("anonymous").asBoolean()).isTrue();
        assertThat(d.path("regionCode").asText()).isEqualTo("150571001001");
        // legal-service §5.4 needs an APPLICANT: the hub never sends a request it knows is invalid
        await().atMost(WAIT).untilAsserted(() -> assertThat(hub.count(
                "select count(*) from alert where code = 'ASSIGNMENT_INCOMPLETE'")).isEqualTo(1));
        assertThat(legal.createCaseCalls(d.path("disputeId").asText() + "-01")).isZero();
        assertThat(hub.count("select count(*) from assignment where target_code = 'HY15050202'")).isEqualTo(1);
    }

    @ParameterizedTest(name = "{0} → {1} {2}")
    @CsvSource({
            "invalid-value-not-json.kafka.json,VALUE_NOT_JSON,$,J150502202611280015",
            "invalid-schema-version-1.1.kafka.json,SCHEMA_VERSION_UNSUPPORTED,/sv,J150502202611280016",
            "invalid-missing-jjdbh.kafka.json,FIELD_MISSING,/jjdbh,J150502202611280017",
            "invalid-xzqhdm-unknown.kafka.json,REGION_UNKNOWN,/xzqhdm,J150502202611280018",
            "invalid-id-check-digit.kafka.json,CHECK_DIGIT,/dsr/1/sfzh,J150502202611280019"})
    void shouldQuarantineInvalidRecordWithItsReasonAndGoOn(String file, String reason, String pointer, String key) {
        List<ProducerRecord<byte[], byte[]>> bad = Samples.policeRecords(file);
        hub.produce(bad);

        await().atMost(WAIT).untilAsserted(() -> assertThat(hub.count(
                "select count(*) from quarantine where primary_reason = ?", reason)).isEqualTo(1));
        Map<String, Object> q = jdbc.sql("select * from quarantine").query().singleRow();
        assertThat((byte[]) q.get("value_bytes")).isEqualTo(bad.get(0).value());
        assertThat(new String((byte[]) q.get("key_bytes"), StandardCharsets.UTF_8)).isEqualTo(key);
        assertThat(q.get("reasons").toString()).contains("\"pointer\":\"" + pointer + "\"");
        assertThat(q.get("headers").toString()).contains("police-msg-id");
        assertThat(hub.count("select count(*) from dispute")).isZero();
        awaitCommittedToEnd();
        assertThat(hub.read(HubFixture.FEEDBACK, List.of(key), Duration.ofSeconds(2))).isEmpty();
    }

    @Test
    void shouldQuarantineThePoisonRecordBetweenTwoGoodOnesAndProcessBoth() {
        List<ProducerRecord<byte[], byte[]>> rs = Samples.policeRecords("invalid-poison-between-good-records.kafka.json");
        hub.produce(rs);

        await().atMost(WAIT).untilAsserted(() -> assertThat(hub.count("select count(*) from dispute")).isEqualTo(2));
        assertThat(hub.count("select count(*) from quarantine where primary_reason = 'VALUE_NOT_JSON'")).isEqualTo(1);
        byte[] stored = jdbc.sql("select value_bytes from quarantine").query(byte[].class).single();
        assertThat(Base64.getEncoder().encodeToString(stored))
                .isEqualTo("77u/eyJzdiI6IjEuMiIsImpqZGJoIjoiSjE1MDU3MTIwMjYxMTI4MDAwOCIs");
        assertThat(hub.count("select count(*) from dispute_xref where ref in ('J150571202611280007', 'J150571202611280009')"))
                .isEqualTo(2);
        TopicPartition p3 = new TopicPartition(HubFixture.HANDOVER, 3);
        await().atMost(WAIT).untilAsserted(() -> assertThat(hub.committedPoliceOffsets().get(p3).offset())
                .isEqualTo(hub.endOffset(p3)));
        assertThat(hub.count("select count(*) from inbound_message")).isEqualTo(2);
    }

    private JsonNode awaitDispute(String jjdbh) {
        await().atMost(WAIT).untilAsserted(() -> assertThat(hub.count(
                "select count(*) from dispute_xref where agency = 'police' and ref = ?", jjdbh)).isEqualTo(1));
        return disputeSnapshot(jjdbh);
    }

    private JsonNode disputeSnapshot(String jjdbh) {
        return hub.json(jdbc.sql("""
                select d.snapshot from dispute d join dispute_xref x on x.dispute_id = d.dispute_id
                where x.agency = 'police' and x.ref = ?""").param(jjdbh).query(String.class).single());
    }

    private void awaitCommittedToEnd() {
        await().atMost(WAIT).untilAsserted(() -> {
            for (int p = 0; p < 6; p++) {
                TopicPartition tp = new TopicPartition(HubFixture.HANDOVER, p);
                long end = hub.endOffset(tp);
                if (end > 0) {
                    var committed = hub.committedPoliceOffsets().get(tp);
                    assertThat(committed).as("committed offset of " + tp).isNotNull();
                    assertThat(committed.offset()).as("committed offset of " + tp).isEqualTo(end);
                }
            }
        });
    }
}
