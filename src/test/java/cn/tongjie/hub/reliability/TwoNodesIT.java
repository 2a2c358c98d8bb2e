package cn.tongjie.hub.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 7, fault 5: two hub nodes (separate JVMs) on one broker and one database share the work — the same consumer
 * groups split the police partitions, both run every scheduled job — and one is killed with SIGKILL under load. The
 * survivor takes over the dead node's partitions (after the group's session time-out) and its deadlines: every
 * handover gets exactly one case at the legal-service simulator and one accepted feedback, and every grid deadline
 * (contract §8 "received" within a limit, shortened here to {@value #RECEIVED_WITHIN_SECONDS} s) is reported exactly
 * once — those that fell due while both nodes ran (both scan; only one may report) and those that fell due after
 * the kill (pushed to the killed node; only the survivor is left to report them).
 */
class TwoNodesIT {

    private static final int N = 200;
    private static final double RATE = 10;
    private static final int WARM_UP = 5;
    private static final int EVENTS_PER_BATCH = 5;
    static final int RECEIVED_WITHIN_SECONDS = 60;
    private static final String GRID_PATH = "/api/grid/v1/events";
    /** Grid contract §4 TEST credentials (public samples; the demo profile accepts them). */
    private static final String GRID_KEY = "wg-test-0001";
    private static final String GRID_SECRET = "wgT3st-S3cret-2026-NotForProduction";
    private static final Pattern OVERDUE_EVENT = Pattern.compile("grid event (\\S+):");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private HubProcessEnvironment env;
    private HubProcessLoad load;
    private int eventSeq;

    @BeforeEach
    void setUp() {
        env = HubProcessEnvironment.start("two-nodes");
    }

    @AfterEach
    void tearDown() {
        if (load != null) {
            load.close();
        }
        env.close();
    }

    @Test
    void shouldLetTheSurvivorTakeOverPartitionsAndDeadlinesWithNothingLostOrReportedTwice() {
        // The grid platform is unreachable, so no "received" is ever accepted and every event falls due.
        List<String> nodeArgs = List.of(
                "--tongjie.grid.base-url=http://127.0.0.1:" + HubProcess.freePort() + "/gateway",
                "--tongjie.grid.received-within=" + RECEIVED_WITHIN_SECONDS + "s",
                "--tongjie.grid.deadline-check-interval=1s");
        HubProcess a = env.node("node-a", nodeArgs);
        HubProcess b = env.node("node-b", nodeArgs);
        // one after the other: the first applies the migrations, the second finds them done
        a.start(HubProcess.START_TIMEOUT);
        b.start(HubProcess.START_TIMEOUT);

        // 1. deadlines falling due while both nodes scan them every second (the police warm-up runs meanwhile)
        List<String> bothAlive = pushGridEvents(a, EVENTS_PER_BATCH);
        load = new HubProcessLoad(env.broker.bootstrapServers(), N, 3000);
        load.watchFeedback();
        load.produceInBackground(0, WARM_UP, RATE);
        await().atMost(Duration.ofSeconds(RECEIVED_WITHIN_SECONDS + 90)).pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> assertThat(overdueReports().keySet()).as(env::logs).containsAll(bothAlive));
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200))
                .until(() -> load.casesPerHandover(env.legal).size() >= 1);

        // 2. node A takes grid events whose deadlines fall due only after its death; then the police stream, shared
        //    by both nodes, and node A is killed in it
        long pushed = System.nanoTime();
        List<String> afterKill = pushGridEvents(a, EVENTS_PER_BATCH);
        load.produceInBackground(WARM_UP, N, RATE);
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(100))
                .until(() -> load.casesPerHandover(env.legal).size() >= 40 || load.sent() >= N / 2);
        int sentBeforeKill = load.sent();
        int casesBeforeKill = load.casesPerHandover(env.legal).size();
        assertThat(overdueReports().keySet()).as("node A dies before the second batch falls due")
                .doesNotContainAnyElementsOf(afterKill);
        a.kill9();
        assertThat(System.nanoTime() - pushed).as("the kill came before the second batch was due")
                .isLessThan(Duration.ofSeconds(RECEIVED_WITHIN_SECONDS).toNanos());
        assertThat(sentBeforeKill).as("the kill happens while handovers are still being produced").isLessThan(N);
        assertThat(b.alive()).isTrue();

        load.awaitProduced(Duration.ofSeconds(60));
        // the survivor gets the dead node's partitions after the consumer group's session time-out (45 s)
        load.awaitDelivered(env.legal, Duration.ofSeconds(480), Duration.ofSeconds(90), env::logs);
        await().atMost(Duration.ofSeconds(RECEIVED_WITHIN_SECONDS + 60)).pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> assertThat(overdueReports().keySet()).as(env::logs).containsAll(afterKill));
        // a few more scans of the survivor and late resends: nothing is added
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(30)).until(
                () -> env.count("select count(*) from outbox where status = 'PENDING'") == 0
                        && env.count("select count(*) from assignment where status = 'PENDING' "
                                + "and agency = 'legal-service'") == 0);

        HubProcessLoad.Outcome o = load.outcome(env.legal);
        Map<String, Integer> reports = overdueReports();
        List<String> deadlines = new ArrayList<>(bothAlive);
        deadlines.addAll(afterKill);
        long reportedOnce = deadlines.stream().filter(e -> reports.getOrDefault(e, 0) == 1).count();
        int reportedTwice = deadlines.stream().mapToInt(e -> Math.max(0, reports.getOrDefault(e, 0) - 1)).sum();
        long missed = deadlines.stream().filter(e -> !reports.containsKey(e)).count();
        HubProcessFigures.record("two-nodes-one-killed", o.sent(), o.delivered(), o.lost(), o.duplicated(), 1,
                "sentBeforeKill=" + sentBeforeKill + " casesBeforeKill=" + casesBeforeKill + " feedbackResends="
                        + o.detail().get("feedbackResends"));
        HubProcessFigures.record("two-nodes-deadlines", deadlines.size(), (int) reportedOnce, (int) missed,
                reportedTwice, 1, "dueWhileBothRan=" + bothAlive.size() + " dueAfterKill=" + afterKill.size());

        assertThat(o.sent()).isEqualTo(N);
        assertThat(o.lost()).as(o + env.logs()).isZero();
        assertThat(o.duplicated()).as(o.toString()).isZero();
        assertThat(env.count("select count(*) from dispute where source_channel = 'POLICE_HANDOVER'"))
                .as("one dispute per handover").isEqualTo(N);
        assertThat(missed).as("deadlines missed " + reports).isZero();
        assertThat(reportedTwice).as("deadlines reported twice " + reports).isZero();
    }

    /** event id → GRID_RECEIVED_OVERDUE alerts naming it (the alert message carries the event id, no personal data). */
    private Map<String, Integer> overdueReports() {
        Map<String, Integer> out = new HashMap<>();
        for (String m : env.db.sql("select message from alert where code = 'GRID_RECEIVED_OVERDUE'")
                .query(String.class).list()) {
            Matcher x = OVERDUE_EVENT.matcher(m);
            if (x.find()) {
                out.merge(x.group(1), 1, Integer::sum);
            }
        }
        return out;
    }

    /** Pushes n new grid events (story M sample, fresh event_id) to the node, signed as the contract says (§4). */
    private List<String> pushGridEvents(HubProcess node, int n) {
        ObjectNode template = gridTemplate();
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.ofHours(8)).truncatedTo(ChronoUnit.SECONDS);
        String day = now.format(DateTimeFormatter.BASIC_ISO_DATE).substring(0, 8);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String eventId = "SJ" + day + String.format("%010d", 7_000_000 + eventSeq++);
            ObjectNode v = template.deepCopy();
            v.put("event_id", eventId).put("reported_at", now.minusMinutes(1).toString());
            byte[] body = v.toString().getBytes(StandardCharsets.UTF_8);
            HttpResponse<String> r = signedPost(node, body);
            assertThat(r.statusCode()).as(() -> "grid push answered " + r.body() + node.logTail(30)).isEqualTo(200);
            assertThat(code(r.body())).as(r::body).isZero();
            ids.add(eventId);
        }
        return ids;
    }

    private HttpResponse<String> signedPost(HubProcess node, byte[] body) {
        String ts = Long.toString(System.currentTimeMillis());
        String nonce = UUID.randomUUID().toString();
        String message = "POST\n" + GRID_PATH + "\n" + ts + "\n" + nonce + "\n" + sha256Hex(body);
        HttpRequest request = HttpRequest.newBuilder(URI.create(node.baseUrl() + GRID_PATH))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json;charset=UTF-8")
                .header("X-App-Key", GRID_KEY).header("X-Timestamp", ts).header("X-Nonce", nonce)
                .header("X-Signature", hmac(message))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new AssertionError("grid push failed: " + e + node.logTail(30), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    private static int code(String body) {
        try {
            JsonNode j = JSON.readTree(body);
            return j.path("code").asInt(-1);
        } catch (IOException e) {
            return -1;
        }
    }

    private static String sha256Hex(byte[] body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
        } catch (GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }

    private static String hmac(String message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(GRID_SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return Base64.getEncoder().encodeToString(mac.doFinal(message.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }

    private static ObjectNode gridTemplate() {
        try (InputStream in = TwoNodesIT.class.getClassLoader()
                .getResourceAsStream("samples/grid/event-story-M-marriage-0401.json")) {
            if (in == null) {
                throw new AssertionError("grid sample missing on the test classpath");
            }
            return (ObjectNode) JSON.readTree(in);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
