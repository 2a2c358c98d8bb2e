package cn.tongjie.hub.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import cn.tongjie.hub.court.replay.CourtManifest;
import cn.tongjie.hub.court.replay.CourtRequests;
import cn.tongjie.hub.court.replay.CourtXml;
import cn.tongjie.hub.infra.HubClock;
import cn.tongjie.hub.it.HubFixture;
import cn.tongjie.hub.it.HubIT;
import cn.tongjie.hub.it.HubITSupport;
import cn.tongjie.hub.it.Samples;
import cn.tongjie.hub.mapping.MappingEngine;
import cn.tongjie.hub.registry.AssignmentStatus;
import cn.tongjie.hub.registry.Assignments;
import cn.tongjie.hub.registry.Dispute;
import cn.tongjie.hub.registry.DisputeRegistry;
import cn.tongjie.hub.registry.DisputeStatus;
import cn.tongjie.hub.simulator.legal.LegalServiceSimulator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The bad-input catalogue of issue 7 item 2: one place that proves the whole list. Each kind of bad input goes to
 * one inbound connector and must get that contract's answer (HTTP status + code, SOAP fault, police quarantine
 * entry); right after it a valid message on the same channel must still go through, so no stream stops. Many kinds
 * are also tested in depth by the connectors' own ITs; here they are side by side. At the end the table is printed:
 * # | connector | kind | answer | stream continues.
 */
@HubIT
class BadInputCatalogueIT extends HubITSupport {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> TABLE = new ArrayList<>();
    private static final AtomicInteger SEQ = new AtomicInteger();
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final ZoneOffset BEIJING = ZoneOffset.ofHours(8);
    private static final Charset GB18030 = Charset.forName("GB18030");

    // the contracts' sample credentials (test profile), as InboundSecuritySuiteIT uses them
    private static final String PETITION_KEY = "xf-test-0001";
    private static final String PETITION_SECRET = "xfT3st-S3cret-2026-NotForProduction";
    private static final String GRID_KEY = "wg-test-0001";
    private static final String GRID_SECRET = "wgT3st-S3cret-2026-NotForProduction";
    private static final String PETITION_PATH = "/api/petition/v1/disputes";
    private static final String GRID_PATH = "/api/grid/v1/events";
    private static final String LEGAL_PATH = "/api/legal-service/v1/events";

    // the legal-service samples' own dispute and case (seeded before each legal case, the store is reset between)
    private static final String LEGAL_DISPUTE = "TJ-20261127-000041";
    private static final String LEGAL_REF = LEGAL_DISPUTE + "-01";

    @Autowired
    LegalServiceSimulator legal;
    @Autowired
    DisputeRegistry registry;
    @Autowired
    Assignments assignments;
    @Autowired
    MappingEngine mappings;
    @Autowired
    TransactionTemplate tx;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** One catalogue entry: the bad input (returns the answer as a short string) and the contract's answer. */
    record Kind(String connector, String kind, String expected, Callable<String> bad) {
    }

    @AfterEach
    void resetClock() {
        ((HubClock) clock).reset();
    }

    @TestFactory
    Stream<DynamicTest> everyKindOfBadInputGetsItsContractsAnswerAndTheStreamGoesOn() {
        List<Kind> kinds = new ArrayList<>();
        kinds.addAll(legalKinds());
        kinds.addAll(petitionKinds());
        kinds.addAll(gridKinds());
        kinds.addAll(policeKinds());
        kinds.addAll(courtKinds());
        return kinds.stream().map(k -> DynamicTest.dynamicTest(k.connector() + ": " + k.kind(), () -> {
            HubFixture.manual(legal);
            hub.resetStore();
            String answer = k.bad().call();
            assertThat(answer).as(k.connector() + " " + k.kind()).isEqualTo(k.expected());
            boolean continues = switch (k.connector()) {
                case "legal-service" -> legalValidGoesThrough();
                case "petition" -> petitionValidGoesThrough();
                case "grid" -> gridValidGoesThrough();
                case "police" -> policeValidGoesThrough();
                case "court" -> courtValidGoesThrough();
                default -> throw new AssertionError(k.connector());
            };
            assertThat(continues).as("a valid message after it still goes through").isTrue();
            TABLE.add(String.format("%2d | %-13s | %-44s | %-40s | %s", TABLE.size() + 1, k.connector(), k.kind(),
                    answer, continues ? "yes" : "NO"));
        }));
    }

    @AfterAll
    static void printTable() {
        // the figures issue 7 asks for at the end of the run
        System.out.println("Bad-input catalogue (# | connector | kind | answer | stream continues):");
        TABLE.forEach(t -> System.out.println("  " + t));
    }

    // --- legal-service callbacks (bearer token, JSON) ---------------------------------------------------------------

    private List<Kind> legalKinds() {
        String valid = legalEvent("event-story-N-1-accepted.json");
        return List.of(
                new Kind("legal-service", "truncated JSON", "400 MALFORMED_JSON",
                        () -> legalAnswer(legalPost(valid.substring(0, valid.length() / 2), "application/json"))),
                new Kind("legal-service", "empty body", "400 MALFORMED_JSON",
                        () -> legalAnswer(legalPost("", "application/json"))),
                new Kind("legal-service", "deep JSON nesting (5000 levels)", "400 MALFORMED_JSON",
                        () -> legalAnswer(legalPost("{\"eventId\":" + "[".repeat(5000) + "]".repeat(5000) + "}",
                                "application/json"))),
                new Kind("legal-service", "schema violation (unknown eventType)", "400 VALIDATION_FAILED",
                        () -> legalAnswer(legalPost(legalEvent("invalid-event-unknown-type.json"), "application/json"))),
                new Kind("legal-service", "timestamp without offset", "400 VALIDATION_FAILED",
                        () -> legalAnswer(legalPost(legalEvent("invalid-event-timestamp-without-offset.json"),
                                "application/json"))),
                new Kind("legal-service", "unknown member (forbidden by §2)", "400 VALIDATION_FAILED",
                        () -> legalAnswer(legalPost(valid.replaceFirst("\\{", "{\"remark\":\"x\","),
                                "application/json"))),
                // a sample re-encoded in GB18030: its Chinese text makes it invalid UTF-8 (once a bare 500)
                new Kind("legal-service", "not UTF-8 (GB18030 body)", "400 MALFORMED_JSON",
                        () -> legalAnswer(legalPostBytes(gb18030(legalEvent("event-story-N-2-mediator-assigned.json"))))),
                new Kind("legal-service", "wrong content type (text/plain)", "415",
                        () -> legalAnswer(legalPost(valid, "text/plain"))),
                new Kind("legal-service", "replay: same eventId, other content", "409 EVENT_ID_CONFLICT", () -> {
                    assertThat(legalPost(valid, "application/json").statusCode()).isEqualTo(200);
                    return legalAnswer(legalPost(legalEvent("invalid-event-same-id-different-content.json"),
                            "application/json"));
                }));
    }

    private String legalEvent(String sample) {
        return Samples.text("legal-service/" + sample);
    }

    private HttpResponse<String> legalPost(String body, String contentType) throws Exception {
        seedLegalCase();
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + LEGAL_PATH))
                .header("Content-Type", contentType).header("Authorization", "Bearer " + HubFixture.LEGAL_TOKEN)
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private HttpResponse<String> legalPostBytes(byte[] body) throws Exception {
        seedLegalCase();
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + LEGAL_PATH))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + HubFixture.LEGAL_TOKEN)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private static String legalAnswer(HttpResponse<String> r) {
        String code = field(r.body(), "errorCode");
        // the contract names no code for a wrong media type: Spring's bare 415 is the answer there
        return code.isEmpty() ? Integer.toString(r.statusCode()) : r.statusCode() + " " + code;
    }

    private boolean legalValidGoesThrough() throws Exception {
        HttpResponse<String> r = legalPost(legalEvent("event-story-N-2-mediator-assigned.json"), "application/json");
        return r.statusCode() == 200 && !JSON.readTree(r.body()).path("duplicate").asBoolean()
                && hub.count("select count(*) from legal_event where event_type = 'MEDIATOR_ASSIGNED'") == 1;
    }

    /** Story N as the hub holds it after triage (as LegalServiceSamplesIT seeds it), once per reset store. */
    private void seedLegalCase() {
        if (hub.count("select count(*) from dispute where dispute_id = ?", LEGAL_DISPUTE) > 0) {
            return;
        }
        JsonNode record = Samples.json("police/handover-story-N-neighbour-0302.kafka.json").get("records").get(0)
                .get("value");
        ObjectNode in = JSON.createObjectNode();
        in.set("record", record);
        in.put("disputeId", LEGAL_DISPUTE);
        JsonNode snapshot = mappings.apply("police/handover-to-dispute", in);
        OffsetDateTime at = OffsetDateTime.parse("2026-11-28T10:05:00+08:00");
        tx.executeWithoutResult(s -> {
            registry.create(new Dispute(LEGAL_DISPUTE, DisputeStatus.ASSIGNING, null, "NEIGHBOUR", "150502001001",
                    "police", "POLICE_HANDOVER", "J150502202611270087", "20261127214810", false, false, false,
                    snapshot.toString(), at, at));
            registry.addXref(LEGAL_DISPUTE, "police", "jjdbh", "J150502202611270087");
            assignments.create(LEGAL_REF, LEGAL_DISPUTE, 1, "legal-service", "TW15050200101", "西门街道人民调解委员会",
                    "township-ximen", false, LocalDate.parse("2026-12-28"));
            assignments.setStatus(LEGAL_REF, AssignmentStatus.RECEIVED, null);
        });
    }

    // --- petition push (HMAC, JSON UTF-8) -------------------------------------------------------------------------

    private List<Kind> petitionKinds() {
        return List.of(
                new Kind("petition", "not JSON (truncated)", "400 1000",
                        () -> petitionAnswer(petitionPost(sample("petition/invalid-not-json.json"), "application/json"))),
                new Kind("petition", "bad ID-number check digit", "400 1001 sfzh CHECK_DIGIT",
                        () -> petitionAnswer(petitionPost(sample("petition/invalid-bad-id-check-digit.json"),
                                "application/json"))),
                new Kind("petition", "duplicate keys", "400 1000",
                        () -> petitionAnswer(petitionPost(new String(sample("petition/push-letter-minimal.json"),
                                StandardCharsets.UTF_8).replaceFirst("\\{", "{\"sfjf\":\"N\",")
                                .getBytes(StandardCharsets.UTF_8), "application/json"))),
                new Kind("petition", "not UTF-8 (GB18030 body)", "400 1000",
                        () -> petitionAnswer(petitionPost(gb18030(new String(sample("petition/push-letter-minimal.json"),
                                StandardCharsets.UTF_8)), "application/json"))),
                new Kind("petition", "wrong content type (charset=GBK)", "415 1003",
                        () -> petitionAnswer(petitionPost(sample("petition/push-letter-minimal.json"),
                                "application/json; charset=GBK"))),
                new Kind("petition", "replayed nonce", "401 2001 NONCE_REPLAYED", () -> {
                    byte[] body = sample("petition/push-letter-minimal.json");
                    Map<String, String> headers = signed(PETITION_KEY, PETITION_SECRET, PETITION_PATH, body);
                    assertThat(post(PETITION_PATH, body, "application/json", headers).statusCode()).isEqualTo(202);
                    return petitionAnswer(post(PETITION_PATH, body, "application/json", headers));
                }));
    }

    private HttpResponse<String> petitionPost(byte[] body, String contentType) throws Exception {
        return post(PETITION_PATH, body, contentType, signed(PETITION_KEY, PETITION_SECRET, PETITION_PATH, body));
    }

    private static String petitionAnswer(HttpResponse<String> r) throws Exception {
        JsonNode b = JSON.readTree(r.body());
        String answer = r.statusCode() + " " + b.path("code").asText();
        if (b.path("data").has("cwdm")) {
            answer += " " + b.path("data").path("cwdm").asText();
        }
        JsonNode first = b.path("data").path("cwlb").path(0);
        if (first.has("cwdm") && !first.path("zd").asText().equals("$")) {
            answer += " " + first.path("zd").asText() + " " + first.path("cwdm").asText();
        }
        return answer;
    }

    private boolean petitionValidGoesThrough() throws Exception {
        // a new letter (its own xfjbh), freshly signed
        String xfjbh = "XF15050220261127" + String.format("%04d", 100 + SEQ.incrementAndGet());
        byte[] body = new String(sample("petition/push-letter-minimal.json"), StandardCharsets.UTF_8)
                .replace("XF150502202611270031", xfjbh).getBytes(StandardCharsets.UTF_8);
        return petitionPost(body, "application/json;charset=UTF-8").statusCode() == 202
                && hub.count("select count(*) from petition_item where xfjbh = ?", xfjbh) == 1;
    }

    // --- grid events (HMAC, JSON) -----------------------------------------------------------------------------

    private List<Kind> gridKinds() {
        return List.of(
                new Kind("grid", "bad ID-number check digit", "400 40001 parties[1].id_number CHECK_DIGIT",
                        () -> gridAnswer(gridPost(sample("grid/invalid-party-id-check-digit.json")))),
                new Kind("grid", "out-of-range value (urgency 0)", "400 40001 urgency RANGE",
                        () -> gridAnswer(gridPost(sample("grid/invalid-urgency-0.json")))),
                new Kind("grid", "date without offset", "400 40001 reported_at FORMAT",
                        () -> gridAnswer(gridPost(sample("grid/invalid-reported-at-without-offset.json")))),
                new Kind("grid", "truncated JSON", "400 40000",
                        // cut after the first member: the prefix is ASCII, so this is bad JSON, not bad UTF-8
                        () -> gridAnswer(gridPost("{\"event_id\":\"SJ2026112800000".getBytes(StandardCharsets.UTF_8)))),
                new Kind("grid", "not UTF-8 (GB18030 body)", "400 40000",
                        () -> gridAnswer(gridPost(gb18030(new String(sample("grid/event-story-N-neighbour-0402.json"),
                                StandardCharsets.UTF_8))))),
                new Kind("grid", "JSON array instead of an object", "400 40000",
                        () -> gridAnswer(gridPost("[]".getBytes(StandardCharsets.UTF_8)))));
    }

    private HttpResponse<String> gridPost(byte[] body) throws Exception {
        return post(GRID_PATH, body, "application/json;charset=UTF-8", signed(GRID_KEY, GRID_SECRET, GRID_PATH, body));
    }

    private static String gridAnswer(HttpResponse<String> r) throws Exception {
        JsonNode b = JSON.readTree(r.body());
        String answer = r.statusCode() + " " + b.path("code").asText();
        JsonNode first = b.at("/data/errors/0");
        if (first.has("field")) {
            answer += " " + first.path("field").asText() + " " + first.path("reason").asText();
        }
        return answer;
    }

    private boolean gridValidGoesThrough() throws Exception {
        return gridPost(sample("grid/event-story-N-neighbour-0402.json")).statusCode() == 200
                && hub.count("select count(*) from grid_event") == 1;
    }

    // --- police handovers (Kafka; the contract's answer is a quarantine entry) ---------------------------------

    private List<Kind> policeKinds() {
        return Stream.of(
                        new String[] {"value not JSON (UTF-8 BOM + truncated)", "invalid-value-not-json.kafka.json"},
                        new String[] {"unsupported schema version", "invalid-schema-version-1.1.kafka.json"},
                        new String[] {"required field missing (jjdbh)", "invalid-missing-jjdbh.kafka.json"},
                        new String[] {"unknown region code", "invalid-xzqhdm-unknown.kafka.json"},
                        new String[] {"bad ID-number check digit", "invalid-id-check-digit.kafka.json"})
                .map(k -> new Kind("police", k[0], expectedQuarantine(k[1]), () -> {
                    hub.produce(Samples.policeRecords(k[1]));
                    await().atMost(WAIT).until(() -> hub.count("select count(*) from quarantine") == 1);
                    return "quarantine " + jdbc.sql("select primary_reason from quarantine").query(String.class)
                            .single();
                }))
                .toList();
    }

    private static String expectedQuarantine(String file) {
        return "quarantine " + switch (file) {
            case "invalid-value-not-json.kafka.json" -> "VALUE_NOT_JSON";
            case "invalid-schema-version-1.1.kafka.json" -> "SCHEMA_VERSION_UNSUPPORTED";
            case "invalid-missing-jjdbh.kafka.json" -> "FIELD_MISSING";
            case "invalid-xzqhdm-unknown.kafka.json" -> "REGION_UNKNOWN";
            default -> "CHECK_DIGIT";
        };
    }

    private boolean policeValidGoesThrough() {
        hub.produce(Samples.policeRecords("handover-story-N-neighbour-0302.kafka.json"));
        await().atMost(WAIT).until(() -> hub.count(
                "select count(*) from dispute_xref where ref = 'J150502202611270087'") == 1);
        return true;
    }

    // --- court docking (SOAP 1.1 + WS-Security); the manifest's own bad requests at their clocks ----------------

    private List<Kind> courtKinds() {
        Map<String, String> files = new LinkedHashMap<>();
        files.put("invalid-malformed-xml.xml", "malformed XML");
        files.put("invalid-encoding-gb18030.xml", "GB18030 where UTF-8 is required");
        files.put("invalid-billion-laughs.xml", "entity expansion (billion laughs)");
        files.put("invalid-xxe-doctype.xml", "external entity (XXE DOCTYPE)");
        files.put("invalid-id-check-digit.xml", "bad ID-number check digit");
        files.put("invalid-missing-required-field.xml", "schema violation (required field missing)");
        files.put("invalid-soap12-envelope.xml", "SOAP 1.2 envelope on a SOAP 1.1 port");
        files.put("invalid-body-over-10-mib.seed.xml", "oversized body (10 MiB + 1)");
        List<Kind> kinds = new ArrayList<>();
        for (CourtManifest.Row row : CourtManifest.rows()) {
            String kind = files.get(row.file());
            if (kind != null) {
                kinds.add(new Kind("court", kind, row.expect(), () -> {
                    ((HubClock) clock).jumpTo(row.clock().toInstant());
                    CourtManifest.Request request = CourtManifest.request(row);
                    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                            + "/services/court/docking")).POST(HttpRequest.BodyPublishers.ofByteArray(request.body()));
                    request.headers().forEach(b::header);
                    HttpResponse<byte[]> r = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
                    return CourtXml.answer(r.statusCode(), r.body()).expect();
                }));
            }
        }
        assertThat(kinds).as("every court kind found in the manifest").hasSize(files.size());
        return kinds;
    }

    /** A fresh delegation (the CI sample with new ids and dates, signed now) is accepted. */
    private boolean courtValidGoesThrough() throws Exception {
        int n = 10 + SEQ.incrementAndGet();
        DateTimeFormatter xml = DateTimeFormatter.ISO_OFFSET_DATE_TIME;
        OffsetDateTime now = OffsetDateTime.now(clock).withOffsetSameInstant(BEIJING).withNano(0);
        byte[] body = CourtRequests.fromSample("valid-ci1-delegate-mediation-rental.xml", Map.of(
                "messageId", "FY0502M2026113009" + n, "sentAt", xml.format(now),
                "delegationId", "WT0502-2026-008" + n, "caseNo", "（2026）内0502民初8" + n + "号",
                "delegatedAt", xml.format(now.minusMinutes(10)),
                "dueAt", xml.format(now.toLocalDate().plusDays(7).atTime(23, 59, 59).atOffset(BEIJING))),
                "0502", clock.instant());
        HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                        + "/services/court/docking")).header("Content-Type", "text/xml; charset=utf-8")
                .header("SOAPAction", "\"urn:tongliao:court:docking:v1:DelegateMediation\"")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofByteArray());
        return CourtXml.answer(r.statusCode(), r.body()).expect().equals("RECEIPT:ACCEPTED");
    }

    // --- helpers --------------------------------------------------------------------------------------------------

    private HttpResponse<String> post(String path, byte[] body, String contentType, Map<String, String> headers)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(b::header);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    /** Petition §4 / grid §4 signature, computed from the contracts' text (not with the hub's code). */
    private Map<String, String> signed(String key, String secret, String path, byte[] body) throws Exception {
        String ts = Long.toString(clock.millis());
        String nonce = UUID.randomUUID().toString();
        String bodyHash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        Map<String, String> h = new LinkedHashMap<>();
        h.put("X-App-Key", key);
        h.put("X-Timestamp", ts);
        h.put("X-Nonce", nonce);
        h.put("X-Signature", Base64.getEncoder().encodeToString(mac.doFinal(
                ("POST\n" + path + "\n" + ts + "\n" + nonce + "\n" + bodyHash).getBytes(StandardCharsets.UTF_8))));
        return h;
    }

    private static String field(String json, String name) {
        try {
            return JSON.readTree(json).path(name).asText();
        } catch (Exception e) {
            return "(not JSON: " + json.length() + " chars)";
        }
    }

    /** The text in GB18030; the caller's text must hold Chinese so that the bytes are not also valid UTF-8. */
    private static byte[] gb18030(String text) {
        assertThat(text).as("has non-ASCII text").matches("(?s).*[\\u4e00-\\u9fff].*");
        return text.getBytes(GB18030);
    }

    private static byte[] sample(String path) throws Exception {
        return Files.readAllBytes(Path.of("src/test/resources/samples").resolve(path));
    }
}
