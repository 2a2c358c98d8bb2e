package cn.tongjie.hub.petition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import cn.tongjie.hub.canonical.CanonicalEvents;
import cn.tongjie.hub.canonical.EventData;
import cn.tongjie.hub.canonical.EventType;
import cn.tongjie.hub.infra.HubClock;
import cn.tongjie.hub.it.HubIT;
import cn.tongjie.hub.it.HubITSupport;
import cn.tongjie.hub.simulator.petition.PetitionSystemSimulator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Feedback to the simulated petition system over real HTTP (base URL with the /xfpt path prefix): the petition is
 * pushed by the simulator, the mediation outcome arrives as canonical events, and the simulator — which verifies the
 * hub's signature and enforces §6.3/§6.4 — records 02 → 03 → 04 in fkxh order.
 */
@HubIT
class PetitionFeedbackIT extends HubITSupport {

    private static final Duration WAIT = Duration.ofSeconds(40);
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final EventData.Target UNION = new EventData.Target("legal-service", "TW15058100101",
            "霍林郭勒市总工会劳动争议调解委员会");

    @Autowired
    PetitionSystemSimulator petition;
    @Autowired
    CanonicalEvents events;
    @Autowired
    TransactionTemplate tx;
    @Autowired
    Clock clock;

    @BeforeEach
    void resetSimulator() {
        petition.reset();
    }

    @AfterEach
    void realTime() {
        ((HubClock) clock).reset();
    }

    @Test
    void mediationOutcomeIsFedBackAsTransferredInMediationAndResolvedInFkxhOrder() throws Exception {
        String tjgzh = pushStoryL();
        String xfjbh = "XF150581202611260007";
        publish(EventType.MEDIATION_ASSIGNED, tjgzh, new EventData.MediationAssigned(tjgzh, tjgzh + "-01",
                "RMTJ-150581-2026-000001", UNION, "2027-01-25", false, "test", now()));
        await().atMost(WAIT).until(() -> petition.recorded(xfjbh).size() == 1);
        publish(EventType.MEDIATION_ACCEPTED, tjgzh, new EventData.MediationAccepted(tjgzh, tjgzh + "-01",
                "RMTJ-150581-2026-000001", UNION, now()));
        publish(EventType.MEDIATION_CONCLUDED, tjgzh, new EventData.MediationConcluded(tjgzh, tjgzh + "-01",
                "RMTJ-150581-2026-000001", UNION, "SUCCESS", now(), "XY-2026-001", "公司分期支付拖欠工资。", null, null,
                null, null, null));
        await().atMost(WAIT).until(() -> petition.recorded(xfjbh).size() >= 3);

        List<JsonNode> fb = petition.recorded(xfjbh);
        assertThat(fb).extracting(f -> f.get("fkxh").asInt()).containsExactly(1, 2, 3);
        assertThat(fb).extracting(f -> f.get("blzt").asText()).containsExactly("02", "03", "04");
        assertThat(fb).allSatisfy(f -> {
            assertThat(f.get("tjgzh").asText()).isEqualTo(tjgzh);
            assertThat(f.get("cbdw").asText()).isEqualTo(UNION.name());
        });
        assertThat(fb.get(0).has("bjsj")).isFalse();
        assertThat(fb.get(2).get("bjsj").asText()).matches("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}");
        assertThat(fb.get(2).get("bljg").asText()).contains("调解成功");
        // the simulator never had to refuse anything: signature, fields and sequence were right first time
        assertThat(petition.answers()).containsOnly(200);
        await().atMost(WAIT).until(() -> hub.count(
                "select count(*) from petition_feedback where xfjbh = ? and status = 'SENT'", xfjbh) == 3);
    }

    @Test
    void feedbackAfterAnOutageIsResentIdenticallyAfterTheBackOff() throws Exception {
        String tjgzh = pushStoryL();
        String xfjbh = "XF150581202611260007";
        petition.failNext(503, 1);
        publish(EventType.MEDIATION_ASSIGNED, tjgzh, new EventData.MediationAssigned(tjgzh, tjgzh + "-01",
                "RMTJ-150581-2026-000001", UNION, "2027-01-25", false, "test", now()));
        await().atMost(WAIT).until(() -> petition.answers().contains(503));
        String stored = jdbc.sql("select body from petition_feedback where xfjbh = ? and fkxh = 1").param(xfjbh)
                .query(String.class).single();
        assertThat(petition.recorded(xfjbh)).isEmpty();
        // §7.2: the first retry is due 30 s later
        ((HubClock) clock).jumpTo(clock.instant().plusSeconds(31));
        await().atMost(WAIT).until(() -> petition.recorded(xfjbh).size() == 1);
        assertThat(petition.recorded(xfjbh).get(0)).isEqualTo(MAPPER.readTree(stored));
        // the simulator records before the hub has read its answer: wait for the hub's side too
        await().atMost(WAIT).until(() -> hub.count(
                "select count(*) from petition_feedback where xfjbh = ? and attempts = 2 and status = 'SENT'", xfjbh) == 1);
    }

    @Test
    void disputeFoundUnresolvableAfterTheTransferIsFedBackAsNotResolved05() throws Exception {
        String tjgzh = pushStoryL();
        String xfjbh = "XF150581202611260007";
        publish(EventType.MEDIATION_ASSIGNED, tjgzh, new EventData.MediationAssigned(tjgzh, tjgzh + "-01",
                "RMTJ-150581-2026-000001", UNION, "2027-01-25", false, "test", now()));
        await().atMost(WAIT).until(() -> petition.recorded(xfjbh).size() == 1);
        publish(EventType.DISPUTE_UNRESOLVED, tjgzh, new EventData.DisputeUnresolved(tjgzh, "PARTY_REFUSED",
                "被反映单位拒绝调解", now()));
        await().atMost(WAIT).until(() -> petition.recorded(xfjbh).size() == 2);
        JsonNode fb = petition.recorded(xfjbh).get(1);
        assertThat(fb.get("fkxh").asInt()).isEqualTo(2);
        assertThat(fb.get("blzt").asText()).isEqualTo("05");
        assertThat(fb.has("bjsj")).isTrue();
        assertThat(fb.get("bljg").asText()).contains("被反映单位拒绝调解");
        assertThat(petition.answers()).containsOnly(200);
    }

    private String pushStoryL() throws Exception {
        byte[] body = Files.readAllBytes(PetitionSignatureTest.SAMPLES.resolve("push-story-L-mass-wage-collective-visit.json"));
        HttpResponse<String> r = petition.push("http://127.0.0.1:" + port, body);
        assertThat(r.statusCode()).isEqualTo(202);
        return MAPPER.readTree(r.body()).path("data").path("tjgzh").asText();
    }

    private void publish(EventType type, String disputeId, Record data) {
        tx.executeWithoutResult(s -> events.publish(type, disputeId, "legal-service", data));
    }

    private String now() {
        return OffsetDateTime.now(clock).toString();
    }
}
