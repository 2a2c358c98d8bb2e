package cn.tongjie.hub.petition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import cn.tongjie.hub.canonical.CanonicalEvents;
import cn.tongjie.hub.canonical.EventData;
import cn.tongjie.hub.canonical.EventType;
import cn.tongjie.hub.infra.HubClock;
import cn.tongjie.hub.it.HubIT;
import cn.tongjie.hub.it.HubITSupport;
import cn.tongjie.hub.registry.AuditLog;
import cn.tongjie.hub.simulator.petition.PetitionSystemSimulator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * §8 extension through the admin API over real HTTP: the operator (admin/tongjie-demo) records the approval, the hub
 * sends sqyq = "Y" with yqly as the next fkxh in a §6.3-allowed state to the simulated petition system (which checks
 * the signature, the sequence and "once per xfjbh"), and the 办结 deadline moves by 30 days once it answered 200.
 */
@HubIT
class PetitionExtensionIT extends HubITSupport {

    private static final Duration WAIT = Duration.ofSeconds(40);
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String XFJBH = "XF150581202611260007"; // story L: bjqx 2027-01-25
    private static final String PATH = "/api/admin/petition/items/" + XFJBH + "/extension";
    private static final String REASON = "{\"reason\":\"涉及人数众多，需协调多个部门核实工资数额\"}";
    private static final EventData.Target UNION = new EventData.Target("legal-service", "TW15058100101",
            "霍林郭勒市总工会劳动争议调解委员会");

    @Autowired
    PetitionSystemSimulator petition;
    @Autowired
    CanonicalEvents events;
    @Autowired
    TransactionTemplate tx;
    @Autowired
    PetitionDeadlines deadlines;
    @Autowired
    AuditLog audit;

    @BeforeEach
    void resetSimulator() {
        petition.reset();
    }

    @AfterEach
    void realTime() {
        ((HubClock) clock).reset();
    }

    @Test
    void approvedExtensionIsFedBackAfterTheTransferAndMovesTheConclusionDeadlineOnce() throws Exception {
        ((HubClock) clock).jumpTo(OffsetDateTime.parse("2026-11-28T10:00:00+08:00").toInstant());
        String tjgzh = pushStoryL();
        publish(EventType.MEDIATION_ASSIGNED, tjgzh, new EventData.MediationAssigned(tjgzh, tjgzh + "-01",
                "RMTJ-150581-2026-000001", UNION, "2027-01-25", false, "test", now()));
        await().atMost(WAIT).until(() -> petition.recorded(XFJBH).size() == 1);
        await().atMost(WAIT).until(() -> hub.count(
                "select count(*) from petition_feedback where xfjbh = ? and status = 'SENT'", XFJBH) == 1);

        // ten days before bjqx: the original deadline is warned once
        ((HubClock) clock).jumpTo(OffsetDateTime.parse("2027-01-16T09:00:00+08:00").toInstant());
        deadlines.check();
        assertThat(hub.count("select count(*) from alert where code = 'PETITION_CONCLUSION_DUE'")).isEqualTo(1);

        assertThat(hub.postJson(PATH, "monitor", "tongjie-demo", REASON).statusCode()).isEqualTo(403);
        assertThat(hub.postJson(PATH, "admin", "tongjie-demo", "{}").statusCode()).isEqualTo(400);
        assertThat(hub.postJson(PATH, "admin", "tongjie-demo", "{\"reason\":\"  \"}").statusCode()).isEqualTo(400);
        assertThat(hub.postJson("/api/admin/petition/items/XF150581209912319999/extension", "admin", "tongjie-demo",
                REASON).statusCode()).isEqualTo(404);

        HttpResponse<String> ok = hub.postJson(PATH, "admin", "tongjie-demo", REASON);
        assertThat(ok.statusCode()).isEqualTo(202);
        assertThat(MAPPER.readTree(ok.body()).path("queued").path("fkxh").asInt()).isEqualTo(2);
        assertThat(audit.count("PETITION_EXTENSION", XFJBH)).isEqualTo(1);

        await().atMost(WAIT).until(() -> petition.recorded(XFJBH).size() == 2);
        List<JsonNode> fb = petition.recorded(XFJBH);
        assertThat(fb).extracting(f -> f.get("fkxh").asInt()).containsExactly(1, 2);
        // after 02 转办 only 02/03/04/05 may follow: the request repeats 02 for the same organisation (no fake progress)
        assertThat(fb).extracting(f -> f.get("blzt").asText()).containsExactly("02", "02");
        JsonNode ext = fb.get(1);
        assertThat(ext.get("sqyq").asText()).isEqualTo("Y");
        assertThat(ext.get("yqly").asText()).isEqualTo("涉及人数众多，需协调多个部门核实工资数额");
        // the hub's own routing may have assigned first (same externalRef, once-guarded): same organisation as fkxh 1
        assertThat(ext.get("cbdw").asText()).isEqualTo(fb.get(0).get("cbdw").asText());
        assertThat(ext.has("bjsj")).isFalse();
        assertThat(fb.get(0).has("sqyq")).isFalse();
        assertThat(petition.answers()).containsOnly(200);

        // approval is assumed on 200 (§8): bjqx 2027-01-25 + 30 days
        await().atMost(WAIT).until(() -> hub.count(
                "select count(*) from petition_item where xfjbh = ? and extended_bjqx = date '2027-02-24'", XFJBH) == 1);
        JsonNode item = hub.json(hub.get("/api/admin/petition/items/" + XFJBH, "monitor", "tongjie-demo").body());
        assertThat(item.get("bjqx").asText()).isEqualTo("2027-01-25");
        assertThat(item.get("conclusionDeadline").asText()).isEqualTo("2027-02-24");
        assertThat(item.get("extension").asText()).isEqualTo("ACCEPTED");

        // a second extension is refused, and nothing more is sent
        assertThat(hub.postJson(PATH, "admin", "tongjie-demo", REASON).statusCode()).isEqualTo(409);
        assertThat(hub.count("select count(*) from petition_feedback where xfjbh = ?", XFJBH)).isEqualTo(2);

        // the original bjqx passes without an overdue alert; the new date is warned again, then alerted when missed
        ((HubClock) clock).jumpTo(OffsetDateTime.parse("2027-01-27T09:00:00+08:00").toInstant());
        deadlines.check();
        assertThat(hub.count("select count(*) from alert where code = 'PETITION_CONCLUSION_OVERDUE'")).isZero();
        ((HubClock) clock).jumpTo(OffsetDateTime.parse("2027-02-15T09:00:00+08:00").toInstant());
        deadlines.check();
        deadlines.check();
        assertThat(hub.count("select count(*) from alert where code = 'PETITION_CONCLUSION_DUE'")).isEqualTo(2);
        assertThat(hub.count("select count(*) from alert where code = 'PETITION_CONCLUSION_DUE' and message like ?",
                "%2027-02-24%")).isEqualTo(1);
        ((HubClock) clock).jumpTo(OffsetDateTime.parse("2027-02-25T00:00:01+08:00").toInstant());
        deadlines.check();
        assertThat(hub.count("select count(*) from alert where code = 'PETITION_CONCLUSION_OVERDUE'")).isEqualTo(1);
    }

    @Test
    void extensionAfterTheConclusionIsRefusedWith409() throws Exception {
        ((HubClock) clock).jumpTo(OffsetDateTime.parse("2026-11-28T10:00:00+08:00").toInstant());
        String tjgzh = pushStoryL();
        publish(EventType.MEDIATION_ASSIGNED, tjgzh, new EventData.MediationAssigned(tjgzh, tjgzh + "-01",
                "RMTJ-150581-2026-000001", UNION, "2027-01-25", false, "test", now()));
        publish(EventType.MEDIATION_CONCLUDED, tjgzh, new EventData.MediationConcluded(tjgzh, tjgzh + "-01",
                "RMTJ-150581-2026-000001", UNION, "SUCCESS", now(), "XY-2026-001", "公司分期支付拖欠工资。", null, null,
                null, null, null));
        await().atMost(WAIT).until(() -> hub.count(
                "select count(*) from petition_feedback where xfjbh = ? and blzt = '04'", XFJBH) == 1);

        HttpResponse<String> r = hub.postJson(PATH, "admin", "tongjie-demo", REASON);
        assertThat(r.statusCode()).isEqualTo(409);
        assertThat(r.body()).contains("concluded");
        assertThat(hub.count("select count(*) from petition_feedback where xfjbh = ?", XFJBH)).isEqualTo(2);
        assertThat(audit.count("PETITION_EXTENSION", XFJBH)).isZero();
    }

    @Test
    void extensionAskedAfterBjqxIsRefusedWith409() throws Exception {
        ((HubClock) clock).jumpTo(OffsetDateTime.parse("2026-11-28T10:00:00+08:00").toInstant());
        pushStoryL();
        // §8: the request must reach the petition system before bjqx (2027-01-25) 24:00
        ((HubClock) clock).jumpTo(OffsetDateTime.parse("2027-01-26T00:00:01+08:00").toInstant());
        HttpResponse<String> r = hub.postJson(PATH, "admin", "tongjie-demo", REASON);
        assertThat(r.statusCode()).isEqualTo(409);
        assertThat(r.body()).contains("bjqx");
        // (the hub's routing may have fed back 02 on its own; no extension request was queued)
        assertThat(hub.count("select count(*) from petition_feedback where xfjbh = ? and body like ?", XFJBH,
                "%sqyq%")).isZero();
        assertThat(hub.count("select count(*) from petition_item where xfjbh = ? and extension_fkxh is null", XFJBH))
                .isEqualTo(1);
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
