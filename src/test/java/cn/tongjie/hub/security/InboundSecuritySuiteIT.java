package cn.tongjie.hub.security;

import static org.assertj.core.api.Assertions.assertThat;

import cn.tongjie.hub.it.HubIT;
import cn.tongjie.hub.it.HubITSupport;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The security suite for the HTTP agency endpoints (issue 7): every endpoint × the attacks its own contract's scheme
 * admits, each refused with that contract's answer and nothing stored. The signatures are computed here from the
 * contracts' §4 text, not with the hub's own signing code. The court's WS-Security endpoint has its own suite,
 * {@code CourtDockingSecurityIT} (missing header, expired timestamp, wrong password, replayed nonce, another court's
 * credentials, XXE, oversized bodies); the police come in over Kafka, where the broker's ACLs decide.
 * At the end the matrix is printed: endpoint, attack, answer, stored.
 */
@HubIT
class InboundSecuritySuiteIT extends HubITSupport {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> MATRIX = new ArrayList<>();
    private final HttpClient http = HttpClient.newHttpClient();

    // the contracts' sample credentials (test profile)
    private static final String PETITION_KEY = "xf-test-0001";
    private static final String PETITION_SECRET = "xfT3st-S3cret-2026-NotForProduction";
    private static final String GRID_KEY = "wg-test-0001";
    private static final String GRID_SECRET = "wgT3st-S3cret-2026-NotForProduction";
    private static final String LEGAL_TOKEN = "tongjie-test-rmtj-3a9e7c1b5d2f4e6a8c0b9d7e5f3a1c2b";
    private static final String WF_TOKEN = "hubTestWfToken0123456789abcdefABCDEF";

    /** One HMAC endpoint (petition §4, grid §4: the same scheme, different keys and answers). */
    record Hmac(String name, String path, String key, String secret, String otherKey, String otherSecret,
            String sample, String table) {
    }

    private static final List<Hmac> HMAC = List.of(
            new Hmac("petition", "/api/petition/v1/disputes", PETITION_KEY, PETITION_SECRET, GRID_KEY, GRID_SECRET,
                    "petition/push-letter-minimal.json", "petition_item"),
            new Hmac("grid", "/api/grid/v1/events", GRID_KEY, GRID_SECRET, PETITION_KEY, PETITION_SECRET,
                    "grid/event-story-N-neighbour-0402.json", "grid_event"));

    @TestFactory
    Stream<DynamicTest> hmacEndpointsRefuseEveryAttackTheirSchemeAdmitsAndStoreNothing() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Hmac e : HMAC) {
            tests.add(DynamicTest.dynamicTest(e.name() + ": no credentials", () -> {
                HttpResponse<String> r = post(e.path(), sample(e.sample()), Map.of());
                refused(e, "no credentials", r);
            }));
            tests.add(DynamicTest.dynamicTest(e.name() + ": another agency's credentials", () -> {
                byte[] body = sample(e.sample());
                HttpResponse<String> r = post(e.path(), body, signed(e.otherKey(), e.otherSecret(), e.path(),
                        clock.millis(), UUID.randomUUID().toString(), body));
                refused(e, "another agency's credentials", r);
            }));
            tests.add(DynamicTest.dynamicTest(e.name() + ": wrong secret", () -> {
                byte[] body = sample(e.sample());
                HttpResponse<String> r = post(e.path(), body, signed(e.key(), e.secret() + "x", e.path(),
                        clock.millis(), UUID.randomUUID().toString(), body));
                refused(e, "wrong secret", r);
            }));
            tests.add(DynamicTest.dynamicTest(e.name() + ": expired timestamp", () -> {
                byte[] body = sample(e.sample());
                HttpResponse<String> r = post(e.path(), body, signed(e.key(), e.secret(), e.path(),
                        clock.millis() - 301_000, UUID.randomUUID().toString(), body));
                refused(e, "timestamp 301 s old", r);
            }));
            tests.add(DynamicTest.dynamicTest(e.name() + ": tampered body", () -> {
                byte[] body = sample(e.sample());
                Map<String, String> headers = signed(e.key(), e.secret(), e.path(), clock.millis(),
                        UUID.randomUUID().toString(), body);
                byte[] tampered = new String(body, StandardCharsets.UTF_8).replaceFirst("\"", "\"x-")
                        .getBytes(StandardCharsets.UTF_8);
                refused(e, "tampered body", post(e.path(), tampered, headers));
            }));
            tests.add(DynamicTest.dynamicTest(e.name() + ": replayed nonce", () -> {
                hub.resetStore();
                byte[] body = sample(e.sample());
                Map<String, String> headers = signed(e.key(), e.secret(), e.path(), clock.millis(),
                        UUID.randomUUID().toString(), body);
                HttpResponse<String> first = post(e.path(), body, headers);
                assertThat(first.statusCode()).as("the genuine request").isBetween(200, 202);
                long stored = hub.count("select count(*) from " + e.table());
                HttpResponse<String> replay = post(e.path(), body, headers);
                assertThat(replay.statusCode()).isEqualTo(401);
                assertThat(hub.count("select count(*) from " + e.table())).isEqualTo(stored);
                MATRIX.add(e.name() + " | replayed nonce | " + replay.statusCode() + " " + code(e, replay)
                        + " | nothing more stored");
            }));
        }
        return tests.stream();
    }

    @TestFactory
    Stream<DynamicTest> tokenEndpointsRefuseMissingForeignAndWrongTokensAndAnswerAReplayAsTheDuplicate() {
        List<DynamicTest> tests = new ArrayList<>();
        String legalEvent = new String(sample("legal-service/event-story-N-1-accepted.json"), StandardCharsets.UTF_8);
        Map<String, String> legalTokens = new LinkedHashMap<>();
        legalTokens.put("no credentials", null);
        legalTokens.put("another agency's token (women's federation)", WF_TOKEN);
        legalTokens.put("wrong token", LEGAL_TOKEN.replace('3', '4'));
        legalTokens.forEach((attack, token) -> tests.add(DynamicTest.dynamicTest("legal-service: " + attack, () -> {
            hub.resetStore();
            HttpResponse<String> r = hub.postEvent(legalEvent, token);
            assertThat(r.statusCode()).isEqualTo(401);
            assertThat(JSON.readTree(r.body()).path("errorCode").asText()).isEqualTo("UNAUTHORIZED");
            assertThat(hub.count("select count(*) from legal_event")).isZero();
            MATRIX.add("legal-service | " + attack + " | 401 UNAUTHORIZED | nothing stored");
        })));
        tests.add(DynamicTest.dynamicTest("legal-service: identical replay", () -> {
            hub.resetStore();
            assertThat(hub.postEvent(legalEvent, LEGAL_TOKEN).statusCode()).isEqualTo(200);
            HttpResponse<String> replay = hub.postEvent(legalEvent, LEGAL_TOKEN);
            // a static token cannot tell a replay from a retry: the contract answers it as the duplicate it is
            assertThat(replay.statusCode()).isEqualTo(200);
            assertThat(JSON.readTree(replay.body()).path("duplicate").asBoolean()).isTrue();
            assertThat(hub.count("select count(*) from legal_event")).isEqualTo(1);
            MATRIX.add("legal-service | identical replay | 200 duplicate=true | stored once");
        }));

        byte[] wfResult = ("{\"case_ref\":\"TJ-20261128-000001-01\",\"wf_case_id\":\"HYJT-2026-0000001\","
                + "\"result\":\"unresolved\",\"closed_at\":" + clock.millis() + ",\"protection_order_advised\":false}")
                .getBytes(StandardCharsets.UTF_8);
        Map<String, String> wfTokens = new LinkedHashMap<>();
        wfTokens.put("no credentials", null);
        wfTokens.put("another agency's token (legal-service)", LEGAL_TOKEN);
        wfTokens.put("wrong token", WF_TOKEN.replace('0', '9'));
        wfTokens.forEach((attack, token) -> tests.add(DynamicTest.dynamicTest("womens-federation: " + attack, () -> {
            hub.resetStore();
            HttpResponse<String> r = post("/api/womens-federation/v1/results", wfResult,
                    token == null ? Map.of() : Map.of("X-WF-Token", token));
            assertThat(r.statusCode()).isEqualTo(401);
            assertThat(JSON.readTree(r.body()).toString()).contains("TOKEN_INVALID");
            assertThat(hub.count("select count(*) from wf_result")).isZero();
            MATRIX.add("womens-federation | " + attack + " | 401 TOKEN_INVALID | nothing stored");
        })));
        return tests.stream();
    }

    @AfterAll
    static void printMatrix() {
        // the figures the issue asks for at the end of the run
        System.out.println("Inbound security suite (endpoint | attack | answer | stored):");
        MATRIX.forEach(m -> System.out.println("  " + m));
    }

    // --- helpers -------------------------------------------------------------------------------------------------

    private void refused(Hmac e, String attack, HttpResponse<String> r) throws IOException {
        assertThat(r.statusCode()).as(e.name() + " " + attack).isEqualTo(401);
        assertThat(hub.count("select count(*) from " + e.table())).as("nothing stored").isZero();
        MATRIX.add(e.name() + " | " + attack + " | 401 " + code(e, r) + " | nothing stored");
    }

    private static String code(Hmac e, HttpResponse<String> r) throws IOException {
        JsonNode body = JSON.readTree(r.body());
        // petition answers code 2001 with data.cwdm; grid answers its own 401xx code
        return e.name().equals("petition") ? body.path("data").path("cwdm").asText() : body.path("code").asText();
    }

    private static Map<String, String> signed(String key, String secret, String path, long ts, String nonce,
            byte[] body) throws Exception {
        String bodyHash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
        String toSign = "POST\n" + path + "\n" + ts + "\n" + nonce + "\n" + bodyHash;
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        Map<String, String> h = new LinkedHashMap<>();
        h.put("X-App-Key", key);
        h.put("X-Timestamp", Long.toString(ts));
        h.put("X-Nonce", nonce);
        h.put("X-Signature", Base64.getEncoder().encodeToString(mac.doFinal(toSign.getBytes(StandardCharsets.UTF_8))));
        return h;
    }

    private HttpResponse<String> post(String path, byte[] body, Map<String, String> headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", "application/json;charset=UTF-8")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(b::header);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private static byte[] sample(String path) {
        try {
            return Files.readAllBytes(Path.of("src/test/resources/samples").resolve(path));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
