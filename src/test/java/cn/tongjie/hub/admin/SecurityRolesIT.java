package cn.tongjie.hub.admin;

import static org.assertj.core.api.Assertions.assertThat;

import cn.tongjie.hub.it.HubIT;
import cn.tongjie.hub.it.HubITSupport;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Each role against representative admin endpoints: what it may do answers, what it may not is refused with the
 * usual 401/403 — and every refusal lands in the audit log with who, what, when, from where and the outcome.
 */
@HubIT
class SecurityRolesIT extends HubITSupport {

    private static final String PW = "tongjie-demo";

    @Autowired
    cn.tongjie.hub.infra.MaintenanceMode maintenance;

    @AfterEach
    void leaveMaintenance() {
        maintenance.set(false, null, "test");
    }

    private int get(String user, String path) {
        return hub.get(path, user, user == null ? null : PW).statusCode();
    }

    private int post(String user, String path, String json) {
        return hub.postJson(path, user, user == null ? null : PW, json).statusCode();
    }

    @Test
    void shouldLetEachRoleReadOnlyWhatItMay() {
        Map<String, Integer> disputes = Map.of("monitor", 200, "operator", 200, "admin", 200, "auditor", 403);
        disputes.forEach((user, status) -> assertThat(get(user, "/api/admin/disputes")).as(user).isEqualTo(status));
        assertThat(get(null, "/api/admin/disputes")).isEqualTo(401);

        assertThat(get("auditor", "/api/admin/audit")).isEqualTo(200);
        assertThat(get("admin", "/api/admin/audit")).as("AUDITOR is separate from ADMIN").isEqualTo(403);
        assertThat(get("monitor", "/api/admin/audit")).isEqualTo(403);

        assertThat(get("monitor", "/api/admin/indicators")).isEqualTo(200);
        assertThat(get("auditor", "/api/admin/indicators")).isEqualTo(403);
        assertThat(get("monitor", "/actuator/prometheus")).isEqualTo(200);
        assertThat(get("auditor", "/actuator/prometheus")).isEqualTo(403);
        assertThat(get(null, "/actuator/health/readiness")).as("probes need no credentials").isEqualTo(200);
    }

    @Test
    void shouldLetOnlyAdminSwitchMaintenanceAndOnlyOperatorsAct() {
        String off = "{\"on\":false}";
        assertThat(post("monitor", "/api/admin/maintenance", off)).isEqualTo(403);
        assertThat(post("operator", "/api/admin/maintenance", off)).isEqualTo(403);
        assertThat(post("admin", "/api/admin/maintenance", off)).isEqualTo(200);
        // an OPERATOR action: a monitor is refused before the controller, an operator reaches it
        String withdraw = "{\"reason\":\"OTHER\",\"reasonText\":\"test\"}";
        assertThat(post("monitor", "/api/admin/assignments/TJ-20261128-000001-01/withdraw", withdraw)).isEqualTo(403);
        assertThat(post("operator", "/api/admin/assignments/TJ-20261128-000001-01/withdraw", withdraw))
                .isNotIn(401, 403);
        assertThat(post("admin", "/api/admin/legal-service/reconcile", "{}")).isEqualTo(200);
        assertThat(post("operator", "/api/admin/legal-service/reconcile", "{}")).isEqualTo(403);
    }

    @Test
    void shouldAuditEveryRefusedAdminRequestWithWhoWhatFromWhereAndOutcome() {
        assertThat(post("monitor", "/api/admin/maintenance", "{\"on\":true,\"reason\":\"x\"}")).isEqualTo(403);
        assertThat(hub.get("/api/admin/disputes", "operator", "wrong-password").statusCode()).isEqualTo(401);
        assertThat(get(null, "/api/admin/quarantine")).isEqualTo(401);
        assertThat(get("auditor", "/api/admin/disputes")).isEqualTo(403);

        HttpResponse<String> log = hub.get("/api/admin/audit?limit=50", "auditor", PW);
        assertThat(log.statusCode()).isEqualTo(200);
        JsonNode entries = hub.json(log.body());
        assertThat(entries).anySatisfy(e -> {
            assertThat(e.path("actor").asText()).isEqualTo("monitor");
            assertThat(e.path("action").asText()).isEqualTo("HTTP POST");
            assertThat(e.path("target").asText()).isEqualTo("/api/admin/maintenance");
            assertThat(e.path("outcome").asText()).isEqualTo("DENIED");
            assertThat(e.path("remoteAddr").asText()).isEqualTo("127.0.0.1");
            assertThat(e.path("at").asText()).isNotBlank();
        });
        assertThat(entries).anySatisfy(e -> {
            assertThat(e.path("actor").asText()).isEqualTo("operator");
            assertThat(e.path("target").asText()).isEqualTo("/api/admin/disputes");
            assertThat(e.path("outcome").asText()).isEqualTo("UNAUTHENTICATED");
        });
        assertThat(entries).anySatisfy(e -> {
            assertThat(e.path("actor").asText()).isEqualTo("anonymous");
            assertThat(e.path("target").asText()).isEqualTo("/api/admin/quarantine");
        });
        assertThat(entries).anySatisfy(e -> {
            assertThat(e.path("actor").asText()).isEqualTo("auditor");
            assertThat(e.path("outcome").asText()).isEqualTo("DENIED");
        });
        assertThat(log.body()).as("a tried password is never recorded").doesNotContain("wrong-password");
        // the maintenance the monitor tried did not happen
        assertThat(maintenance.state().on()).isFalse();
    }

    @Test
    void shouldLogUnmaskedPersonalDataReadsButNotMaskedOnes() {
        assertThat(get("monitor", "/api/admin/disputes?limit=5")).isEqualTo(200);
        assertThat(get("operator", "/api/admin/disputes?limit=5")).isEqualTo(200);

        JsonNode reads = hub.json(hub.get("/api/admin/audit?action=PERSONAL_DATA_READ", "auditor", PW).body());
        assertThat(reads).singleElement().satisfies(e -> {
            assertThat(e.path("actor").asText()).isEqualTo("operator");
            assertThat(e.path("target").asText()).isEqualTo("/api/admin/disputes?limit=5");
            assertThat(e.path("remoteAddr").asText()).isEqualTo("127.0.0.1");
        });
    }

    @Test
    void shouldServeTheAdminApiAsOpenApiWithoutAgencyEndpoints() {
        assertThat(get(null, "/v3/api-docs")).isEqualTo(401);
        HttpResponse<String> doc = hub.get("/v3/api-docs", "monitor", PW);
        assertThat(doc.statusCode()).isEqualTo(200);
        JsonNode paths = hub.json(doc.body()).path("paths");
        assertThat(paths.has("/api/admin/indicators")).isTrue();
        assertThat(paths.has("/api/admin/audit")).isTrue();
        assertThat(paths.has("/api/admin/maintenance")).isTrue();
        assertThat(doc.body()).doesNotContain("/api/womens-federation/").doesNotContain("/sim/");
        assertThat(hub.get("/swagger-ui.html", "admin", PW).statusCode()).isIn(200, 302);
    }
}
