package cn.tongjie.hub.canonical;

import static org.assertj.core.api.Assertions.assertThat;

import cn.tongjie.hub.canonical.EventData.DisputeCorrected;
import cn.tongjie.hub.canonical.EventData.DisputeReported;
import cn.tongjie.hub.canonical.EventData.DisputeUnresolved;
import cn.tongjie.hub.canonical.EventData.DisputeWithdrawn;
import cn.tongjie.hub.canonical.EventData.FeedbackSent;
import cn.tongjie.hub.canonical.EventData.MediationAccepted;
import cn.tongjie.hub.canonical.EventData.MediationAssigned;
import cn.tongjie.hub.canonical.EventData.MediationConcluded;
import cn.tongjie.hub.canonical.EventData.MediationDeclined;
import cn.tongjie.hub.canonical.EventData.MediationFollowedUp;
import cn.tongjie.hub.canonical.EventData.Mediator;
import cn.tongjie.hub.canonical.EventData.MediatorAssigned;
import cn.tongjie.hub.canonical.EventData.Target;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The Java records and the versioned JSON Schemas of the canonical model say the same thing. */
class CanonicalModelTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Target TARGET = new Target("legal-service", "TW15050200101", "西门街道人民调解委员会");
    private static final String AT = "2026-12-03T16:40:00+08:00";

    static Stream<Arguments> oneOfEachType() throws IOException {
        CanonicalDispute dispute = MAPPER.readValue(Files.readString(
                Path.of("mappings/police/fixtures/handover-to-dispute/story-N-first-version.expected.json")),
                CanonicalDispute.class);
        Map<EventType, Record> samples = Map.ofEntries(
                Map.entry(EventType.DISPUTE_REPORTED, new DisputeReported("TJ-20261127-000041", "police",
                        "J150502202611270087", "6a0f3c52-1b7e-4d2a-9f60-3c1d2e4b5a01", AT)),
                Map.entry(EventType.DISPUTE_REGISTERED, dispute),
                Map.entry(EventType.DISPUTE_CORRECTED, new DisputeCorrected(dispute, List.of("address", "parties"))),
                Map.entry(EventType.DISPUTE_UNRESOLVED, new DisputeUnresolved("TJ-20261127-000041", "PARTY_REFUSED",
                        "被申请人拒绝调解", AT)),
                Map.entry(EventType.DISPUTE_WITHDRAWN, new DisputeWithdrawn("TJ-20261127-000041", "court",
                        "PLAINTIFF_WITHDREW_SUIT", "原告撤诉", AT)),
                Map.entry(EventType.MEDIATION_ASSIGNED, new MediationAssigned("TJ-20261127-000041",
                        "TJ-20261127-000041-01", "RMTJ-150502-2026-000123", TARGET, "2026-12-28", false, "township-ximen", AT)),
                Map.entry(EventType.MEDIATION_ACCEPTED, new MediationAccepted("TJ-20261127-000041",
                        "TJ-20261127-000041-01", "RMTJ-150502-2026-000123", TARGET, AT)),
                Map.entry(EventType.MEDIATION_DECLINED, new MediationDeclined("TJ-20261127-000041",
                        "TJ-20261127-000041-01", "RMTJ-150502-2026-000123", TARGET, "OUT_OF_AREA", "不属本街道", AT)),
                Map.entry(EventType.MEDIATION_MEDIATOR_ASSIGNED, new MediatorAssigned("TJ-20261127-000041",
                        "TJ-20261127-000041-01", "RMTJ-150502-2026-000123", TARGET,
                        new Mediator("TJY15020033", "乌兰", "15904753268"), AT)),
                Map.entry(EventType.MEDIATION_CONCLUDED, new MediationConcluded("TJ-20261127-000041",
                        "TJ-20261127-000041-01", "RMTJ-150502-2026-000123", TARGET, "SUCCESS", AT,
                        "(2026)西门调字第045号", "一、巴特尔于12月10日前清理通道。", new BigDecimal("3600.5"), "2026-12-10", null,
                        new Mediator("TJY15020033", "乌兰", null), "2027-01-02")),
                Map.entry(EventType.MEDIATION_FOLLOWED_UP, new MediationFollowedUp("TJ-20261127-000041",
                        "TJ-20261127-000041-01", "RMTJ-150502-2026-000123", TARGET, true, AT, "通道已清理")),
                Map.entry(EventType.DISPUTE_CORRELATED, new EventData.DisputeCorrelated("TJ-20261127-000041", "grid",
                        "event_id", "SJ202611280000001234", "NAMES+TOWNSHIP", AT)),
                Map.entry(EventType.DISPUTE_DECORRELATED, new EventData.DisputeDecorrelated("TJ-20261127-000041",
                        "grid", "event_id", "SJ202611280000001234", "TJ-20261128-000003", "不是同一纠纷", AT)),
                Map.entry(EventType.FEEDBACK_SENT, new FeedbackSent("TJ-20261127-000041", "police",
                        "J150502202611270087", "02", "1c2d3e4f-5a6b-4c7d-9e8f-0a1b2c3d4e07", AT)),
                Map.entry(EventType.EARLY_WARNING_RAISED, earlyWarning(1)),
                Map.entry(EventType.EARLY_WARNING_UPDATED, earlyWarning(2)));
        assertThat(samples.keySet()).containsExactlyInAnyOrder(EventType.values());
        return samples.entrySet().stream().map(e -> Arguments.of(e.getKey(), e.getValue()));
    }

    private static cn.tongjie.hub.canonical.EventData.EarlyWarning earlyWarning(int disputes) {
        List<cn.tongjie.hub.canonical.EventData.EarlyWarningEvidence> evidence = new java.util.ArrayList<>();
        evidence.add(new cn.tongjie.hub.canonical.EventData.EarlyWarningEvidence("TJ-20261125-000035", "police",
                "LABOUR", "150581001001", "2026-11-25T11:05:00+08:00", 23, 2,
                List.of(new cn.tongjie.hub.canonical.EventData.EarlyWarningRef("police", "jjdbh", "J150581202611250023"))));
        if (disputes > 1) {
            evidence.add(new cn.tongjie.hub.canonical.EventData.EarlyWarningEvidence("TJ-20261126-000035", "petition",
                    "LABOUR", "150581001001", null, 23, 5, List.of()));
        }
        return new cn.tongjie.hub.canonical.EventData.EarlyWarning("EW-20261128-0a1b2c3d", "EMPLOYER",
                "通辽市鑫达建筑工程有限公司: 23 workers", "91150502MA0N3K7Q65", "通辽市鑫达建筑工程有限公司", null, 23,
                disputes, List.of("police", "petition"), evidence, AT, AT);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("oneOfEachType")
    void shouldSerialiseEveryEventRecordToDataItsSchemaAccepts(EventType type, Record data) {
        JsonNode json = MAPPER.valueToTree(data);
        assertThat(JsonSchemas.validate("classpath:canonical/schemas/" + type.schemaName(), json)).isEmpty();
        assertThat(MAPPER.convertValue(json, data.getClass())).isEqualTo(data);
    }

    @Test
    void shouldRejectDataTheSchemaForbids() {
        JsonNode bad = MAPPER.valueToTree(new DisputeUnresolved("TJ-20261127-000041", "BORED", "x", AT));
        assertThat(JsonSchemas.validate("classpath:canonical/schemas/dispute.unresolved-1.0.json", bad)).isNotEmpty();
        JsonNode badId = MAPPER.valueToTree(new DisputeReported("TJ_1", "police", "J1", null, AT));
        assertThat(JsonSchemas.validate("classpath:canonical/schemas/dispute.reported-1.0.json", badId)).isNotEmpty();
    }

    @Test
    void shouldRoundTripEveryCanonicalDisputeFixtureThroughTheRecordUnchanged() throws IOException {
        List<Path> expected;
        try (Stream<Path> files = Files.walk(Path.of("mappings"))) {
            expected = files.filter(p -> p.toString().contains("handover-to-dispute") && p.toString().endsWith(".expected.json"))
                    .toList();
        }
        assertThat(expected).isNotEmpty();
        for (Path p : expected) {
            JsonNode json = MAPPER.readTree(p.toFile());
            assertThat(MAPPER.valueToTree(MAPPER.treeToValue(json, CanonicalDispute.class)).equals(json))
                    .as("record keeps every member of " + p).isTrue();
        }
    }

    @Test
    void shouldHaveOneSchemaFilePerEventTypeAndTheDispute() {
        List<String> schemas = Arrays.stream(EventType.values()).map(EventType::schemaName).toList();
        for (String s : schemas) {
            assertThat(CanonicalModelTest.class.getResource("/canonical/schemas/" + s)).as(s).isNotNull();
        }
        assertThat(EventType.MEDIATION_CONCLUDED.ceType()).isEqualTo("cn.tongjie.mediation.concluded.v1");
    }
}
