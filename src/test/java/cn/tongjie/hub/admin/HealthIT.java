package cn.tongjie.hub.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import cn.tongjie.hub.it.Handovers;
import cn.tongjie.hub.it.HubFixture;
import cn.tongjie.hub.it.HubIT;
import cn.tongjie.hub.it.HubITSupport;
import cn.tongjie.hub.simulator.legal.LegalServiceSimulator;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Readiness follows maintenance mode; an agency link that stops answering shows as DOWN, and recovers. */
@HubIT
class HealthIT extends HubITSupport {

    private static final String PW = "tongjie-demo";

    @Autowired
    LegalServiceSimulator legal;
    @Autowired
    cn.tongjie.hub.infra.MaintenanceMode maintenance;

    @AfterEach
    void tearDown() {
        maintenance.set(false, null, "test");
        legal.setDown(false);
    }

    @Test
    void shouldTurnReadinessOutOfServiceInMaintenanceAndBackAfterwards() {
        assertThat(hub.get("/actuator/health/readiness", null, null).statusCode()).isEqualTo(200);

        HttpResponse<String> on = hub.postJson("/api/admin/maintenance", "admin", PW,
                "{\"on\":true,\"reason\":\"数据库迁移\"}");
        assertThat(on.statusCode()).isEqualTo(200);

        HttpResponse<String> readiness = hub.get("/actuator/health/readiness", null, null);
        assertThat(readiness.statusCode()).isEqualTo(503);
        assertThat(hub.json(readiness.body()).path("status").asText()).isEqualTo("OUT_OF_SERVICE");
        assertThat(hub.get("/actuator/health/liveness", null, null).statusCode()).as("alive all the same")
                .isEqualTo(200);
        JsonNode detail = hub.json(hub.get("/actuator/health/readiness", "monitor", PW).body());
        assertThat(detail.path("components").path("maintenance").path("details").path("reason").asText())
                .isEqualTo("数据库迁移");
        assertThat(hub.json(hub.get("/api/admin/maintenance", "monitor", PW).body()).path("by").asText())
                .isEqualTo("admin");

        assertThat(hub.postJson("/api/admin/maintenance", "admin", PW, "{\"on\":false}").statusCode()).isEqualTo(200);
        assertThat(hub.get("/actuator/health/readiness", null, null).statusCode()).isEqualTo(200);

        List<String> actions = jdbc.sql("select action || ' ' || remote_addr from audit_log where outcome = 'OK' "
                + "order by id").query(String.class).list();
        assertThat(actions).containsSubsequence("MAINTENANCE_ON 127.0.0.1", "MAINTENANCE_OFF 127.0.0.1");
    }

    @Test
    void shouldRefuseToSwitchMaintenanceOnWithoutAReason() {
        HttpResponse<String> r = hub.postJson("/api/admin/maintenance", "admin", PW, "{\"on\":true}");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("TJ-6601");
        assertThat(hub.get("/actuator/health/readiness", null, null).statusCode()).isEqualTo(200);
    }

    @Test
    void shouldShowTheLegalServiceLinkDownWhileItFailsAndUpWhenItRecovers() {
        HubFixture.manual(legal).setDown(true);
        assertThat(link("legal-service").path("status").asText()).isEqualTo("UP");

        hub.produce(List.of(Handovers.record(Handovers.value(Handovers.jjdbh(6601), "20261128090000"))));

        // contract back-off scaled down in tests: five failed attempts take a few seconds
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            JsonNode h = link("legal-service");
            assertThat(h.path("status").asText()).isEqualTo("DOWN");
            assertThat(h.path("details").path("backlog").asLong()).isEqualTo(1);
        });
        JsonNode all = hub.json(hub.get("/actuator/health", "monitor", PW).body());
        assertThat(all.path("components").path("agencies").path("components").path("legal-service")
                .path("status").asText()).isEqualTo("DOWN");
        assertThat(all.path("components").path("agencies").path("components").path("court")
                .path("components").path("0502").path("details").has("breaker")).isTrue();
        assertThat(hub.get("/actuator/health/readiness", null, null).statusCode())
                .as("an agency outage is buffered, the hub stays ready").isEqualTo(200);

        legal.setDown(false);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode h = link("legal-service");
            assertThat(h.path("status").asText()).isEqualTo("UP");
            assertThat(h.path("details").path("lastSuccess").asText()).isNotEqualTo("never");
        });
    }

    private JsonNode link(String agency) {
        HttpResponse<String> r = hub.get("/actuator/health/agencies/" + agency, "monitor", PW);
        return hub.json(r.body());
    }
}
