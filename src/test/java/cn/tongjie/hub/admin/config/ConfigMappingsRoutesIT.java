package cn.tongjie.hub.admin.config;

import static org.assertj.core.api.Assertions.assertThat;

import cn.tongjie.hub.it.HubIT;
import cn.tongjie.hub.it.HubITSupport;
import cn.tongjie.hub.mapping.MappingEngine;
import cn.tongjie.hub.mapping.MappingProperties;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import org.apache.camel.CamelContext;
import org.apache.camel.ServiceStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;

/**
 * Mappings and YAML routes as configuration documents, and the edit lock, against the running hub: a mapping edit
 * that does not compile or changes a fixture's output is refused with the reason and the running mapping stays; a good
 * one is applied without restart; a route edit that renames its route or names an unknown component is refused, a good
 * one is reloaded on the running CamelContext; a save based on a stale version gets 409 with who saved in between.
 */
@HubIT
class ConfigMappingsRoutesIT extends HubITSupport {

    private static final String PW = "tongjie-demo";
    private static final String FEEDBACK = "mapping.police.outcome-to-feedback";
    private static final String RELAY = "route.outbox-relay";
    /** A police outcome as the hub feeds the feedback mapping (no personal data). */
    private static final String OUTCOME = """
            {"jjdbh": "J150502202601010001", "trackingId": "TJ-1", "outcome": "ACCEPTED",
             "feedbackAt": "2026-01-01T08:00:00+08:00", "organisation": {"name": "调委会"}, "content": "受理"}""";

    @Autowired
    MappingEngine mappings;
    @Autowired
    MappingProperties mappingProperties;
    @Autowired
    CamelContext camel;
    @Value("${camel.main.routes-include-pattern}")
    String routesPattern;

    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();
    private String feedbackOriginal;
    private String relayOriginal;

    @BeforeEach
    void rememberFiles() throws Exception {
        feedbackOriginal = Files.readString(feedbackFile());
        relayOriginal = Files.readString(relayFile());
    }

    @AfterEach
    void putFilesBack() throws Exception {
        // the copies (HubTestInitializer) are shared by every IT of this JVM: leave them as found, and running
        if (!Files.readString(feedbackFile()).equals(feedbackOriginal)) {
            Files.writeString(feedbackFile(), feedbackOriginal);
            mappings.reload();
        }
        if (!Files.readString(relayFile()).equals(relayOriginal)) {
            int active = active(RELAY).path("version").asInt();
            int first = 1;
            send("POST", "/api/admin/config/" + RELAY + "/versions/" + first + "/restore?baseVersion=" + active,
                    null);
        }
    }

    private Path feedbackFile() {
        return Path.of(mappingProperties.location().substring("file:".length()), "police", "outcome-to-feedback.jslt");
    }

    private Path relayFile() {
        String base = routesPattern.substring("file:".length(), routesPattern.indexOf("/**"));
        return Path.of(base, "outbox-relay.yaml");
    }

    @Test
    void shouldRefuseAMappingThatDoesNotCompileOrChangesAFixtureOutputAndKeepTheRunningOne() throws Exception {
        JsonNode before = mappings.apply("police/outcome-to-feedback", json.readTree(OUTCOME));
        int base = active(FEEDBACK).path("version").asInt();

        HttpResponse<String> broken = put(FEEDBACK, base, feedbackOriginal.replace("\"sv\": \"1.2\",",
                "\"sv\": \"1.2\" +,"));
        assertThat(broken.statusCode()).as(broken.body()).isEqualTo(422);
        assertThat(broken.body()).contains("does not compile");

        HttpResponse<String> changed = put(FEEDBACK, base, feedbackOriginal.replace("\"sv\": \"1.2\"", "\"sv\": \"1.3\""));
        assertThat(changed.statusCode()).as(changed.body()).isEqualTo(422);
        assertThat(json.readTree(changed.body()).path("reasons").toString())
                .contains("output differs from the expected output at /sv").doesNotContain("J1505");

        assertThat(Files.readString(feedbackFile())).isEqualTo(feedbackOriginal);
        assertThat(mappings.apply("police/outcome-to-feedback", json.readTree(OUTCOME))).isEqualTo(before);
        assertThat(active(FEEDBACK).path("version").asInt()).isEqualTo(base);
        assertThat(hub.count("select count(*) from audit_log where action = 'CONFIG_UPDATE' and outcome = 'REFUSED'"
                + " and target = ?", FEEDBACK)).isEqualTo(2);
    }

    @Test
    void shouldApplyAGoodMappingEditWithoutRestartAndRestoreTheOldOne() throws Exception {
        int base = active(FEEDBACK).path("version").asInt();
        // keeps every fixture's output but maps the outcome through a renamed table: proves the new text runs
        String edited = feedbackOriginal.replace("$results", "$czjg").replace("let results", "let czjg");
        HttpResponse<String> ok = put(FEEDBACK, base, edited);
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
        int saved = json.readTree(ok.body()).path("activeVersion").asInt();
        assertThat(saved).isEqualTo(base + 1);
        assertThat(Files.readString(feedbackFile())).isEqualTo(edited);
        assertThat(mappings.apply("police/outcome-to-feedback", json.readTree(OUTCOME)).path("czjg").asText())
                .isEqualTo("01");

        HttpResponse<String> restore = send("POST", "/api/admin/config/" + FEEDBACK + "/versions/" + base
                + "/restore?baseVersion=" + saved, null);
        assertThat(restore.statusCode()).as(restore.body()).isEqualTo(200);
        assertThat(Files.readString(feedbackFile())).isEqualTo(feedbackOriginal);
    }

    @Test
    void shouldRefuseAStaleSaveWithWhoSavedInBetweenAndASaveWithoutBase() throws Exception {
        int base = active(FEEDBACK).path("version").asInt();
        assertThat(hub.get("/api/admin/config/" + FEEDBACK, "admin", PW).headers().firstValue("ETag"))
                .contains("\"" + base + "\"");
        String first = "// first administrator\n" + feedbackOriginal;
        String second = "// second administrator\n" + feedbackOriginal;
        assertThat(put(FEEDBACK, base, first).statusCode()).isEqualTo(200);

        HttpResponse<String> stale = put(FEEDBACK, base, second);
        assertThat(stale.statusCode()).as(stale.body()).isEqualTo(409);
        JsonNode conflict = json.readTree(stale.body()).path("conflict");
        assertThat(conflict.path("baseVersion").asInt()).isEqualTo(base);
        assertThat(conflict.path("activeVersion").asInt()).isEqualTo(base + 1);
        assertThat(conflict.path("activatedBy").asText()).isEqualTo("admin");
        assertThat(Files.readString(feedbackFile())).as("the first save stays").isEqualTo(first);

        HttpResponse<String> noBase = send("PUT", "/api/admin/config/" + FEEDBACK, second);
        assertThat(noBase.statusCode()).isEqualTo(428);
        assertThat(Files.readString(feedbackFile())).isEqualTo(first);
    }

    @Test
    void shouldRefuseARouteEditThatRenamesItsRouteOrNamesAnUnknownComponent() throws Exception {
        int base = active(RELAY).path("version").asInt();
        HttpResponse<String> renamed = put(RELAY, base, relayOriginal.replace("id: outbox-relay\n",
                "id: outbox-relay-2\n"));
        assertThat(renamed.statusCode()).as(renamed.body()).isEqualTo(422);
        assertThat(renamed.body()).contains("route ids must stay [outbox-relay]");

        HttpResponse<String> unknown = send("POST", "/api/admin/config/" + RELAY + "/validate",
                relayOriginal.replace("        - bean:\n", "        - to: \"nosuchcomponent:x\"\n        - bean:\n"));
        assertThat(unknown.body()).contains("unknown component 'nosuchcomponent'");

        HttpResponse<String> garbage = send("POST", "/api/admin/config/" + RELAY + "/validate",
                relayOriginal.replace("steps:", "stepz:"));
        assertThat(json.readTree(garbage.body()).path("valid").asBoolean()).as(garbage.body()).isFalse();

        assertThat(camel.getRouteController().getRouteStatus("outbox-relay")).isEqualTo(ServiceStatus.Started);
        assertThat(Files.readString(relayFile())).isEqualTo(relayOriginal);
    }

    @Test
    void shouldReloadAGoodRouteEditOnTheRunningContext() throws Exception {
        int base = active(RELAY).path("version").asInt();
        HttpResponse<String> ok = put(RELAY, base, relayOriginal.replace("delay: 1000", "delay: 1500"));
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
        assertThat(camel.getRoute("outbox-relay").getEndpoint().getEndpointUri()).contains("delay=1500");
        assertThat(camel.getRouteController().getRouteStatus("outbox-relay")).isEqualTo(ServiceStatus.Started);
    }

    private JsonNode active(String doc) throws Exception {
        return json.readTree(hub.get("/api/admin/config/" + doc, "admin", PW).body());
    }

    private HttpResponse<String> put(String doc, int base, String text) throws Exception {
        return send("PUT", "/api/admin/config/" + doc + "?baseVersion=" + base, text);
    }

    private HttpResponse<String> send(String method, String path, String body) throws Exception {
        HttpRequest r = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", "text/plain; charset=utf-8")
                .header("Authorization", "Basic " + Base64.getEncoder()
                        .encodeToString(("admin:" + PW).getBytes(StandardCharsets.UTF_8)))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                .build();
        return http.send(r, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }
}
