package cn.tongjie.hub.correlation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import cn.tongjie.hub.canonical.CanonicalEvents;
import cn.tongjie.hub.canonical.EventData;
import cn.tongjie.hub.canonical.EventType;
import cn.tongjie.hub.it.HubFixture;
import cn.tongjie.hub.it.HubIT;
import cn.tongjie.hub.it.HubITSupport;
import cn.tongjie.hub.it.Samples;
import cn.tongjie.hub.simulator.grid.GridPlatformSimulator;
import cn.tongjie.hub.simulator.petition.PetitionSystemSimulator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The cross-channel stories of the samples against the running hub: story N (110 handover + grid event) and story L
 * (110 handover + collective petition) each become one dispute carrying every channel's reference, and every channel
 * hears back about it; an operator's undo splits a wrongly attached report back out.
 */
@HubIT
class CrossChannelCorrelationIT extends HubITSupport {

    private static final Duration WAIT = Duration.ofSeconds(40);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String GRID_KEY = "wg-test-0001";
    private static final String GRID_SECRET = "wgT3st-S3cret-2026-NotForProduction";
    private static final String XIMEN = "西门街道人民调解委员会";
    private final HttpClient http = HttpClient.newHttpClient();

    @Autowired
    GridPlatformSimulator grid;
    @Autowired
    PetitionSystemSimulator petition;
    @Autowired
    CanonicalEvents events;
    @Autowired
    TransactionTemplate tx;
    @Autowired
    Correlation correlation;

    @BeforeEach
    void resetSimulators() {
        grid.reset();
        petition.reset();
    }

    @Test
    void shouldMakeStoryNOneDisputeWithBothReferencesAndFeedBackToPoliceAndGrid() throws Exception {
        String jjdbh = uniqueJjdbh();
        String disputeId = handOverStoryN(jjdbh);
        // the mediation body registered the case before the grid member reported: police heard 01 already
        await().atMost(WAIT).until(() -> policeCodes(jjdbh).contains("01"));

        String eventId = uniqueEventId();
        JsonNode answer = pushGridStoryN(eventId);
        assertThat(answer.at("/data/tracking_id").asText()).isEqualTo(disputeId);

        assertThat(hub.count("select count(*) from dispute")).isEqualTo(1);
        assertThat(refs(disputeId)).contains("police/jjdbh/" + jjdbh, "grid/event_id/" + eventId);
        // no second triage: still the one assignment
        assertThat(hub.count("select count(*) from assignment where dispute_id = ?", disputeId)).isEqualTo(1);
        // the grid member is told about the link, and catches up on the assignment made before
        await().atMost(WAIT).until(() -> statuses(eventId).size() >= 2);
        List<JsonNode> sent = grid.accepted(eventId);
        assertThat(sent.get(0).get("status").asText()).isEqualTo("received");
        assertThat(sent.get(0).get("note").asText()).contains(jjdbh);
        assertThat(sent.get(1).get("status").asText()).isEqualTo("assigned");
        assertThat(sent.get(1).get("handler_org").asText()).isEqualTo(XIMEN);

        // the one mediation ends: both channels hear the outcome under their own reference
        EventData.Target target = new EventData.Target("legal-service", "TW15050200101", XIMEN);
        publish(EventType.MEDIATION_ACCEPTED, disputeId, new EventData.MediationAccepted(disputeId, disputeId + "-01",
                null, target, now()));
        publish(EventType.MEDIATION_CONCLUDED, disputeId, new EventData.MediationConcluded(disputeId,
                disputeId + "-01", null, target, "SUCCESS", now(), null, "巴特尔于12月10日前清理通道杂物。", null, null, null,
                null, null));
        await().atMost(WAIT).until(() -> statuses(eventId).contains("resolved"));
        assertThat(statuses(eventId)).containsExactly("received", "assigned", "in_mediation", "resolved");
        await().atMost(WAIT).until(() -> policeCodes(jjdbh).size() >= 2);
        assertThat(policeCodes(jjdbh)).containsExactly("01", "02");
    }

    @Test
    void shouldShowTheMergedDisputeWithAllReferencesInTheAdminList() throws Exception {
        String jjdbh = uniqueJjdbh();
        String disputeId = handOverStoryN(jjdbh);
        String eventId = uniqueEventId();
        pushGridStoryN(eventId);

        HttpResponse<String> r = hub.get("/api/admin/disputes", "monitor", "tongjie-demo");
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode list = JSON.readTree(r.body());
        assertThat(list).hasSize(1);
        assertThat(list.get(0).get("disputeId").asText()).isEqualTo(disputeId);
        assertThat(list.get(0).get("references").findValuesAsText("ref")).contains(jjdbh, eventId);
    }

    @Test
    void shouldSplitAWronglyAttachedGridEventBackOutWhenAnOperatorUndoesIt() throws Exception {
        String jjdbh = uniqueJjdbh();
        String disputeId = handOverStoryN(jjdbh);
        String eventId = uniqueEventId();
        pushGridStoryN(eventId);
        String undo = "/api/admin/disputes/" + disputeId + "/correlations/grid/event_id/" + eventId + "/undo";

        assertThat(hub.postJson(undo, "monitor", "tongjie-demo", "{\"reason\":\"x\"}").statusCode()).isEqualTo(403);
        assertThat(hub.postJson(undo, "admin", "tongjie-demo", "{}").statusCode()).isEqualTo(400);
        HttpResponse<String> r = hub.postJson(undo, "admin", "tongjie-demo", "{\"reason\":\"网格事件是另一起纠纷\"}");
        assertThat(r.statusCode()).isEqualTo(200);
        String newId = JSON.readTree(r.body()).get("newDisputeId").asText();
        assertThat(newId).isNotEqualTo(disputeId).matches("TJ-\\d{8}-\\d{6}");

        assertThat(hub.count("select count(*) from dispute")).isEqualTo(2);
        assertThat(refs(disputeId)).contains("police/jjdbh/" + jjdbh).doesNotContain("grid/event_id/" + eventId);
        assertThat(refs(newId)).containsExactly("grid/event_id/" + eventId);
        assertThat(hub.count("select count(*) from audit_log where action = 'CORRELATION_UNDO' and actor = 'admin'"))
                .isEqualTo(1);
        // triaged on its own: a second assignment, for the split-off dispute
        await().atMost(WAIT).until(() -> hub.count("select count(*) from assignment where dispute_id = ?", newId) == 1);

        // a second undo, the origin, and a report the dispute never had are refused
        assertThat(hub.postJson(undo, "admin", "tongjie-demo", "{\"reason\":\"again\"}").statusCode()).isEqualTo(409);
        assertThat(hub.postJson("/api/admin/disputes/" + disputeId + "/correlations/police/jjdbh/" + jjdbh + "/undo",
                "admin", "tongjie-demo", "{\"reason\":\"origin\"}").statusCode()).isEqualTo(409);
        assertThat(hub.postJson("/api/admin/disputes/" + disputeId + "/correlations/grid/event_id/SJ0/undo",
                "admin", "tongjie-demo", "{\"reason\":\"unknown\"}").statusCode()).isEqualTo(404);
    }

    @Test
    void shouldMakeStoryLOneDisputeAndFeedBackToPoliceAndThePetitionOffice() throws Exception {
        String jjdbh = uniqueJjdbh().replace("J150502", "J150581");
        ObjectNode value = (ObjectNode) Samples.json("police/handover-story-L-mass-wage-0303.kafka.json")
                .get("records").get(0).get("value").deepCopy();
        hub.produce(List.of(handover(value.put("jjdbh", jjdbh))));
        await().atMost(WAIT).until(() -> hub.count("select count(*) from dispute_xref where ref = ?", jjdbh) == 1);
        String disputeId = disputeOf("police", jjdbh);

        byte[] push = Samples.text("petition/push-story-L-mass-wage-collective-visit.json").getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> r = petition.push("http://127.0.0.1:" + port, push);
        assertThat(r.statusCode()).isEqualTo(202);
        assertThat(JSON.readTree(r.body()).at("/data/tjgzh").asText()).isEqualTo(disputeId);
        String xfjbh = "XF150581202611260007";
        assertThat(hub.count("select count(*) from dispute")).isEqualTo(1);
        assertThat(refs(disputeId)).contains("police/jjdbh/" + jjdbh, "petition/xfjbh/" + xfjbh);

        EventData.Target union = new EventData.Target("legal-service", "TW15058100101", "霍林郭勒市总工会劳动争议调解委员会");
        publish(EventType.MEDIATION_ASSIGNED, disputeId, new EventData.MediationAssigned(disputeId, disputeId + "-01",
                "RMTJ-150581-2026-000001", union, "2027-01-25", false, "test", now()));
        await().atMost(WAIT).until(() -> petition.recorded(xfjbh).size() == 1);
        JsonNode fb = petition.recorded(xfjbh).get(0);
        assertThat(fb.get("blzt").asText()).isEqualTo("02");
        assertThat(fb.get("tjgzh").asText()).isEqualTo(disputeId);
        await().atMost(WAIT).until(() -> policeCodes(jjdbh).contains("01"));
    }

    @Test
    void shouldMakeTwoReportsRegisteredAtTheSameMomentOneDispute() throws Exception {
        JsonNode police = canonicalFixture("police/fixtures/handover-to-dispute/story-N-first-version");
        JsonNode gridEvent = canonicalFixture("grid/fixtures/event-to-dispute/story-N-neighbour-gcj02");
        java.util.concurrent.ExecutorService nodes = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            for (int r = 0; r < 5; r++) {
                int round = r;
                // a township of its own per round: every round starts without a lock row, the hardest case
                String region = "15050299" + round + "001";
                java.util.concurrent.CyclicBarrier together = new java.util.concurrent.CyclicBarrier(2);
                var a = nodes.submit(() -> register(together, police, region, "TJ-20261128-99" + round + "001",
                        "police", "POLICE_HANDOVER", "jjdbh", "J1505022026112899" + round + "1"));
                var b = nodes.submit(() -> register(together, gridEvent, region, "TJ-20261128-99" + round + "002",
                        "grid", "GRID_REPORT", "event_id", "SJ2026112899000000" + round + "2"));
                Correlation.Registration ra = a.get(30, java.util.concurrent.TimeUnit.SECONDS);
                Correlation.Registration rb = b.get(30, java.util.concurrent.TimeUnit.SECONDS);
                assertThat(ra.created() ^ rb.created()).as("round " + round + ": exactly one created").isTrue();
                assertThat(ra.disputeId()).isEqualTo(rb.disputeId());
                assertThat(hub.count("select count(*) from dispute where region_code = ?", region)).isEqualTo(1);
            }
        } finally {
            nodes.shutdownNow();
        }
    }

    @Test
    void shouldLetReportsAboutOtherPeopleInTheSameTownshipGoOnWhileAReportIsBeingRegistered() throws Exception {
        JsonNode police = canonicalFixture("police/fixtures/handover-to-dispute/story-N-first-version");
        JsonNode gridEvent = canonicalFixture("grid/fixtures/event-to-dispute/story-N-neighbour-gcj02");
        ObjectNode strangers = (ObjectNode) gridEvent.deepCopy();
        for (JsonNode p : strangers.withArray("parties")) {
            ((ObjectNode) p).put("name", "路人" + p.path("name").asText().hashCode()).remove("idNumber");
        }
        String region = "150502981001";
        java.util.concurrent.ExecutorService nodes = java.util.concurrent.Executors.newFixedThreadPool(3);
        java.util.concurrent.CountDownLatch commit = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch registered = new java.util.concurrent.CountDownLatch(1);
        try {
            // node 1 registers the police report and keeps its transaction (and its locks) open
            var first = nodes.submit(() -> tx.execute(t -> {
                Correlation.Registration r = correlation.register(dispute(police, region, "TJ-20261128-98001",
                        "police", "POLICE_HANDOVER", "J15050220261128981"), "jjdbh");
                registered.countDown();
                try {
                    commit.await(30, java.util.concurrent.TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return r;
            }));
            assertThat(registered.await(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            // a grid event about other people in the same township is registered meanwhile, without waiting
            Correlation.Registration other = nodes.submit(() -> tx.execute(t -> correlation.register(dispute(strangers,
                    region, "TJ-20261128-98002", "grid", "GRID_REPORT", "SJ20261128980000002"), "event_id")))
                    .get(10, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(other.created()).isTrue();
            // a grid event about the same people waits for node 1, then sees its dispute and joins it
            var same = nodes.submit(() -> tx.execute(t -> correlation.register(dispute(gridEvent, region,
                    "TJ-20261128-98003", "grid", "GRID_REPORT", "SJ20261128980000003"), "event_id")));
            await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(() -> !same.isDone());
            commit.countDown();
            Correlation.Registration ra = first.get(30, java.util.concurrent.TimeUnit.SECONDS);
            Correlation.Registration rc = same.get(30, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(ra.created()).isTrue();
            assertThat(rc.created()).isFalse();
            assertThat(rc.disputeId()).isEqualTo(ra.disputeId());
            assertThat(hub.count("select count(*) from dispute where region_code = ?", region)).isEqualTo(2);
        } finally {
            commit.countDown();
            nodes.shutdownNow();
        }
    }

    /** A mapping fixture's expected canonical dispute (mappings/&lt;path&gt;.expected.json). */
    private static JsonNode canonicalFixture(String path) throws java.io.IOException {
        return JSON.readTree(java.nio.file.Path.of("mappings", path + ".expected.json").toFile());
    }

    private cn.tongjie.hub.registry.Dispute dispute(JsonNode canonical, String region, String id, String agency,
            String channel, String ref) {
        ObjectNode snapshot = ((ObjectNode) canonical.deepCopy()).put("regionCode", region).put("disputeId", id);
        OffsetDateTime at = OffsetDateTime.now(clock);
        return new cn.tongjie.hub.registry.Dispute(id, cn.tongjie.hub.registry.DisputeStatus.REGISTERED, null,
                "NEIGHBOUR", region, agency, channel, ref, null, false, false, false, snapshot.toString(), at, at);
    }

    private Correlation.Registration register(java.util.concurrent.CyclicBarrier together, JsonNode canonical,
            String region, String id, String agency, String channel, String refType, String ref) throws Exception {
        cn.tongjie.hub.registry.Dispute report = dispute(canonical, region, id, agency, channel, ref);
        together.await(10, java.util.concurrent.TimeUnit.SECONDS);
        return tx.execute(t -> correlation.register(report, refType));
    }

    // ------------------------------------------------------------------ channels

    private String handOverStoryN(String jjdbh) {
        ObjectNode value = (ObjectNode) Samples.json("police/handover-story-N-neighbour-0302.kafka.json")
                .get("records").get(0).get("value").deepCopy();
        hub.produce(List.of(handover(value.put("jjdbh", jjdbh))));
        await().atMost(WAIT).until(() -> hub.count("select count(*) from dispute_xref where ref = ?", jjdbh) == 1);
        return disputeOf("police", jjdbh);
    }

    private static ProducerRecord<byte[], byte[]> handover(ObjectNode value) {
        ProducerRecord<byte[], byte[]> r = new ProducerRecord<>(HubFixture.HANDOVER,
                value.get("jjdbh").asText().getBytes(StandardCharsets.UTF_8),
                value.toString().getBytes(StandardCharsets.UTF_8));
        r.headers().add("police-msg-id", UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8));
        r.headers().add("police-sent-at", value.get("yjsj").asText().getBytes(StandardCharsets.UTF_8));
        return r;
    }

    private JsonNode pushGridStoryN(String eventId) throws Exception {
        ObjectNode event = (ObjectNode) JSON.readTree(Samples.text("grid/event-story-N-neighbour-0402.json"));
        byte[] body = JSON.writeValueAsBytes(event.put("event_id", eventId));
        String ts = Long.toString(clock.millis());
        String nonce = UUID.randomUUID().toString();
        grid.know(eventId);
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                        + "/api/grid/v1/events"))
                .header("Content-Type", "application/json;charset=UTF-8").header("X-App-Key", GRID_KEY)
                .header("X-Timestamp", ts).header("X-Nonce", nonce)
                .header("X-Signature", gridSignature(ts, nonce, body))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    /** Grid contract §4: HMAC-SHA256 over METHOD, PATH, X-Timestamp, X-Nonce and hex SHA-256 of the body bytes. */
    private static String gridSignature(String ts, String nonce, byte[] body) throws Exception {
        String hash = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(body));
        javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
        mac.init(new javax.crypto.spec.SecretKeySpec(GRID_SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String message = "POST\n/api/grid/v1/events\n" + ts + "\n" + nonce + "\n" + hash;
        return java.util.Base64.getEncoder().encodeToString(mac.doFinal(message.getBytes(StandardCharsets.UTF_8)));
    }

    // ------------------------------------------------------------------ observations

    private String disputeOf(String agency, String ref) {
        return jdbc.sql("select dispute_id from dispute_xref where agency = ? and ref = ?").params(agency, ref)
                .query(String.class).single();
    }

    private List<String> refs(String disputeId) {
        return jdbc.sql("select agency || '/' || ref_type || '/' || ref from dispute_xref where dispute_id = ?"
                + " and agency in ('police', 'grid', 'petition')").param(disputeId).query(String.class).list();
    }

    private List<String> statuses(String eventId) {
        return grid.accepted(eventId).stream().map(s -> s.get("status").asText()).toList();
    }

    /** czjg codes on the police feedback topic for this jjdbh, in order. */
    private List<String> policeCodes(String jjdbh) {
        List<ConsumerRecord<byte[], byte[]>> rs = hub.read(HubFixture.FEEDBACK, List.of(jjdbh), Duration.ofSeconds(1));
        return rs.stream().map(r -> hub.value(r).path("czjg").asText()).toList();
    }

    private void publish(EventType type, String disputeId, Record data) {
        tx.executeWithoutResult(t -> events.publish(type, disputeId, "legal-service", data));
    }

    private String now() {
        return OffsetDateTime.now(clock).toString();
    }

    /** A jjdbh of its own per test: the feedback topic keeps what earlier tests produced for the sample's number. */
    private static String uniqueJjdbh() {
        return "J15050220261127" + String.format("%04d", ThreadLocalRandom.current().nextInt(7000, 10000));
    }

    private static String uniqueEventId() {
        return "SJ20261128" + String.format("%010d", ThreadLocalRandom.current().nextLong(1_000_000_000L, 9_999_999_999L));
    }
}
