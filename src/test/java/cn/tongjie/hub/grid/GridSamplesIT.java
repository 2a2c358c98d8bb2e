package cn.tongjie.hub.grid;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import cn.tongjie.hub.canonical.CanonicalEvents;
import cn.tongjie.hub.canonical.EventData;
import cn.tongjie.hub.canonical.EventType;
import cn.tongjie.hub.canonical.JsonSchemas;
import cn.tongjie.hub.infra.HubClock;
import cn.tongjie.hub.it.HubIT;
import cn.tongjie.hub.it.HubITSupport;
import cn.tongjie.hub.registry.Alerts;
import cn.tongjie.hub.registry.DisputeRegistry;
import cn.tongjie.hub.simulator.grid.GridPlatformSimulator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Every grid sample replayed against the running hub over real HTTP with the outcome samples/README.md requires, and
 * the status updates the hub then sends to the simulated grid platform (signature checked there).
 */
@HubIT
class GridSamplesIT extends HubITSupport {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String SECRET = "wgT3st-S3cret-2026-NotForProduction";
    private static final String N = "SJ202611280000001234";
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();

    @Autowired
    Clock clock;
    @Autowired
    GridPlatformSimulator platform;
    @Autowired
    DisputeRegistry registry;
    @Autowired
    CanonicalEvents events;
    @Autowired
    TransactionTemplate tx;
    @Autowired
    Alerts alerts;
    @Autowired
    GridDeadlines deadlines;

    @BeforeEach
    void resetPlatform() {
        platform.reset();
    }

    @Test
    void workedExampleAIsAcceptedAtItsOwnTimeAndRegistersOneDisputeInWgs84() throws IOException {
        ((HubClock) clock).jumpTo(Instant.ofEpochMilli(1795827305000L));
        HttpResponse<String> r = sendHttpFile("signed-request-event.http");
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode answer = JSON.readTree(r.body());
        assertThat(answer.get("code").asInt()).isZero();
        assertThat(answer.at("/data/duplicate").asBoolean()).isFalse();
        String trackingId = answer.at("/data/tracking_id").asText();
        assertThat(trackingId).matches("TJ-\\d{8}-\\d{6}");

        var dispute = registry.findByXref("grid", "event_id", N).orElseThrow();
        assertThat(dispute.disputeId()).isEqualTo(trackingId);
        JsonNode canonical = JSON.readTree(dispute.snapshot());
        assertThat(JsonSchemas.validate("classpath:canonical/schemas/dispute-1.0.json", canonical)).isEmpty();
        assertThat(canonical.get("sourceChannel").asText()).isEqualTo("GRID_REPORT");
        assertThat(canonical.get("category").asText()).isEqualTo("NEIGHBOUR");
        // §5.3: GCJ-02 43.622954/122.261556 stored as WGS-84 43.620580/122.256010.
        assertThat(canonical.at("/location/latitude").asDouble()).isBetween(43.620578, 43.620582);
        assertThat(canonical.at("/location/longitude").asDouble()).isBetween(122.256008, 122.256012);
        assertThat(canonical.at("/location/crs").asText()).isEqualTo("WGS84");
    }

    @Test
    void wrongSecretSampleIs401With40105AndStoresNothing() throws IOException {
        ((HubClock) clock).jumpTo(Instant.ofEpochMilli(1795827305000L));
        HttpResponse<String> r = sendHttpFile("invalid-signature-wrong-secret.http");
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(JSON.readTree(r.body())).isEqualTo(JSON.readTree(GridSignatureTest.sample("response-401-signature.json")));
        assertThat(hub.count("select count(*) from grid_event")).isZero();
    }

    @Test
    void authenticationChecksFollowTheContractOrder() throws IOException {
        byte[] body = GridSignatureTest.sample("event-story-M-marriage-0401.json");
        String ts = Long.toString(clock.millis());
        String nonce = UUID.randomUUID().toString();
        String sig = GridSignature.sign(SECRET, "POST", GridInbound.PATH, ts, nonce, body);
        assertThat(code(post(body, Map.of("X-App-Key", "wg-test-0001", "X-Timestamp", ts, "X-Nonce", nonce)))).isEqualTo(40101);
        assertThat(code(post(body, headers("wg-unknown", ts, nonce, sig)))).isEqualTo(40102);
        String old = Long.toString(clock.millis() - 301_000);
        assertThat(code(post(body, headers("wg-test-0001", old, nonce,
                GridSignature.sign(SECRET, "POST", GridInbound.PATH, old, nonce, body))))).isEqualTo(40103);
        String tampered = (sig.charAt(0) == 'A' ? "B" : "A") + sig.substring(1);
        assertThat(code(post(body, headers("wg-test-0001", ts, nonce, tampered)))).isEqualTo(40105);
        assertThat(code(post(body, headers("wg-test-0001", ts, nonce, sig)))).isZero();
        // the same nonce again, validly signed: a replay
        assertThat(code(post(body, headers("wg-test-0001", ts, nonce, sig)))).isEqualTo(40104);
        // authentication precedes body validation; a signed non-object body is 40000
        assertThat(code(signedPost("[1,2]".getBytes(StandardCharsets.UTF_8)))).isEqualTo(40000);
    }

    @ParameterizedTest
    @CsvSource({
            "invalid-grid-code-14-digits.json, grid_code, FORMAT",
            "invalid-event-type-not-dispute.json, event_type, NOT_A_DISPUTE",
            "invalid-reported-at-without-offset.json, reported_at, FORMAT",
            "invalid-urgency-0.json, urgency, RANGE",
            "invalid-party-id-check-digit.json, parties[1].id_number, CHECK_DIGIT"})
    void invalidSamplesAre400With40001AndAreNotStored(String file, String field, String reason) throws IOException {
        HttpResponse<String> r = signedPost(GridSignatureTest.sample(file));
        assertThat(r.statusCode()).isEqualTo(400);
        JsonNode answer = JSON.readTree(r.body());
        assertThat(answer.get("code").asInt()).isEqualTo(40001);
        assertThat(answer.at("/data/errors")).hasSize(1);
        assertThat(answer.at("/data/errors/0/field").asText()).isEqualTo(field);
        assertThat(answer.at("/data/errors/0/reason").asText()).isEqualTo(reason);
        assertThat(hub.count("select count(*) from grid_event")).isZero();
        assertThat(hub.count("select count(*) from dispute")).isZero();
    }

    @Test
    void everyValidSampleIsAcceptedAndASecondPushIsADuplicateWithTheSameTrackingId() throws IOException {
        for (String file : List.of("event-story-N-neighbour-0402.json", "event-story-M-marriage-0401.json",
                "event-minimal-0405-with-org-party.json")) {
            byte[] body = GridSignatureTest.sample(file);
            JsonNode first = JSON.readTree(signedPost(body).body());
            assertThat(first.get("code").asInt()).as(file).isZero();
            assertThat(first.at("/data/duplicate").asBoolean()).isFalse();
            // same content, different member order and escaping: still the same content (§5.4)
            byte[] again = reordered(body);
            HttpResponse<String> second = signedPost(again);
            assertThat(second.statusCode()).isEqualTo(200);
            assertThat(JSON.readTree(second.body()).at("/data/tracking_id").asText())
                    .isEqualTo(first.at("/data/tracking_id").asText());
            assertThat(JSON.readTree(second.body()).at("/data/duplicate").asBoolean()).isTrue();
        }
        assertThat(hub.count("select count(*) from dispute where source_agency = 'grid'")).isEqualTo(3);
    }

    @Test
    void conflictSampleAfterStoryNIs409WithTheOriginalTrackingIdAndLeavesTheStoredEventUnchanged() throws IOException {
        byte[] original = GridSignatureTest.sample("event-story-N-neighbour-0402.json");
        String trackingId = JSON.readTree(signedPost(original).body()).at("/data/tracking_id").asText();
        HttpResponse<String> r = signedPost(GridSignatureTest.sample("invalid-conflict-same-event-id.json"));
        assertThat(r.statusCode()).isEqualTo(409);
        JsonNode answer = JSON.readTree(r.body());
        assertThat(answer.get("code").asInt()).isEqualTo(40901);
        assertThat(answer.at("/data/tracking_id").asText()).isEqualTo(trackingId);
        String stored = hub.jdbc().sql("select body from grid_event where event_id = :id").param("id", N)
                .query(String.class).single();
        assertThat(stored).isEqualTo(new String(original, StandardCharsets.UTF_8));
        assertThat(alerts.open(50)).anyMatch(a -> a.code().equals("GRID_EVENT_CONFLICT") && a.message().contains(N)
                && !a.message().contains("巴特尔"));
    }

    @Test
    void statusUpdatesFollowTheLifecycleInOrderWithStrictlyIncreasingUpdatedAt() throws IOException {
        // an event id of its own: a status update an earlier test's event N still had in flight cannot reach this one
        String e = "SJ20261128" + String.format("%010d",
                Math.abs(UUID.randomUUID().getMostSignificantBits() % 10_000_000_000L));
        byte[] story = withEventId(GridSignatureTest.sample("event-story-N-neighbour-0402.json"), e);
        String trackingId = JSON.readTree(signedPost(story).body()).at("/data/tracking_id").asText();
        // received first (≤ 10 min), then assigned once the mediation body registered the case (triage → legal-service)
        await().atMost(WAIT).until(() -> statuses(e).contains("assigned"));
        List<JsonNode> sent = platform.accepted(e);
        assertThat(sent.get(0).get("status").asText()).isEqualTo("received");
        assertThat(sent.get(0).has("handler_org")).isFalse();
        JsonNode assigned = sent.get(1);
        assertThat(assigned.get("handler_org").asText()).isEqualTo("西门街道人民调解委员会");

        // a duplicate push sends no second "received"
        signedPost(reordered(story));

        EventData.Target target = new EventData.Target("legal-service", "TW15050200101", "西门街道人民调解委员会");
        publish(EventType.MEDIATION_ACCEPTED, trackingId, new EventData.MediationAccepted(trackingId, trackingId + "-01",
                null, target, OffsetDateTime.now(clock).toString()));
        await().atMost(WAIT).until(() -> statuses(e).contains("in_mediation"));
        publish(EventType.MEDIATION_CONCLUDED, trackingId, new EventData.MediationConcluded(trackingId,
                trackingId + "-01", null, target, "SUCCESS", OffsetDateTime.now(clock).toString(), null,
                "巴特尔于12月10日前清理通道杂物。", null, null, null, null, null));
        await().atMost(WAIT).until(() -> statuses(e).contains("resolved"));
        // after a final status nothing more is sent (§6.2), even when the canonical stream says more
        publish(EventType.MEDIATION_ACCEPTED, trackingId, new EventData.MediationAccepted(trackingId, trackingId + "-01",
                null, target, OffsetDateTime.now(clock).toString()));

        await().during(Duration.ofSeconds(2)).atMost(WAIT).until(() -> hub.count(
                "select count(*) from grid_status_out where event_id = ? and state = 'PENDING'", e) == 0);
        assertThat(statuses(e)).containsExactly("received", "assigned", "in_mediation", "resolved");
        assertThat(platform.received()).filteredOn(r -> r.eventId().equals(e)).allMatch(r -> r.httpStatus() == 200);
        OffsetDateTime previous = null;
        for (JsonNode s : platform.accepted(e)) {
            assertThat(Set.of("status", "handler_org", "note", "updated_at")).containsAll(iterable(s));
            assertThat(s.get("updated_at").asText()).matches(".*\\+08:00");
            OffsetDateTime at = OffsetDateTime.parse(s.get("updated_at").asText());
            assertThat(previous == null || at.isAfter(previous)).isTrue();
            previous = at;
            if (!s.get("status").asText().equals("received")) {
                assertThat(s.get("handler_org").asText()).isEqualTo("西门街道人民调解委员会");
            }
        }
    }

    @Test
    void anOutageDelaysAStatusUpdateWhichIsResentIdenticallyWithFreshSignatures() throws IOException {
        platform.failNext(2, 503);
        signedPost(GridSignatureTest.sample("event-minimal-0405-with-org-party.json"));
        String id = "SJ202611270000001102";
        await().atMost(WAIT).until(() -> statuses(id).contains("received"));
        List<GridPlatformSimulator.Received> tries = platform.received().stream().filter(r -> r.eventId().equals(id))
                .toList();
        assertThat(tries.get(0).httpStatus()).isEqualTo(503);
        assertThat(tries.get(1).httpStatus()).isEqualTo(503);
        assertThat(tries.get(2).httpStatus()).isEqualTo(200);
        assertThat(tries.get(2).body()).isEqualTo(tries.get(0).body());
        assertThat(hub.count("select attempts from grid_status_out where event_id = ? and status = 'received'", id))
                .isEqualTo(3);
    }

    @Test
    void aRefusedStatusIsAlertedAndAMissedReceivedDeadlineRaisesOneAlert() throws IOException {
        platform.failNext(1, 400);
        String trackingId = JSON.readTree(signedPost(GridSignatureTest.sample("event-story-M-marriage-0401.json"))
                .body()).at("/data/tracking_id").asText();
        await().atMost(WAIT).until(() -> alerts.open(50).stream().anyMatch(a -> a.code().equals("GRID_STATUS_REJECTED")
                && trackingId.equals(a.disputeId())));
        ((HubClock) clock).jumpTo(clock.instant().plus(Duration.ofMinutes(11)));
        assertThat(deadlines.check()).isGreaterThanOrEqualTo(1);
        assertThat(deadlines.check()).isZero();
        assertThat(alerts.open(50)).anyMatch(a -> a.code().equals("GRID_RECEIVED_OVERDUE")
                && trackingId.equals(a.disputeId()));
    }

    // --- helpers -------------------------------------------------------------------------------------------------

    private void publish(EventType type, String disputeId, Record data) {
        tx.executeWithoutResult(t -> events.publish(type, disputeId, "legal-service", data));
    }

    private List<String> statuses(String eventId) {
        return platform.accepted(eventId).stream().map(s -> s.get("status").asText()).toList();
    }

    private static Iterable<String> iterable(JsonNode n) {
        return n::fieldNames;
    }

    private static byte[] withEventId(byte[] body, String eventId) throws IOException {
        ObjectNode in = (ObjectNode) JSON.readTree(body);
        in.put("event_id", eventId);
        return JSON.writeValueAsBytes(in);
    }

    private static byte[] reordered(byte[] body) throws IOException {
        ObjectNode in = (ObjectNode) JSON.readTree(body);
        ObjectNode out = JSON.createObjectNode();
        List<String> names = new java.util.ArrayList<>();
        in.fieldNames().forEachRemaining(names::add);
        java.util.Collections.reverse(names);
        names.forEach(n -> out.set(n, in.get(n)));
        return JSON.writer().with(com.fasterxml.jackson.core.json.JsonWriteFeature.ESCAPE_NON_ASCII)
                .writeValueAsBytes(out);
    }

    private int code(HttpResponse<String> r) throws IOException {
        return JSON.readTree(r.body()).get("code").asInt();
    }

    private Map<String, String> headers(String key, String ts, String nonce, String sig) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("X-App-Key", key);
        h.put("X-Timestamp", ts);
        h.put("X-Nonce", nonce);
        h.put("X-Signature", sig);
        return h;
    }

    private HttpResponse<String> signedPost(byte[] body) {
        String ts = Long.toString(clock.millis());
        String nonce = UUID.randomUUID().toString();
        return post(body, headers("wg-test-0001", ts, nonce,
                GridSignature.sign(SECRET, "POST", GridInbound.PATH, ts, nonce, body)));
    }

    private HttpResponse<String> post(byte[] body, Map<String, String> headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + GridInbound.PATH))
                .header("Content-Type", "application/json;charset=UTF-8")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(b::header);
        try {
            return http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Sends a sample .http request: its X-* headers and the exact body bytes after the blank line. */
    private HttpResponse<String> sendHttpFile(String file) throws IOException {
        byte[] all = GridSignatureTest.sample(file);
        // HTTP message format: CRLF line ends; the body follows the first empty line, byte-exact.
        byte[] blank = "\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        int split = indexOf(all, blank);
        String head = new String(all, 0, split, StandardCharsets.UTF_8);
        byte[] body = Arrays.copyOfRange(all, split + blank.length, all.length);
        Map<String, String> headers = new LinkedHashMap<>();
        for (String line : head.split("\r\n")) {
            if (line.startsWith("X-")) {
                headers.put(line.substring(0, line.indexOf(':')), line.substring(line.indexOf(':') + 1).trim());
            }
        }
        int declared = Integer.parseInt(head.replaceAll("(?s).*Content-Length: (\\d+).*", "$1"));
        assertThat(body).hasSize(declared);
        return post(body, headers);
    }

    private static int indexOf(byte[] data, byte[] pattern) {
        for (int i = 0; i + pattern.length <= data.length; i++) {
            if (Arrays.equals(data, i, i + pattern.length, pattern, 0, pattern.length)) {
                return i;
            }
        }
        throw new IllegalArgumentException("no blank line");
    }
}
