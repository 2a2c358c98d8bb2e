package cn.tongjie.hub.court.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import cn.tongjie.hub.court.replay.CourtManifest.Row;
import cn.tongjie.hub.court.replay.CourtXml.Answer;
import cn.tongjie.hub.infra.HubClock;
import cn.tongjie.hub.registry.Dispute;
import cn.tongjie.hub.registry.DisputeRegistry;
import cn.tongjie.hub.registry.DisputeStatus;
import cn.tongjie.hub.it.HubFixture;
import cn.tongjie.hub.it.HubIT;
import cn.tongjie.hub.it.HubITSupport;
import cn.tongjie.hub.simulator.court.CourtSimulator;
import cn.tongjie.hub.simulator.court.CourtSimulatorLog.Received;
import cn.tongjie.hub.simulator.legal.LegalServiceSimulator;
import cn.tongjie.hub.simulator.legal.LegalServiceSimulator.StoredCase;
import cn.tongjie.hub.simulator.tradeunion.UnionSystemSimulator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.w3c.dom.Element;

/**
 * Replays the court contract's whole samples/manifest.csv against the running hub, as contract §16 ("Replaying the
 * manifest against a hub") prescribes: C2H rows go over HTTP to /services/court/docking at each row's clock and the
 * documented answer is asserted; H2C rows are reached by DRIVING the hub through its real inputs wherever such an
 * input exists (the legal-service committee's case events over the hub's callback, the passing of dueAt, the
 * operator's documents over the admin API) and the message the simulated court receives is compared with the sample
 * on the fields §16 item 4 lists; the two hub-originated stories CE and CG, whose mediation happened before the
 * manifest starts, are SEEDED (the transfer / application recorded as sent and accepted), as §16 item 2 allows.
 * At the end: no TIMEOUT or other result for any closed delegation although the clock passed their dueAt (§16 item 3).
 */
@HubIT
class CourtManifestReplayIT extends HubITSupport {

    private static final Duration WAIT = Duration.ofSeconds(40);

    @Autowired
    Clock clock;
    @Autowired
    LegalServiceSimulator legal;
    @Autowired
    CourtSimulator court;
    @Autowired
    DisputeRegistry registry;
    @Autowired
    UnionSystemSimulator union;

    private final ObjectMapper mapper = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    /** Example id in a sample → the id the hub generated for the same object (applicationId of story CA). */
    private final Map<String, String> hubIds = new HashMap<>();

    @BeforeEach
    void setUp() {
        HubFixture.manual(legal);
        court.reset();
    }

    @AfterEach
    void backToNow() {
        ((HubClock) clock).reset();
        court.setDown(false);
    }

    @TestFactory
    Stream<DynamicTest> shouldReplayTheWholeCourtManifestInOrder() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Row row : CourtManifest.rows()) {
            tests.add(DynamicTest.dynamicTest(row.toString(), () -> replay(row)));
        }
        tests.add(DynamicTest.dynamicTest("no result for a closed delegation after its dueAt passed (§16 item 3)",
                this::shouldHaveReportedExactlyTheStoriesResults));
        return tests.stream();
    }

    // ------------------------------------------------------------------------------------------------ one row

    private void replay(Row row) throws Exception {
        if (row.c2h()) {
            jump(row.clock());
            send(row);
        } else {
            drive(row);
        }
    }

    private void send(Row row) throws Exception {
        CourtManifest.Request request = CourtManifest.request(row);
        byte[] body = substituteHubIds(request.body());
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/services/court/docking"))
                .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofByteArray(body));
        request.headers().forEach(b::header);
        HttpResponse<byte[]> response = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        Answer answer = CourtXml.answer(response.statusCode(), response.body());

        assertThat(answer.expect()).as(row + " answered " + new String(response.body(), StandardCharsets.UTF_8))
                .isEqualTo(row.expect());
        if (!row.field().isEmpty()) {
            assertThat(answer.field()).as(row + " field").isEqualTo(row.field());
        }
        if (row.expect().startsWith("HTTP:")) {
            assertThat(response.body()).as("413 has an empty body").isEmpty();
            return;
        }
        if ("RECEIPT:ACCEPTED".equals(row.expect())) {
            Element req = CourtXml.requestElement(row.file().endsWith(".http") ? rootPart(body) : body);
            assertThat(answer.messageId()).isEqualTo(CourtXml.text(req, "messageId"));
            assertThat(answer.httpStatus()).isEqualTo(200);
            afterAccepted(row, req);
        }
    }

    /** The court's own state follows what the hub accepted, as the real court's platform would know it. */
    private void afterAccepted(Row row, Element req) {
        String courtCode = CourtXml.text(req, "courtCode");
        String delegationId = CourtXml.text(req, "delegationId");
        switch (row.operation()) {
            case "DelegateMediation" -> {
                court.registerDelegation(courtCode, delegationId, CourtXml.text(req, "regime"),
                        OffsetDateTime.parse(CourtXml.text(req, "dueAt")));
                // the mediation body must have the case before the story goes on (no createCase racing the clock);
                // story CM's body is the women's federation (M04) and story CB's the union (M13, referral file
                // written), whose cases are not at the legal-service simulator
                String disputeId = disputeOf(courtCode, delegationId);
                await().atMost(WAIT).until(() -> jdbc.sql("select count(*) from assignment where dispute_id = :d "
                        + "and case_no is not null").param("d", disputeId).query(Long.class).single() > 0);
            }
            case "ExtendDelegation" -> court.extendDelegation(courtCode, delegationId,
                    OffsetDateTime.parse(CourtXml.text(req, "newDueAt")));
            default -> {
            }
        }
    }

    // ------------------------------------------------------------------------------------------------ H2C rows

    private void drive(Row row) throws Exception {
        Element example = CourtXml.requestElement(CourtManifest.bytes(row.file()));
        String courtCode = CourtXml.text(example, "courtCode");
        String delegationId = CourtXml.text(example, "delegationId");
        String story = row.file().substring("valid-".length(), "valid-".length() + 2);
        Received sent;
        switch (story) {
            case "ca", "cf", "cb", "ci", "ch" -> {
                if (row.operation().equals("ApplyJudicialConfirmation")) {
                    sent = driveApplication(row, example);
                } else {
                    sent = driveDelegation(row, example, courtCode, delegationId);
                }
            }
            case "ce" -> {
                seedTransfer(example);
                return;
            }
            case "cg" -> {
                seedApplication(example);
                return;
            }
            default -> throw new AssertionError("no driver for " + row);
        }
        assertThat(sent.answer()).as(row + ": the simulated court's answer").isEqualTo("RECEIPT:ACCEPTED");
        Element hubMessage = CourtXml.requestElement(sent.body().getBytes(StandardCharsets.UTF_8));
        assertThat(CourtXml.compareH2c(example, hubMessage)).as(row + " compared with the sample (§16 item 4)")
                .isEmpty();
    }

    private Received driveDelegation(Row row, Element example, String courtCode, String delegationId)
            throws Exception {
        String disputeId = disputeOf(courtCode, delegationId);
        if (row.operation().equals("AcknowledgeDelegation") && "DECLINED".equals(CourtXml.text(example, "decision"))) {
            jump(row.clock());
            return declineEverywhere(disputeId, delegationId);
        }
        if (row.operation().equals("AcknowledgeDelegation") && withUnion(disputeId)) {
            // story CB (labour, suggested TY0581-001): the union's system imports the referral file and archives it
            // (trade-union §5.1) — its only acceptance the hub can see; it never sends a result (TIMEOUT at row 12)
            jump(row.clock());
            await().atMost(WAIT).until(() -> !union.importReferrals().isEmpty());
            return awaitSent("AcknowledgeDelegation", delegationId);
        }
        if (row.operation().equals("AcknowledgeDelegation")) {
            jump(row.clock());
            StoredCase c = caseOf(disputeId);
            legal.emitAccepted(c.caseNo());
            legal.emitMediatorAssigned(c.caseNo());
            return awaitSent("AcknowledgeDelegation", delegationId);
        }
        String resultType = CourtXml.text(example, "resultType");
        if ("TIMEOUT".equals(resultType)) {
            return driveTimeout(row, delegationId, OffsetDateTime.parse(CourtXml.text(example, "concludedAt")));
        }
        jump(row.clock());
        StoredCase c = caseOf(disputeId);
        legal.emitEvent(concluded(c, example, resultType).toString());
        return awaitSent("ReportMediationResult", delegationId);
    }

    /**
     * Story CB: nobody reports a result; dueAt passes. Inside the court's maintenance window (00:00–01:00) nothing
     * may reach the court; from 01:00 the TIMEOUT must, with concludedAt = dueAt, within (dueAt, dueAt + 24 h].
     */
    private Received driveTimeout(Row row, String delegationId, OffsetDateTime dueAt) {
        OffsetDateTime inWindow = dueAt.plusMinutes(30).plusSeconds(1); // 00:30 +08:00, maintenance
        jump(inWindow);
        await().during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(6)).untilAsserted(() -> assertThat(
                sentOf("ReportMediationResult", delegationId)).as("nothing reaches the court in its maintenance window")
                .isEmpty());
        jump(row.clock());
        Received sent = awaitSent("ReportMediationResult", delegationId);
        assertThat(sent.receivedAt()).isAfter(dueAt.plusSeconds(3600)).isBefore(dueAt.plusHours(24));
        Element msg = CourtXml.requestElement(sent.body().getBytes(StandardCharsets.UTF_8));
        assertThat(OffsetDateTime.parse(CourtXml.text(msg, "concludedAt")).toInstant()).isEqualTo(dueAt.toInstant());
        return sent;
    }

    /** Story CH: every body the hub tries declines; the hub then declines the delegation towards the court. */
    private Received declineEverywhere(String disputeId, String delegationId) {
        for (int round = 0; round < 25; round++) {
            Optional<Received> done = sentOf("AcknowledgeDelegation", delegationId).stream().findFirst();
            if (done.isPresent()) {
                return done.get();
            }
            Optional<StoredCase> open = openCaseOf(disputeId);
            if (open.isEmpty()) {
                await().atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(100)).until(() ->
                        !sentOf("AcknowledgeDelegation", delegationId).isEmpty() || openCaseOf(disputeId).isPresent());
                continue;
            }
            String declined = open.get().caseNo();
            legal.emitDeclined(declined, "NOT_IN_SCOPE");
            await().atMost(WAIT).until(() -> !sentOf("AcknowledgeDelegation", delegationId).isEmpty()
                    || openCaseOf(disputeId).filter(c -> !c.caseNo().equals(declined)).isPresent());
        }
        return awaitSent("AcknowledgeDelegation", delegationId);
    }

    /** Story CA step 4: the hub prepared the application; the operator adds what no system holds, over the admin API. */
    private Received driveApplication(Row row, Element example) throws Exception {
        String delegationId = CourtXml.text(example, "relatedDelegationId");
        String disputeId = disputeOf(CourtXml.text(example, "courtCode"), delegationId);
        String applicationId = await().atMost(WAIT).until(() -> jdbc.sql(
                "select application_id from court_application where dispute_id = :d").param("d", disputeId)
                .query(String.class).optional(), Optional::isPresent).orElseThrow();
        jump(row.clock());
        ObjectNode input = mapper.createObjectNode().put("applicationDate", CourtXml.text(example, "applicationDate"))
                .put("consent", true);
        JsonNode view = hub.json(hub.get("/api/admin/court/applications/" + applicationId, "admin", "tongjie-demo")
                .body());
        for (JsonNode missing : view.path("missing")) {
            String m = missing.asText();
            if (m.startsWith("parties.")) { // parties.<seq>.<field>: from the applicants the parties signed
                String[] parts = m.split("\\.");
                Element applicant = applicantBySeq(example, parts[1]);
                ((ObjectNode) input.with("parties").with(parts[1])).put(parts[2], CourtXml.text(applicant, parts[2]));
            }
        }
        operator("/api/admin/court/applications/" + applicationId + "/input", input.toString());
        for (String docType : List.of("AGREEMENT", "JC_APPLICATION")) {
            Element att = attachment(example, docType);
            operator("/api/admin/court/applications/" + applicationId + "/documents", mapper.createObjectNode()
                    .put("docType", docType).put("title", CourtXml.text(att, "title"))
                    .put("fileName", CourtXml.text(att, "fileName")).put("mimeType", CourtXml.text(att, "mimeType"))
                    .put("content", CourtXml.text(att, "content").replaceAll("\\s", "")).toString());
        }
        Received sent = await().atMost(WAIT).until(() -> court.log().all().stream()
                .filter(r -> r.operation().equals("ApplyJudicialConfirmation") && r.body().contains(applicationId))
                .findFirst(), Optional::isPresent).orElseThrow();
        hubIds.put(CourtXml.text(example, "applicationId"), applicationId);
        return sent;
    }

    private void seedTransfer(Element example) {
        seedHubDispute(CourtXml.text(example, "hubDisputeId"), "150523100");
        jdbc.sql("insert into court_transfer (transfer_id, dispute_id, court_code, state, sent_at, created_at, "
                + "updated_at, message_id) values (:id, :dispute, :court, 'ACCEPTED', :now, :now, :now, :mid)")
                .param("id", CourtXml.text(example, "transferId")).param("dispute", CourtXml.text(example, "hubDisputeId"))
                .param("court", CourtXml.text(example, "courtCode")).param("now", OffsetDateTime.now(clock))
                .param("mid", CourtXml.text(example, "messageId")).update();
    }

    private void seedApplication(Element example) {
        seedHubDispute(CourtXml.text(example, "hubDisputeId"), "150525100");
        Element agreement = CourtXml.child(example, CourtXml.CD, "agreement");
        java.time.LocalDate agreementDate = java.time.LocalDate.parse(CourtXml.text(agreement, "agreementDate"));
        jdbc.sql("insert into court_application (application_id, dispute_id, court_code, agreement_date, deadline, "
                + "state, created_at, updated_at, accepted_at, message_id) values (:id, :dispute, :court, :ad, :dl, "
                + "'ACCEPTED', :now, :now, :now, :mid)")
                .param("id", CourtXml.text(example, "applicationId"))
                .param("dispute", CourtXml.text(example, "hubDisputeId"))
                .param("court", CourtXml.text(example, "courtCode")).param("ad", agreementDate)
                .param("dl", agreementDate.plusDays(30)).param("now", OffsetDateTime.now(clock))
                .param("mid", CourtXml.text(example, "messageId")).update();
    }

    /** The hub-originated dispute the seeded message was about (its mediation ended before the manifest starts). */
    private void seedHubDispute(String disputeId, String region) {
        OffsetDateTime at = OffsetDateTime.now(clock);
        registry.create(new Dispute(disputeId, DisputeStatus.CONCLUDED, "FAILURE", "CONTRACT", region, "legal-service",
                "PARTY_APPLICATION", disputeId, null, false, false, false, "{}", at, at));
    }

    // ------------------------------------------------------------------------------------------------ the end

    private void shouldHaveReportedExactlyTheStoriesResults() {
        // the clock now stands after the dueAt of every story but CM: give the deadline scheduler time to misbehave
        await().during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(8)).untilAsserted(() -> {
            List<String> results = court.log().all().stream()
                    .filter(r -> r.operation().equals("ReportMediationResult") && r.answer().equals("RECEIPT:ACCEPTED"))
                    .map(r -> CourtXml.text(CourtXml.requestElement(r.body().getBytes(StandardCharsets.UTF_8)),
                            "delegationId") + ":" + CourtXml.text(CourtXml.requestElement(
                                    r.body().getBytes(StandardCharsets.UTF_8)), "resultType"))
                    .toList();
            assertThat(results).containsExactlyInAnyOrder("WP0502-2024-000567:SUCCESS",
                    "WP0521-2024-000233:FAILURE", "WT0581-2026-000042:TIMEOUT", "WT0502-2026-001020:WITHDRAWN");
        });
        // every message the hub sent passed the court's checks (§8): each one ends ACCEPTED, and the only faults on
        // the way are the clock-skew ones the replay itself causes when it moves the clock under a message in flight
        Map<String, List<Received>> byMessage = court.log().all().stream()
                .collect(java.util.stream.Collectors.groupingBy(Received::messageId));
        assertThat(byMessage.values()).allSatisfy(attempts -> {
            assertThat(attempts.get(attempts.size() - 1).answer()).isEqualTo("RECEIPT:ACCEPTED");
            assertThat(attempts).extracting(Received::answer)
                    .allMatch(a -> a.equals("RECEIPT:ACCEPTED") || a.equals("FAULT:TIMESTAMP_INVALID"));
        });

        // what operators see at the end of the two regimes' stories
        String application = hubIds.get("TJ-JC-2024-000087");
        assertThat(hub.json(hub.get("/api/admin/court/applications/" + application, "monitor", "tongjie-demo").body())
                .path("state").asText()).as("story CA: 司法确认 confirmed").isEqualTo("CONFIRMED");
        assertThat(jdbc.sql("select state || ':' || closed_reason || ':' || result_type from court_delegation "
                + "where delegation_id = 'WT0581-2026-000042'").query(String.class).single())
                .as("story CB: closed by the TIMEOUT the hub reported itself").isEqualTo("CLOSED:RESULT:TIMEOUT");
        JsonNode found = hub.json(hub.get("/api/admin/disputes?ref=WP0502-2024-000567", "monitor", "tongjie-demo")
                .body());
        assertThat(found.toString()).as("the dispute is found by the court's delegation id, with its court number")
                .contains("(2024)内0502民诉前调567号").contains("WP0502-2024-000567");
        JsonNode byCourtNumber = hub.json(hub.get("/api/admin/disputes?ref="
                + java.net.URLEncoder.encode("（2024）内0502民诉前调567号", StandardCharsets.UTF_8), "monitor",
                "tongjie-demo").body());
        assertThat(byCourtNumber.findValuesAsText("disputeId")).as("found by the number as the court writes it")
                .contains(found.get(0).path("disputeId").asText());
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private void jump(OffsetDateTime to) {
        ((HubClock) clock).jumpTo(to.toInstant());
    }

    private String disputeOf(String courtCode, String delegationId) {
        return jdbc.sql("select dispute_id from court_delegation where court_code = :c and delegation_id = :d")
                .param("c", courtCode).param("d", delegationId).query(String.class).single();
    }

    /** The dispute was referred to the union (its referral file is written). */
    private boolean withUnion(String disputeId) {
        return jdbc.sql("select count(*) from assignment where dispute_id = :d and agency = 'trade-union' "
                + "and case_no is not null").param("d", disputeId).query(Long.class).single() > 0;
    }

        /** The case at the legal-service committee currently handling the dispute (waits for createCase). */
    private StoredCase caseOf(String disputeId) {
        return await().atMost(WAIT).until(() -> openCaseOf(disputeId), Optional::isPresent).orElseThrow();
    }

    private Optional<StoredCase> openCaseOf(String disputeId) {
        List<String> refs = jdbc.sql("select external_ref from assignment where dispute_id = :d and case_no is not null "
                + "and status not in ('DECLINED', 'WITHDRAWN', 'FAILED', 'REJECTED') order by seq desc").param("d", disputeId)
                .query(String.class).list();
        return refs.isEmpty() ? Optional.empty() : legal.storedCase(refs.get(0));
    }

    private List<Received> sentOf(String operation, String delegationId) {
        return court.log().all().stream().filter(r -> r.operation().equals(operation)
                && r.body().contains(">" + delegationId + "<")).toList();
    }

    private Received awaitSent(String operation, String delegationId) {
        return await().atMost(WAIT).until(() -> sentOf(operation, delegationId).stream().findFirst(),
                Optional::isPresent).orElseThrow();
    }

    /** The legal-service CONCLUDED event a committee sends for the sample's result (legal-service contract §7.1). */
    private ObjectNode concluded(StoredCase c, Element example, String resultType) {
        String concludedAt = CourtXml.text(example, "concludedAt");
        ObjectNode e = mapper.createObjectNode().put("eventId", UUID.randomUUID().toString())
                .put("eventType", "CONCLUDED").put("caseNo", c.caseNo()).put("externalRef", c.externalRef())
                .put("committeeCode", c.committeeCode()).put("occurredAt", concludedAt);
        ObjectNode n = e.putObject("conclusion");
        switch (resultType) {
            case "SUCCESS" -> {
                Element a = CourtXml.child(example, CourtXml.CD, "agreement");
                n.put("result", "SUCCESS").put("agreementNo", CourtXml.text(a, "agreementNo"))
                        .put("agreementText", CourtXml.text(a, "agreementText"))
                        .put("agreementForm", CourtXml.text(a, "agreementForm"));
                if (CourtXml.text(a, "agreedAmount") != null) {
                    n.put("agreedAmount", new java.math.BigDecimal(CourtXml.text(a, "agreedAmount")));
                }
                if (CourtXml.text(a, "performanceDueDate") != null) {
                    n.put("performanceDeadline", CourtXml.text(a, "performanceDueDate"));
                }
            }
            case "FAILURE" -> n.put("result", "FAILURE").put("failureReason", CourtXml.text(example, "failureReasonText"));
            case "WITHDRAWN" -> n.put("result", "TERMINATED").put("failureReason", CourtXml.text(example, "resultNote"));
            default -> throw new AssertionError(resultType);
        }
        n.put("concludedAt", concludedAt);
        return e;
    }

    private Element applicantBySeq(Element example, String seq) {
        var list = example.getElementsByTagNameNS(CourtXml.CD, "applicant");
        for (int i = 0; i < list.getLength(); i++) {
            Element a = (Element) list.item(i);
            if (seq.equals(CourtXml.text(a, "seq"))) {
                return a;
            }
        }
        throw new AssertionError("no applicant " + seq);
    }

    private Element attachment(Element example, String docType) {
        var list = example.getElementsByTagNameNS(CourtXml.CD, "attachment");
        for (int i = 0; i < list.getLength(); i++) {
            Element a = (Element) list.item(i);
            if (docType.equals(CourtXml.text(a, "docType"))) {
                return a;
            }
        }
        throw new AssertionError("no attachment " + docType);
    }

    private void operator(String path, String json) {
        HttpResponse<String> r = hub.postJson(path, "admin", "tongjie-demo", json);
        assertThat(r.statusCode()).as(path + " " + r.body()).isEqualTo(200);
    }

    /** ca5 refers to the application of ca4: the hub's own applicationId replaces the example's (§16 item 2). */
    private byte[] substituteHubIds(byte[] body) {
        String s = new String(body, StandardCharsets.UTF_8);
        for (Map.Entry<String, String> e : hubIds.entrySet()) {
            s = s.replace(">" + e.getKey() + "<", ">" + e.getValue() + "<");
        }
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** The root (SOAP) part of an MTOM body. */
    private static byte[] rootPart(byte[] body) {
        String s = new String(body, StandardCharsets.UTF_8);
        int start = s.indexOf("<soap:Envelope");
        int end = s.indexOf("</soap:Envelope>") + "</soap:Envelope>".length();
        return s.substring(start, end).getBytes(StandardCharsets.UTF_8);
    }
}
