package cn.tongjie.hub.petition;

import static org.assertj.core.api.Assertions.assertThat;

import cn.tongjie.hub.infra.HubClock;
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
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Every push sample of the petition contract over real HTTP against the running hub, with the outcome
 * samples/README.md requires; .http samples are sent byte-exact with their own headers.
 */
@HubIT
class PetitionPushSamplesIT extends HubITSupport {

    private static final Instant EXAMPLE_A_CLOCK = OffsetDateTime.parse("2026-11-28T10:00:00+08:00").toInstant();
    private static final String SECRET = "xfT3st-S3cret-2026-NotForProduction";
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();

    @Autowired
    Clock clock;

    @AfterEach
    void realTime() {
        ((HubClock) clock).reset();
    }

    record Answer(int status, JsonNode body) {
    }

    // --- worked example A and the signature samples --------------------------------------------------------

    @Test
    void workedExampleAIsAcceptedAndItsReplayIsRefusedAsNonceReplayed() throws Exception {
        ((HubClock) clock).jumpTo(EXAMPLE_A_CLOCK);
        Answer first = sendHttpSample("signed-request-push.http");
        assertThat(first.status()).isEqualTo(202);
        assertThat(first.body().path("code").asText()).isEqualTo("0000");
        assertThat(first.body().path("data").path("cf").asText()).isEqualTo("N");
        String tjgzh = first.body().path("data").path("tjgzh").asText();
        assertThat(tjgzh).matches("[A-Za-z0-9-]{1,40}");

        Answer replay = sendHttpSample("signed-request-push.http");
        assertUnauthorised(replay, "NONCE_REPLAYED");
        assertThat(hub.count("select count(*) from petition_item")).isEqualTo(1);
        assertThat(hub.count("select count(*) from dispute")).isEqualTo(1);
    }

    @Test
    void bodyTamperedAfterSigningIsSignatureInvalidAndStoresNothing() throws Exception {
        ((HubClock) clock).jumpTo(EXAMPLE_A_CLOCK);
        assertUnauthorised(sendHttpSample("invalid-signature-body-tampered.http"), "SIGNATURE_INVALID");
        assertNothingStored();
        // forged requests cannot burn nonces (§4.3 step 5)
        assertThat(hub.count("select count(*) from petition_nonce")).isZero();
    }

    @Test
    void timestamp301SecondsOldIsExpiredAndStoresNothing() throws Exception {
        ((HubClock) clock).jumpTo(EXAMPLE_A_CLOCK);
        assertUnauthorised(sendHttpSample("invalid-timestamp-expired.http"), "TIMESTAMP_EXPIRED");
        assertNothingStored();
    }

    @Test
    void missingHeaderAndUnknownAppKeyAreRefusedBeforeTheBodyIsLookedAt() throws Exception {
        byte[] invalid = sampleBytes("invalid-several-bad-fields.json");
        Map<String, String> headers = signed(invalid, "xf-test-0001", SECRET);
        headers.remove("X-Nonce");
        assertUnauthorised(post(invalid, headers, "application/json"), "HEADER_MISSING");
        assertUnauthorised(post(invalid, signed(invalid, "xf-unknown-0001", SECRET), "application/json"),
                "APP_KEY_UNKNOWN");
        // authentication before validation: a bad body with a bad signature is 401, not 400
        Map<String, String> wrong = signed(invalid, "xf-test-0001", "wrong-secret-wrong-secret-wrong-secret");
        assertUnauthorised(post(invalid, wrong, "application/json"), "SIGNATURE_INVALID");
        assertNothingStored();
    }

    // --- valid pushes ---------------------------------------------------------------------------------------

    @Test
    void storyLCollectiveVisitIsRegisteredAsAMassDispute() throws Exception {
        Answer a = push("push-story-L-mass-wage-collective-visit.json");
        assertThat(a.status()).isEqualTo(202);
        assertThat(a.body().path("data").path("cf").asText()).isEqualTo("N");
        String tjgzh = a.body().path("data").path("tjgzh").asText();
        assertThat(hub.count("select count(*) from dispute where dispute_id = ? and mass and source_agency = 'petition'"
                + " and source_ref = 'XF150581202611260007' and category = 'LABOUR'", tjgzh)).isEqualTo(1);
        assertThat(hub.count("select count(*) from dispute_xref where dispute_id = ? and agency = 'petition'"
                + " and ref = 'XF150581202611260007'", tjgzh)).isEqualTo(1);
        // DISPUTE_REPORTED and DISPUTE_REGISTERED committed with the item (transactional outbox)
        assertThat(hub.count("select count(*) from outbox where destination = 'canonical' and msg_key = ?", tjgzh))
                .isEqualTo(2);
    }

    @Test
    void storyGOnlinePetitionWithAttachmentIsAccepted() throws Exception {
        Answer a = push("push-story-G-grassland-boundary-online.json");
        assertThat(a.status()).isEqualTo(202);
        assertThat(a.body().path("data").path("xfjbh").asText()).isEqualTo("XF150521202611210015");
    }

    @Test
    void retriedPushIsADuplicateWithTheOriginalTrackingIdAndChangesNothing() throws Exception {
        Answer first = push("push-letter-minimal.json");
        assertThat(first.status()).isEqualTo(202);
        String tjgzh = first.body().path("data").path("tjgzh").asText();
        long timeline = hub.count("select count(*) from outbox");

        Answer retry = push("push-letter-minimal-retry-duplicate.json");
        assertThat(retry.status()).isEqualTo(200);
        assertThat(retry.body().path("code").asText()).isEqualTo("0000");
        assertThat(retry.body().path("data").path("cf").asText()).isEqualTo("Y");
        assertThat(retry.body().path("data").path("tjgzh").asText()).isEqualTo(tjgzh);
        assertThat(hub.count("select count(*) from dispute")).isEqualTo(1);
        assertThat(hub.count("select count(*) from outbox")).isEqualTo(timeline);
    }

    @Test
    void sameXfjbhWithOtherContentIsConflictKeepsTheStoredItemAndAlerts() throws Exception {
        Answer first = push("push-letter-minimal.json");
        String tjgzh = first.body().path("data").path("tjgzh").asText();
        String stored = jdbc.sql("select content from petition_item").query(String.class).single();

        Answer conflict = push("invalid-conflict-same-xfjbh-different-content.json");
        assertThat(conflict.status()).isEqualTo(409);
        assertThat(conflict.body().path("code").asText()).isEqualTo("3001");
        assertThat(conflict.body().path("data").path("tjgzh").asText()).isEqualTo(tjgzh);
        assertThat(jdbc.sql("select content from petition_item").query(String.class).single()).isEqualTo(stored);
        assertThat(hub.count("select count(*) from alert where code = 'PETITION_PUSH_CONFLICT' and dispute_id = ?",
                tjgzh)).isEqualTo(1);
    }

    // --- invalid pushes -------------------------------------------------------------------------------------

    @Test
    void invalidSamplesAreRefusedWithEveryBadFieldAndNotStored() throws Exception {
        assertValidation("invalid-bad-id-check-digit.json", Set.of("sfzh CHECK_DIGIT"));
        assertValidation("invalid-several-bad-fields.json",
                Set.of("xfrq FORMAT", "nrfl CODE_UNKNOWN", "lxdh FORMAT", "rs RANGE"));
        assertValidation("invalid-sfjf-n.json", Set.of("sfjf VALUE_NOT_ALLOWED"));
        assertValidation("invalid-visit-without-sfzh.json", Set.of("sfzh CONDITIONAL_REQUIRED"));
        assertValidation("invalid-sjdq-outside-tongliao.json", Set.of("sjdq CODE_UNKNOWN"));
        assertNothingStored();
    }

    @Test
    void truncatedJsonIsJsonSyntax() throws Exception {
        Answer a = push("invalid-not-json.json");
        assertThat(a.status()).isEqualTo(400);
        assertThat(a.body().path("code").asText()).isEqualTo("1000");
        assertThat(problems(a)).containsExactly("$ JSON_SYNTAX");
        assertNothingStored();
    }

    @Test
    void rejectedPushMayBeSentAgainCorrectedAsANewItem() throws Exception {
        assertThat(push("invalid-several-bad-fields.json").status()).isEqualTo(400);
        String corrected = new String(sampleBytes("push-letter-minimal.json"), StandardCharsets.UTF_8)
                .replace("XF150502202611270031", "XF150502202611270032");
        byte[] body = corrected.getBytes(StandardCharsets.UTF_8);
        assertThat(post(body, signed(body, "xf-test-0001", SECRET), "application/json").status()).isEqualTo(202);
    }

    @Test
    void wrongContentTypeIs415() throws Exception {
        byte[] body = sampleBytes("push-letter-minimal.json");
        Answer a = post(body, signed(body, "xf-test-0001", SECRET), "application/json; charset=GBK");
        assertThat(a.status()).isEqualTo(415);
        assertThat(a.body().path("code").asText()).isEqualTo("1003");
    }

    // --- helpers --------------------------------------------------------------------------------------------

    private void assertValidation(String sample, Set<String> expected) throws Exception {
        Answer a = push(sample);
        assertThat(a.status()).as(sample).isEqualTo(400);
        assertThat(a.body().path("code").asText()).isEqualTo("1001");
        assertThat(problems(a)).as(sample).containsExactlyInAnyOrderElementsOf(expected);
        JsonNode body = MAPPER.readTree(sampleBytes(sample));
        assertThat(a.body().path("data").path("xfjbh").asText()).isEqualTo(body.path("xfjbh").asText());
    }

    private static List<String> problems(Answer a) {
        return StreamSupport.stream(a.body().path("data").path("cwlb").spliterator(), false)
                .map(p -> p.path("zd").asText() + " " + p.path("cwdm").asText()).toList();
    }

    private void assertUnauthorised(Answer a, String cwdm) {
        assertThat(a.status()).isEqualTo(401);
        assertThat(a.body().path("code").asText()).isEqualTo("2001");
        assertThat(a.body().path("data").path("cwdm").asText()).isEqualTo(cwdm);
    }

    private void assertNothingStored() {
        assertThat(hub.count("select count(*) from petition_item")).isZero();
        assertThat(hub.count("select count(*) from dispute")).isZero();
    }

    /** A JSON sample as the petition system would send it: its bytes, freshly signed. */
    private Answer push(String sample) throws Exception {
        byte[] body = sampleBytes(sample);
        return post(body, signed(body, "xf-test-0001", SECRET), "application/json;charset=UTF-8");
    }

    private Map<String, String> signed(byte[] body, String appKey, String secret) {
        String ts = Long.toString(clock.millis());
        String nonce = UUID.randomUUID().toString();
        Map<String, String> h = new LinkedHashMap<>();
        h.put("X-App-Key", appKey);
        h.put("X-Timestamp", ts);
        h.put("X-Nonce", nonce);
        h.put("X-Signature", PetitionSignature.sign(secret, "POST", "/api/petition/v1/disputes", ts, nonce, body));
        return h;
    }

    /** An .http sample byte-exact: its headers (except those the HTTP client sets itself) and its body. */
    private Answer sendHttpSample(String name) throws Exception {
        byte[] file = sampleBytes(name);
        String text = new String(file, StandardCharsets.UTF_8);
        int split = text.indexOf("\r\n\r\n");
        byte[] body = text.substring(split + 4).getBytes(StandardCharsets.UTF_8);
        Map<String, String> headers = new LinkedHashMap<>();
        String contentType = null;
        for (String line : text.substring(0, split).split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon < 0) {
                continue; // request line
            }
            String n = line.substring(0, colon).trim();
            String v = line.substring(colon + 1).trim();
            if (n.equalsIgnoreCase("Content-Type")) {
                contentType = v;
            } else if (n.startsWith("X-")) {
                headers.put(n, v);
            }
        }
        return post(body, headers, contentType);
    }

    private Answer post(byte[] body, Map<String, String> headers, String contentType) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/petition/v1/disputes"))
                .header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(b::header);
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        return new Answer(r.statusCode(), MAPPER.readTree(r.body()));
    }

    private static byte[] sampleBytes(String name) throws IOException {
        return Files.readAllBytes(PetitionSignatureTest.SAMPLES.resolve(name));
    }
}
