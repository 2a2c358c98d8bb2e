package cn.tongjie.hub.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import cn.tongjie.hub.it.HubFixture;
import cn.tongjie.hub.it.HubIT;
import cn.tongjie.hub.it.HubITSupport;
import cn.tongjie.hub.it.Samples;
import cn.tongjie.hub.simulator.grid.GridPlatformSimulator;
import cn.tongjie.hub.simulator.legal.LegalServiceSimulator;
import cn.tongjie.hub.simulator.legal.LegalServiceSimulator.RecordedCall;
import cn.tongjie.hub.simulator.womensfederation.WomensFederationSimulator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Issue 7 item 2, "each agency system down for a period": an outbound agency is taken down (its simulator answers
 * 503), N messages for it arise meanwhile, it comes back, and the hub's store-and-forward delivers every one exactly
 * once — counted at the simulator — and in order per dispute where the contract orders them. At the end the table is
 * printed: scenario | sent | delivered | lost | duplicated. The court's outage has its own IT (CourtOutageIT:
 * acknowledgement then result per delegation, same messageId and body on every retry).
 */
@HubIT
class AgencyOutageIT extends HubITSupport {

    private static final int N = 10;
    private static final Duration WAIT = Duration.ofSeconds(40);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> TABLE = new ArrayList<>();

    private static final String GRID_KEY = "wg-test-0001";
    private static final String GRID_SECRET = "wgT3st-S3cret-2026-NotForProduction";
    private static final String GRID_PATH = "/api/grid/v1/events";

    @Autowired
    LegalServiceSimulator legal;
    @Autowired
    GridPlatformSimulator grid;
    @Autowired
    WomensFederationSimulator womensFederation;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeEach
    void setUp() {
        HubFixture.manual(legal);
        grid.reset();
        womensFederation.reset();
    }

    @AfterEach
    void bringEveryoneBack() {
        legal.setDown(false);
        grid.failNext(0, 503);
        womensFederation.failNext(0);
    }

    @AfterAll
    static void printTable() {
        // the figures issue 7 asks for at the end of the run
        System.out.println("Agency outages (scenario | sent | delivered | lost | duplicated):");
        TABLE.forEach(t -> System.out.println("  " + t));
    }

    @Test
    void legalServiceCreateCaseShouldDeliverEveryCaseOnceAfterAnOutage() {
        legal.setDown(true);
        List<String> jjdbhs = produceHandovers("handover-story-N-neighbour-0302.kafka.json", "J15050220261127", 300);
        List<String> refs = jjdbhs.stream().map(j -> disputeOf(j) + "-01").toList();
        // the outage lasts until the hub was refused several times and holds all N cases; the hub's circuit breaker
        // stops trying every case against a dead service, so not each case needs its own 503
        await().atMost(WAIT).until(() -> legal.createCaseAnswers(503) >= 5 && hub.count("select count(*) from "
                + "assignment where agency = 'legal-service' and case_no is null") == N);
        // (the simulator keeps earlier tests' cases: count only this test's, and by reference, never printing one)
        assertThat(refs.stream().filter(r -> legal.storedCase(r).isPresent()).count()).as("nothing stored while down")
                .isZero();

        long refused = legal.createCaseAnswers(503);
        legal.setDown(false);
        await().atMost(WAIT).until(() -> refs.stream().allMatch(r -> legal.storedCase(r).isPresent()));
        // let late retries land before counting
        await().during(Duration.ofSeconds(2)).atMost(WAIT).until(() -> hub.count(
                "select count(*) from assignment where agency = 'legal-service' and case_no is null") == 0);

        long delivered = refs.stream().filter(r -> callsAnswered(r, 201) >= 1).count();
        long duplicated = refs.stream().mapToLong(r -> Math.max(0, callsAnswered(r, 201) - 1) + callsAnswered(r, 409))
                .sum();
        record("legal-service createCase (down, " + refused + " × 503)", "legal-service-outage", N, delivered, duplicated,
                refused);
        assertThat(legal.storedCases().stream().filter(c -> refs.contains(c.externalRef())).count()).isEqualTo(N);
        assertThat(delivered).isEqualTo(N);
        assertThat(duplicated).isZero();
    }

    @Test
    void womensFederationReferralsShouldArriveOnceAfterAnOutage() {
        int outage = 3 * N; // refused attempts before the federation's system is back
        womensFederation.failNext(outage);
        List<String> jjdbhs = produceHandovers("handover-story-F-family-0301-violence-risk.kafka.json",
                "J15052420261126", 400);
        List<String> refs = new ArrayList<>();
        for (String j : jjdbhs) {
            String dispute = disputeOf(j);
            refs.add(await().atMost(WAIT).until(() -> jdbc.sql("select external_ref from assignment "
                    + "where dispute_id = ? and agency = 'womens-federation'").param(dispute).query(String.class)
                    .optional(), Optional::isPresent).orElseThrow());
        }
        await().atMost(WAIT).until(() -> refs.stream().allMatch(r -> womensFederation.find(r).isPresent()));
        await().during(Duration.ofSeconds(2)).atMost(WAIT).until(() -> hub.count(
                "select count(*) from assignment where agency = 'womens-federation' and case_no is null") == 0);

        long delivered = refs.stream().filter(r -> womensFederation.find(r).isPresent()).count();
        // every request beyond the refused ones and one per referral is a duplicate
        long duplicated = Math.max(0, womensFederation.requestCount() - outage - N);
        record("womens-federation referral (" + outage + " × 503)", "womens-federation-outage", N, delivered,
                duplicated, outage);
        assertThat(womensFederation.requestCount()).as("the outage was ridden out, not skipped")
                .isGreaterThanOrEqualTo(outage + N);
        assertThat(delivered).isEqualTo(N);
        assertThat(duplicated).isZero();
    }

    @Test
    void gridStatusUpdatesShouldArriveOnceAndInOrderAfterAnOutage() throws Exception {
        int outage = 3 * N;
        grid.failNext(outage, 503);
        List<String> events = new ArrayList<>();
        for (int i = 0; i < N; i++) {
            String eventId = "SJ20261128" + String.format("%010d", 5000 + i);
            byte[] body = new String(Files.readAllBytes(Path.of("src/test/resources/samples/grid/"
                    + "event-story-N-neighbour-0402.json")), StandardCharsets.UTF_8)
                    .replace("SJ202611280000001234", eventId).getBytes(StandardCharsets.UTF_8);
            assertThat(gridPost(body).statusCode()).isEqualTo(200);
            events.add(eventId);
        }
        // received (§6.2) then assigned once the mediation body registered the case: two updates per event
        await().atMost(WAIT).until(() -> events.stream().allMatch(e -> statuses(e).contains("assigned")));
        await().during(Duration.ofSeconds(2)).atMost(WAIT).until(() -> hub.count(
                "select count(*) from grid_status_out where state = 'PENDING'") == 0);

        long refused = grid.received().stream().filter(r -> r.httpStatus() == 503).count();
        long delivered = 0;
        long duplicated = 0;
        for (String e : events) {
            List<String> s = statuses(e);
            delivered += s.stream().distinct().count();
            duplicated += s.size() - s.stream().distinct().count();
            assertThat(s).as(e + ": in order, once each").containsExactly("received", "assigned");
        }
        record("grid status updates (" + outage + " × 503)", "grid-status-outage", 2L * N, delivered, duplicated,
                outage);
        assertThat(refused).as("the outage happened").isEqualTo(outage);
        assertThat(delivered).isEqualTo(2L * N);
        assertThat(duplicated).isZero();
    }

    // --- helpers ----------------------------------------------------------------------------------------------

    private static void record(String scenario, String name, long sent, long delivered, long duplicated,
            long faults) {
        InfraFaultFigures.record(name, sent, delivered, duplicated, faults);
        TABLE.add(String.format("%-45s | %4d | %9d | %4d | %10d", scenario, sent, delivered, sent - delivered,
                duplicated));
    }

    /** N handovers made from one sample, each with its own jjdbh and message id (so N disputes, N assignments). */
    private List<String> produceHandovers(String sample, String jjdbhPrefix, int firstSeq) {
        JsonNode template = Samples.json("police/" + sample).get("records").get(0);
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        List<String> jjdbhs = new ArrayList<>();
        for (int i = 0; i < N; i++) {
            String jjdbh = jjdbhPrefix + String.format("%04d", firstSeq + i);
            ObjectNode r = template.deepCopy();
            r.put("key", jjdbh);
            ((ObjectNode) r.get("value")).put("jjdbh", jjdbh);
            ((ObjectNode) r.get("headers")).put("police-msg-id", UUID.randomUUID().toString());
            records.add(Samples.policeRecord(r));
            jjdbhs.add(jjdbh);
        }
        hub.produce(records);
        return jjdbhs;
    }

    private String disputeOf(String jjdbh) {
        return await().atMost(WAIT).until(() -> jdbc.sql("select dispute_id from dispute_xref where ref = ?")
                .param(jjdbh).query(String.class).optional(), Optional::isPresent).orElseThrow();
    }

    private long callsAnswered(String externalRef, int status) {
        return legal.calls().stream().filter(c -> c.operation().equals("createCase")
                && externalRef.equals(c.externalRef()) && c.httpStatus() == status).count();
    }

    private List<String> statuses(String eventId) {
        return grid.accepted(eventId).stream().map(s -> s.get("status").asText()).toList();
    }

    private HttpResponse<String> gridPost(byte[] body) throws Exception {
        String ts = Long.toString(clock.millis());
        String nonce = UUID.randomUUID().toString();
        String bodyHash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(GRID_SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String signature = Base64.getEncoder().encodeToString(mac.doFinal(("POST\n" + GRID_PATH + "\n" + ts + "\n"
                + nonce + "\n" + bodyHash).getBytes(StandardCharsets.UTF_8)));
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + GRID_PATH))
                .header("Content-Type", "application/json;charset=UTF-8").header("X-App-Key", GRID_KEY)
                .header("X-Timestamp", ts).header("X-Nonce", nonce).header("X-Signature", signature)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }
}
