package cn.tongjie.hub.admin.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import cn.tongjie.hub.infra.HubClock;
import cn.tongjie.hub.it.Handovers;
import cn.tongjie.hub.it.HubFixture;
import cn.tongjie.hub.it.HubIT;
import cn.tongjie.hub.it.HubITSupport;
import cn.tongjie.hub.simulator.legal.LegalServiceSimulator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The console's APIs where the browser test does not reach: refusals, discard, deadlines, agency link states. */
@HubIT
class ConsoleApiIT extends HubITSupport {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String PW = "tongjie-demo";

    @Autowired
    LegalServiceSimulator legal;

    @BeforeEach
    void setUp() {
        HubFixture.manual(legal);
    }

    @Test
    void shouldDiscardOnlyWithAReasonOnlyOnceAndAuditIt() {
        long id = quarantineBadIdNumber(911);

        assertThat(hub.postJson("/api/admin/quarantine/" + id + "/discard", "admin", PW, "{}").statusCode())
                .isEqualTo(400);
        assertThat(hub.postJson("/api/admin/quarantine/" + id + "/discard", "monitor", PW,
                "{\"reason\":\"x\"}").statusCode()).isEqualTo(403);
        var ok = hub.postJson("/api/admin/quarantine/" + id + "/discard", "admin", PW,
                "{\"reason\":\"110 centre resent a corrected record\"}");
        assertThat(ok.statusCode()).isEqualTo(200);

        assertThat(hub.count("select count(*) from quarantine where id = ? and status = 'DISCARDED' and resolved_by = 'admin'",
                id)).isEqualTo(1);
        assertThat(hub.count("select count(*) from audit_log where action = 'QUARANTINE_DISCARD' and target = ?",
                "quarantine/" + id)).isEqualTo(1);
        // a resolved entry can be neither replayed nor discarded again; nothing was registered
        assertThat(hub.postJson("/api/admin/quarantine/" + id + "/replay", "admin", PW, "{}").statusCode())
                .isEqualTo(409);
        assertThat(hub.count("select count(*) from dispute")).isZero();
        assertThat(hub.get("/api/admin/quarantine/999999999", "admin", PW).statusCode()).isEqualTo(404);
    }

    @Test
    void shouldMaskTheQuarantinedPayloadForMonitorAndShowItExactlyToOperators() {
        long id = quarantineBadIdNumber(912);
        JsonNode monitor = hub.json(hub.get("/api/admin/quarantine/" + id, "monitor", PW).body());
        JsonNode admin = hub.json(hub.get("/api/admin/quarantine/" + id, "admin", PW).body());

        JsonNode masked = hub.json(monitor.path("payload").asText());
        assertThat(masked.path("dsr").get(1).path("sfzh").asText()).isEqualTo("152301********0513");
        assertThat(masked.path("dsr").get(1).path("xm").asText()).isEqualTo("巴**");
        assertThat(masked.path("bjdh").asText()).isEqualTo("180****1893");
        assertThat(admin.path("payload").asText()).contains("152301197211200513", "\"巴特尔\"");
        assertThat(admin.path("replayable").asBoolean()).isTrue();
        assertThat(admin.path("reasons").findValuesAsText("code")).contains("CHECK_DIGIT");
    }

    @Test
    void shouldListTheAssignmentDeadlineAndMarkItOverdueOnceItsDayHasPassed() {
        String jjdbh = Handovers.jjdbh(913);
        hub.produce(List.of(Handovers.record(Handovers.value(jjdbh, "20261128093000"))));
        // delivered first: a delivery attempted after the jump would be refused (due date out of range) and close it
        await().atMost(WAIT).until(() -> hub.count("""
                select count(*) from assignment a join dispute_xref x on x.dispute_id = a.dispute_id
                where x.ref = ? and a.status = 'RECEIVED'""", jjdbh) == 1);
        LocalDate due = jdbc.sql("select due_date from assignment").query(LocalDate.class).single();

        JsonNode before = deadline("ASSIGNMENT");
        assertThat(before.path("state").asText()).isIn("RUNNING", "DUE_TODAY");
        assertThat(before.path("minutesLeft").asLong()).isPositive();

        ((HubClock) clock).jumpTo(due.plusDays(1).atTime(9, 0).atZone(ZoneId.of("Asia/Shanghai")).toInstant());
        JsonNode after = deadline("ASSIGNMENT");
        assertThat(after.path("state").asText()).isEqualTo("OVERDUE");
        assertThat(after.path("minutesLeft").asLong()).isNegative();
        assertThat(hub.json(hub.get("/api/admin/console/overview", "monitor", PW).body()).path("deadlinesOverdue")
                .asLong()).isGreaterThanOrEqualTo(1);
    }

    @Test
    void shouldFindADisputeByAPartysNameOnlyForRolesThatSeePersonalData() {
        String jjdbh = Handovers.jjdbh(914);
        hub.produce(List.of(Handovers.record(Handovers.value(jjdbh, "20261128093000"))));
        await().atMost(java.time.Duration.ofSeconds(30)).until(() -> hub.count(
                "select count(*) from dispute where source_ref = ?", jjdbh) == 1);
        String party = java.net.URLEncoder.encode("巴特尔", java.nio.charset.StandardCharsets.UTF_8);

        JsonNode found = hub.json(hub.get("/api/admin/disputes?party=" + party, "operator", PW).body());
        assertThat(found).hasSize(1);
        assertThat(found.get(0).path("source").path("ref").asText()).isEqualTo(jjdbh);
        String today = java.time.LocalDate.now(clock.withZone(java.time.ZoneId.of("Asia/Shanghai"))).toString();
        assertThat(hub.json(hub.get("/api/admin/disputes?party=" + party + "&to=2026-01-01", "operator", PW).body()))
                .isEmpty();
        // a masked role must not learn who is in a dispute by searching names
        assertThat(hub.get("/api/admin/disputes?party=" + party, "monitor", PW).statusCode()).isEqualTo(403);
        assertThat(hub.json(hub.get("/api/admin/disputes?from=" + today, "monitor", PW).body())).isNotEmpty();
    }

    @Test
    void shouldShowThePoliceLinkDownWhileOneOfItsRoutesIsSuspended() {
        assertThat(policeLink().path("state").asText()).isEqualTo("UP");
        assertThat(hub.postJson("/api/admin/routes/police-lag-watch/suspend", "admin", PW, "").statusCode())
                .isEqualTo(200);
        try {
            JsonNode police = policeLink();
            assertThat(police.path("state").asText()).isEqualTo("DOWN");
            assertThat(police.path("routesNotRunning").toString()).contains("police-lag-watch");
        } finally {
            assertThat(hub.postJson("/api/admin/routes/police-lag-watch/resume", "admin", PW, "").statusCode())
                    .isEqualTo(200);
        }
        assertThat(policeLink().path("state").asText()).isEqualTo("UP");
        assertThat(hub.postJson("/api/admin/routes/no-such-route/suspend", "admin", PW, "").statusCode())
                .isEqualTo(404);
    }

    private JsonNode policeLink() {
        JsonNode o = hub.json(hub.get("/api/admin/console/overview", "monitor", PW).body());
        for (JsonNode a : o.path("agencies")) {
            if (a.path("agency").asText().equals("police")) {
                return a;
            }
        }
        throw new AssertionError("no police link in " + o);
    }

    private JsonNode deadline(String kind) {
        JsonNode list = hub.json(hub.get("/api/admin/deadlines", "monitor", PW).body());
        for (JsonNode d : list) {
            if (d.path("kind").asText().equals(kind)) {
                return d;
            }
        }
        throw new AssertionError("no " + kind + " deadline in " + list);
    }

    private long quarantineBadIdNumber(int seq) {
        ObjectNode value = Handovers.value(Handovers.jjdbh(seq), "20261128093000");
        ((ObjectNode) value.get("dsr").get(1)).put("sfzh", "152301197211200513");
        hub.produce(List.of(Handovers.record(value)));
        await().atMost(WAIT).until(() -> hub.count(
                "select count(*) from quarantine where primary_reason = 'CHECK_DIGIT'") == 1);
        return hub.count("select max(id) from quarantine where primary_reason = 'CHECK_DIGIT'");
    }
}
