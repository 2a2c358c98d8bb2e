package cn.tongjie.hub.admin.config;

import static org.assertj.core.api.Assertions.assertThat;

import cn.tongjie.hub.it.HubIT;
import cn.tongjie.hub.it.HubITSupport;
import cn.tongjie.hub.registry.AuditLog;
import cn.tongjie.hub.routing.RoutingRules;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;

/**
 * The configuration API against the running hub: a bad routing-rule edit is refused with the reason and the running
 * rules stay; a good one becomes the new version, lands in the file and is in force at once; an old version can be
 * restored; MONITOR may look but not change; every change, refused ones included, is audited.
 */
@HubIT
class ConfigApiIT extends HubITSupport {

    private static final String PW = "tongjie-demo";
    /** Sends a medical dispute to the property committee: the loader refuses it (it accepts only its category). */
    static final String BAD_RULE = "  - {id: medical-to-property, when: {categories: [MEDICAL]}, target: HY15050202}\n";

    @Autowired
    RoutingRules routing;
    @Autowired
    AuditLog audit;
    @Value("${tongjie.routing.rules-location}")
    String location;

    private final HttpClient http = HttpClient.newHttpClient();
    private String original;

    @BeforeEach
    void rememberFile() throws Exception {
        original = Files.readString(file());
    }

    @AfterEach
    void putFileBack() throws Exception {
        // the test's copy of the rules (HubTestInitializer) is shared by every IT of this JVM
        Files.writeString(file(), original);
        Files.setLastModifiedTime(file(), java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 2000));
        routing.reloadIfChanged();
    }

    private Path file() {
        return Path.of(location.substring("file:".length()));
    }

    static String withBadRule(String rules) {
        return rules.replaceFirst("(?m)^rules:\\n", "rules:\n" + BAD_RULE);
    }

    static String withVersion(String rules, int v) {
        return rules.replaceFirst("(?m)^version: \\d+", "version: " + v);
    }

    @Test
    void shouldRefuseABadRoutingRuleWithTheReasonAndKeepTheRunningVersion() throws Exception {
        JsonNode before = hub.json(hub.get("/api/admin/config/routing-rules", "admin", PW).body());
        assertThat(before.path("version").asInt()).isEqualTo(1);

        HttpResponse<String> validate = send("POST", "/api/admin/config/routing-rules/validate", "admin",
                withBadRule(original));
        assertThat(validate.statusCode()).isEqualTo(200);
        assertThat(hub.json(validate.body()).path("valid").asBoolean()).isFalse();
        assertThat(validate.body()).contains("medical-to-property").contains("does not accept");

        HttpResponse<String> put = send("PUT", "/api/admin/config/routing-rules?baseVersion=1&comment="
                + URLEncoder.encode("错误的规则", StandardCharsets.UTF_8), "admin", withBadRule(original));
        assertThat(put.statusCode()).isEqualTo(422);
        JsonNode refused = hub.json(put.body());
        assertThat(refused.path("applied").asBoolean()).isFalse();
        assertThat(refused.path("reasons").toString()).contains("medical-to-property");
        assertThat(refused.path("activeVersion").asInt()).isEqualTo(1);

        assertThat(Files.readString(file())).as("the file the hub runs is untouched").isEqualTo(original);
        assertThat(routing.rules().rules()).noneMatch(r -> r.id().equals("medical-to-property"));
        assertThat(hub.json(hub.get("/api/admin/config/routing-rules/versions", "admin", PW).body())).hasSize(1);
        assertThat(hub.count("select count(*) from audit_log where action = 'CONFIG_UPDATE' and outcome = 'REFUSED'"
                + " and actor = 'admin' and target = 'routing-rules'")).isEqualTo(1);
    }

    @Test
    void shouldApplyAGoodEditAtOnceAndRestoreThePreviousVersion() throws Exception {
        HttpResponse<String> put = send("PUT", "/api/admin/config/routing-rules?baseVersion=1&comment="
                + URLEncoder.encode("版本号 7", StandardCharsets.UTF_8), "admin", withVersion(original, 7));
        assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
        assertThat(hub.json(put.body()).path("activeVersion").asInt()).isEqualTo(2);
        assertThat(routing.rules().version()).as("in force at once, not at the next timer tick").isEqualTo(7);
        assertThat(Files.readString(file())).contains("version: 7");

        JsonNode versions = hub.json(hub.get("/api/admin/config/routing-rules/versions", "monitor", PW).body());
        assertThat(versions).hasSize(2);
        assertThat(versions.get(0).path("version").asInt()).isEqualTo(2);
        assertThat(versions.get(0).path("active").asBoolean()).isTrue();
        assertThat(versions.get(0).path("author").asText()).isEqualTo("admin");
        assertThat(versions.get(0).path("comment").asText()).isEqualTo("版本号 7");

        HttpResponse<String> restore = send("POST",
                "/api/admin/config/routing-rules/versions/1/restore?baseVersion=2", "admin",
                null);
        assertThat(restore.statusCode()).as(restore.body()).isEqualTo(200);
        assertThat(hub.json(restore.body()).path("activeVersion").asInt()).isEqualTo(1);
        assertThat(routing.rules().version()).isEqualTo(1);
        assertThat(Files.readString(file())).isEqualTo(original);
        assertThat(hub.json(hub.get("/api/admin/config/routing-rules", "monitor", PW).body()).path("version").asInt())
                .isEqualTo(1);
        assertThat(audit.count("CONFIG_UPDATE", "routing-rules")).isEqualTo(1);
        assertThat(audit.count("CONFIG_RESTORE", "routing-rules")).isEqualTo(1);
    }

    @Test
    void shouldListEveryDocumentWithItsActiveVersionIncludingEachMappingAndRouteFile() {
        HttpResponse<String> r = hub.get("/api/admin/config", "monitor", PW);
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode docs = hub.json(r.body());
        assertThat(docs.findValuesAsText("doc")).startsWith("routing-rules", "sharing-policies", "early-warning")
                .contains("mapping.police.handover-to-dispute", "mapping.legal-service.dispute-to-create-case",
                        "route.outbox-relay");
        assertThat(docs.get(0).path("activeVersion").asInt()).isEqualTo(1);
        assertThat(docs.get(0).path("writable").asBoolean()).isTrue();
        assertThat(docs.get(0).path("fileDiffers").asBoolean()).isFalse();
        for (JsonNode d : docs) {
            assertThat(d.path("kind").asText()).as(d.toString()).isEqualTo(d.path("doc").asText().startsWith("mapping.")
                    ? "MAPPING" : d.path("doc").asText().startsWith("route.") ? "ROUTE" : "RULES");
            assertThat(d.path("activeVersion").asInt()).as(d.toString()).isPositive();
        }
        assertThat(hub.get("/api/admin/config/nonsense", "monitor", PW).statusCode()).isEqualTo(404);
    }

    @Test
    void shouldValidateTheOtherDocumentsWithTheirOwnRules() throws Exception {
        String ew = hub.json(hub.get("/api/admin/config/early-warning", "admin", PW).body()).path("content").asText();
        HttpResponse<String> bad = send("POST", "/api/admin/config/early-warning/validate", "admin",
                ew.replaceFirst("min-workers: \\d+", "min-workers: 1"));
        assertThat(hub.json(bad.body()).path("valid").asBoolean()).as(bad.body()).isFalse();
        assertThat(bad.body()).contains("min-workers");
        HttpResponse<String> good = send("POST", "/api/admin/config/sharing-policies/validate", "admin",
                hub.json(hub.get("/api/admin/config/sharing-policies", "admin", PW).body()).path("content").asText());
        assertThat(hub.json(good.body()).path("valid").asBoolean()).as(good.body()).isTrue();
    }

    @Test
    void shouldLetMonitorLookButNotChangeAndAuditTheRefusal() throws Exception {
        assertThat(hub.get("/api/admin/config/routing-rules", "monitor", PW).statusCode()).isEqualTo(200);
        assertThat(send("PUT", "/api/admin/config/routing-rules?baseVersion=1", "monitor", withVersion(original, 9)).statusCode())
                .isEqualTo(403);
        assertThat(send("POST", "/api/admin/config/routing-rules/validate", "operator", original).statusCode())
                .isEqualTo(403);
        assertThat(hub.get("/api/admin/config", "auditor", PW).statusCode()).isEqualTo(403);
        assertThat(routing.rules().version()).isEqualTo(1);
        assertThat(hub.count("select count(*) from audit_log where actor = 'monitor' and outcome = 'DENIED'"))
                .isPositive();
    }

    private HttpResponse<String> send(String method, String path, String user, String body) throws Exception {
        HttpRequest r = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", "text/plain; charset=utf-8")
                .header("Authorization", "Basic " + Base64.getEncoder()
                        .encodeToString((user + ":" + PW).getBytes(StandardCharsets.UTF_8)))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                .build();
        return http.send(r, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }
}
