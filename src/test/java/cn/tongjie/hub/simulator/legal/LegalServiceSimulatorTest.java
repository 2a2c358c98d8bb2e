package cn.tongjie.hub.simulator.legal;

import cn.tongjie.hub.simulator.legal.LegalServiceSimulator.ConclusionResult;
import cn.tongjie.hub.simulator.legal.LegalServiceSimulator.DeliveryAttempt;
import cn.tongjie.hub.simulator.legal.LegalServiceSimulator.DeliveryOutcome;
import cn.tongjie.hub.simulator.legal.LegalServiceSimulator.LostResponse;
import cn.tongjie.hub.simulator.legal.LegalServiceSimulator.Settings;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Drives the simulator over real HTTP with the contract's samples, and plays the hub with a small JDK server that
 * receives the pushed events.
 */
class LegalServiceSimulatorTest {

    static {
        // The stand-in hub is an HttpServer too and may be created before the simulator class is loaded.
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    private static final String TOKEN = "rmtj-test-hub-8f2c4a1e9b7d4c3a8e6f0b1d2c3e4f5a";
    private static final String HUB_TOKEN = "tongjie-test-rmtj-3a9e7c1b5d2f4e6a8c0b9d7e5f3a1c2b";
    private static final Instant START = OffsetDateTime.parse("2026-11-28T10:00:00+08:00").toInstant();
    private static final String CASE_NO_PATTERN = "^RMTJ-[0-9]{6}-[0-9]{4}-[0-9]{6}$";
    private static final String UUID_LOWER = "^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$";
    private static final String OFFSET_8 = "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\\+08:00$";
    private static final Duration WAIT = Duration.ofSeconds(10);

    private final ObjectMapper mapper = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final MutableClock clock = new MutableClock(START);
    private final List<LegalServiceSimulator> simulators = new ArrayList<>();
    private StandInHub hub;
    private LegalServiceSimulator sim;

    @BeforeEach
    void startHub() throws IOException {
        hub = new StandInHub();
    }

    @AfterEach
    void stopAll() {
        simulators.forEach(LegalServiceSimulator::stop);
        hub.stop();
    }

    /** Fast, deterministic settings: no random 503s, no declines, success with a performed follow-up. */
    private Settings fast() {
        return Settings.defaults()
                .withHubEventsUrl(hub.url())
                .withMaintenance(0, null)
                .withDelays(Duration.ofMillis(30), Duration.ofMillis(30), Duration.ofMillis(30), Duration.ofMillis(30))
                .withOutcomeProbabilities(1.0, 0.0, 1.0, 1.0)
                .withRetrySchedule(List.of(Duration.ofMillis(100), Duration.ofMillis(100)));
    }

    private Settings manual() {
        return fast().withAutoLifecycle(false);
    }

    private LegalServiceSimulator start(Settings settings) {
        LegalServiceSimulator s = new LegalServiceSimulator(settings, clock, mapper);
        simulators.add(s);
        s.start();
        sim = s;
        return s;
    }

    // ------------------------------------------------------------------------------------------------ createCase

    @Test
    void shouldCreateStoryNCaseWithContractCaseNoAndAnswer409WithSameCaseNoOnRepeat() throws Exception {
        start(manual());
        String body = sample("create-case-story-N-neighbour.json");

        HttpResponse<String> created = post("/rmtj/api/v2/cases", body, TOKEN);

        assertThat(created.statusCode()).isEqualTo(201);
        JsonNode json = json(created);
        String caseNo = json.get("caseNo").asText();
        assertThat(caseNo).matches(CASE_NO_PATTERN).isEqualTo("RMTJ-150502-2026-000001");
        assertThat(json.get("externalRef").asText()).isEqualTo("TJ-20261127-000041-01");
        assertThat(json.get("committeeCode").asText()).isEqualTo("TW15050200101");
        assertThat(json.get("status").asText()).isEqualTo("RECEIVED");
        assertThat(json.get("receivedAt").asText()).isEqualTo("2026-11-28T10:00:00+08:00");
        assertThat(created.headers().firstValue("Location"))
                .contains(sim.baseUrl() + "/rmtj/api/v2/cases/" + caseNo);

        HttpResponse<String> repeat = post("/rmtj/api/v2/cases", body, TOKEN);
        assertThat(repeat.statusCode()).isEqualTo(409);
        JsonNode dup = json(repeat);
        assertThat(dup.get("errorCode").asText()).isEqualTo("DUPLICATE_EXTERNAL_REF");
        assertThat(dup.get("message").asText()).isNotBlank();
        assertThat(dup.get("caseNo").asText()).isEqualTo(caseNo);
        assertThat(dup.get("externalRef").asText()).isEqualTo("TJ-20261127-000041-01");
        assertThat(dup.get("status").asText()).isEqualTo("RECEIVED");

        assertThat(sim.createCaseCalls("TJ-20261127-000041-01")).isEqualTo(2);
        assertThat(sim.createCaseAnswers(201)).isEqualTo(1);
        assertThat(sim.createCaseAnswers(409)).isEqualTo(1);
        assertThat(sim.storedCases()).hasSize(1);
        LegalServiceSimulator.StoredCase stored = sim.storedCase("TJ-20261127-000041-01").orElseThrow();
        assertThat(stored.caseNo()).isEqualTo(caseNo);
        assertThat(stored.committeeCode()).isEqualTo("TW15050200101");
        assertThat(stored.requestJson()).isEqualTo(body);
        assertThat(stored.request()).isEqualTo(mapper.readTree(body));
    }

    @Test
    void shouldAnswer409ForRepeatedExternalRefWhateverTheBody() throws Exception {
        start(manual());
        String caseNo = json(post("/rmtj/api/v2/cases", sample("create-case-story-N-neighbour.json"), TOKEN))
                .get("caseNo").asText();
        // same externalRef, different committee, and even an invalid body: still the duplicate answer
        ObjectNode other = sampleObject("create-case-story-G-grassland.json");
        other.put("externalRef", "TJ-20261127-000041-01");
        other.put("caseType", "x");

        HttpResponse<String> repeat = post("/rmtj/api/v2/cases", other.toString(), TOKEN);

        assertThat(repeat.statusCode()).isEqualTo(409);
        assertThat(json(repeat).get("caseNo").asText()).isEqualTo(caseNo);
    }

    @Test
    void shouldTakeTheCaseNoRegionFromDigitsThreeToEightOfTheCommitteeCode() throws Exception {
        start(manual());
        ObjectNode traffic = sampleObject("create-case-story-N-neighbour.json");
        traffic.put("externalRef", "TJ-20261128-000050-01");
        traffic.put("committeeCode", "HY15050001");
        traffic.put("category", "13");

        assertThat(caseNoOf(post("/rmtj/api/v2/cases", sample("create-case-property-industry-committee.json"), TOKEN)))
                .isEqualTo("RMTJ-150502-2026-000001");
        assertThat(caseNoOf(post("/rmtj/api/v2/cases", sample("create-case-story-N-neighbour.json"), TOKEN)))
                .isEqualTo("RMTJ-150502-2026-000002");
        assertThat(caseNoOf(post("/rmtj/api/v2/cases", sample("create-case-story-G-grassland.json"), TOKEN)))
                .isEqualTo("RMTJ-150521-2026-000001");
        assertThat(caseNoOf(post("/rmtj/api/v2/cases", traffic.toString(), TOKEN)))
                .isEqualTo("RMTJ-150500-2026-000001");
    }

    @Test
    void shouldAnswer422CategoryNotAcceptedAtCommitteeCodeForMedicalCommitteeWithNeighbourDispute() throws Exception {
        start(manual());

        HttpResponse<String> answer = post("/rmtj/api/v2/cases", sample("invalid-create-category-not-accepted.json"), TOKEN);

        assertThat(answer.statusCode()).isEqualTo(422);
        assertThat(errors(answer)).containsExactly("committeeCode CATEGORY_NOT_ACCEPTED");
        assertThat(sim.storedCases()).isEmpty();
        assertThat(sim.createCaseAnswers(422)).isEqualTo(1);
    }

    @Test
    void shouldAnswer422UnknownFieldForCaseType() throws Exception {
        start(manual());

        HttpResponse<String> answer = post("/rmtj/api/v2/cases", sample("invalid-create-unknown-field.json"), TOKEN);

        assertThat(answer.statusCode()).isEqualTo(422);
        assertThat(errors(answer)).containsExactly("caseType UNKNOWN_FIELD");
    }

    @Test
    void shouldAnswer422CheckDigitForBadRespondentId() throws Exception {
        start(manual());

        HttpResponse<String> answer = post("/rmtj/api/v2/cases", sample("invalid-create-bad-id-check-digit.json"), TOKEN);

        assertThat(answer.statusCode()).isEqualTo(422);
        JsonNode body = json(answer);
        assertThat(body.get("errorCode").asText()).isEqualTo("VALIDATION_FAILED");
        assertThat(body.get("message").asText()).isNotBlank();
        assertThat(errors(answer)).containsExactly("parties[1].idNumber CHECK_DIGIT");
        assertThat(body.get("errors").get(0).get("message").asText()).isNotBlank();
    }

    @Test
    void shouldAnswer422PartiesIncompleteForSingleApplicant() throws Exception {
        start(manual());

        HttpResponse<String> answer = post("/rmtj/api/v2/cases", sample("invalid-create-single-party.json"), TOKEN);

        assertThat(answer.statusCode()).isEqualTo(422);
        assertThat(errors(answer)).containsExactly("parties PARTIES_INCOMPLETE");
    }

    @Test
    void shouldListEveryProblemIn422() throws Exception {
        start(manual());
        ObjectNode body = sampleObject("create-case-story-N-neighbour.json");
        body.remove("summary");
        body.put("dueDate", "2027-02-27"); // today + 91
        body.put("regionCode", "150602001");
        body.put("occurredAt", "2026-11-27T12:41:16Z");
        body.put("amount", 12.345);
        body.put("personsInvolved", 0);
        body.put("source", "RADIO");
        ObjectNode applicant = (ObjectNode) body.get("parties").get(0);
        applicant.put("nickname", "x");
        applicant.remove("idType");
        applicant.put("name", "长".repeat(101));
        ObjectNode respondent = (ObjectNode) body.get("parties").get(1);
        respondent.put("partyType", "LEGAL_PERSON");
        respondent.put("phone", "12345");
        ((ArrayNode) body.get("parties")).addObject().put("role", "WITNESS").put("partyType", "NATURAL_PERSON")
                .put("name", "某").put("idType", "USCC").put("idNumber", "91150502MA0N3K7Q66")
                .put("legalRepresentative", "某");

        HttpResponse<String> answer = post("/rmtj/api/v2/cases", body.toString(), TOKEN);

        assertThat(answer.statusCode()).isEqualTo(422);
        assertThat(errors(answer)).containsExactlyInAnyOrder(
                "summary REQUIRED",
                "dueDate DATE_OUT_OF_RANGE",
                "regionCode INVALID_CODE",
                "occurredAt INVALID_FORMAT",
                "amount INVALID_FORMAT",
                "personsInvolved OUT_OF_RANGE",
                "source INVALID_CODE",
                "parties[0].nickname UNKNOWN_FIELD",
                "parties[0].idType CONDITIONAL_REQUIRED",
                "parties[0].name TOO_LONG",
                "parties[1].idType ID_TYPE_MISMATCH",
                "parties[1].phone INVALID_FORMAT",
                "parties[2].role INVALID_CODE",
                "parties[2].idType ID_TYPE_MISMATCH",
                "parties[2].idNumber CHECK_DIGIT",
                "parties[2].legalRepresentative FORBIDDEN");
    }

    @Test
    void shouldAcceptDueDateFromTodayToTodayPlus90AndRejectOutside() throws Exception {
        start(manual());
        assertThat(createWithDueDate("A1", "2026-11-28").statusCode()).isEqualTo(201);
        assertThat(createWithDueDate("A2", "2027-02-26").statusCode()).isEqualTo(201);
        HttpResponse<String> past = createWithDueDate("A3", "2026-11-27");
        assertThat(errors(past)).containsExactly("dueDate DATE_OUT_OF_RANGE");
        HttpResponse<String> impossible = createWithDueDate("A4", "2026-02-30");
        assertThat(errors(impossible)).containsExactly("dueDate INVALID_FORMAT");
    }

    @Test
    void shouldNotStoreA422SoTheSameExternalRefCanBeSentAgain() throws Exception {
        start(manual());
        ObjectNode body = sampleObject("invalid-create-bad-id-check-digit.json");
        assertThat(post("/rmtj/api/v2/cases", body.toString(), TOKEN).statusCode()).isEqualTo(422);

        ((ObjectNode) body.get("parties").get(1)).put("idNumber", "152301197211200512");

        assertThat(post("/rmtj/api/v2/cases", body.toString(), TOKEN).statusCode()).isEqualTo(201);
        assertThat(sim.createCaseCalls("TJ-20261127-000041-04")).isEqualTo(2);
    }

    @Test
    void shouldAcceptThePropertySampleWithAmountAndOrganisationRespondent() throws Exception {
        start(manual());

        HttpResponse<String> answer = post("/rmtj/api/v2/cases", sample("create-case-property-industry-committee.json"),
                TOKEN);

        assertThat(answer.statusCode()).isEqualTo(201);
    }

    @Test
    void shouldAnswer400MalformedJsonForNonJsonOrNonObjectBodies() throws Exception {
        start(manual());
        for (String body : List.of("", "not json", "[1,2]", "\"text\"", "{\"externalRef\":\"X\"} trailing")) {
            HttpResponse<String> answer = post("/rmtj/api/v2/cases", body, TOKEN);
            assertThat(answer.statusCode()).as(body).isEqualTo(400);
            assertThat(json(answer).get("errorCode").asText()).isEqualTo("MALFORMED_JSON");
            assertThat(json(answer).get("message").asText()).isNotBlank();
        }
    }

    @Test
    void shouldAnswer401WithoutOrWithWrongToken() throws Exception {
        start(manual());
        String body = sample("create-case-story-N-neighbour.json");

        HttpResponse<String> none = send(HttpRequest.newBuilder(uri("/rmtj/api/v2/cases"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build());
        HttpResponse<String> wrong = post("/rmtj/api/v2/cases", body, "rmtj-test-hub-0000000000000000000000000000000");
        HttpResponse<String> hubsOwn = post("/rmtj/api/v2/cases", body, HUB_TOKEN);
        HttpResponse<String> get = get("/rmtj/api/v2/cases/RMTJ-150502-2026-000001", "wrong");

        for (HttpResponse<String> answer : List.of(none, wrong, hubsOwn, get)) {
            assertThat(answer.statusCode()).isEqualTo(401);
            assertThat(json(answer).get("errorCode").asText()).isEqualTo("UNAUTHORIZED");
            assertThat(json(answer).get("message").asText()).isNotBlank();
        }
        assertThat(sim.storedCases()).isEmpty();
    }

    @Test
    void shouldAcceptBothTokensDuringRotation() throws Exception {
        String next = "rmtj-test-hub-next-1111222233334444555566667777";
        start(manual().withAcceptedTokens(List.of(TOKEN, next)));

        assertThat(post("/rmtj/api/v2/cases", sample("create-case-story-N-neighbour.json"), next).statusCode())
                .isEqualTo(201);
        assertThat(post("/rmtj/api/v2/cases", sample("create-case-story-G-grassland.json"), TOKEN).statusCode())
                .isEqualTo(201);
    }

    // ------------------------------------------------------------------------------------------------ faults

    @Test
    void shouldAnswer503WithRetryAfterWhileMaintenanceIsForcedAndStoreNothing() throws Exception {
        start(manual());
        sim.forceMaintenance(2, Duration.ofHours(1), false);
        String body = sample("create-case-story-N-neighbour.json");

        HttpResponse<String> first = post("/rmtj/api/v2/cases", body, TOKEN);
        HttpResponse<String> second = post("/rmtj/api/v2/cases", body, TOKEN);
        HttpResponse<String> third = post("/rmtj/api/v2/cases", body, TOKEN);

        assertThat(first.statusCode()).isEqualTo(503);
        assertThat(first.headers().firstValue("Retry-After")).contains("3600");
        JsonNode maintenance = json(first);
        assertThat(maintenance.get("errorCode").asText()).isEqualTo("MAINTENANCE");
        assertThat(maintenance.get("message").asText()).isNotBlank();
        assertThat(maintenance.get("maintenanceUntil").asText()).isEqualTo("2026-11-28T11:00:00+08:00");
        assertThat(second.statusCode()).isEqualTo(503);
        assertThat(third.statusCode()).isEqualTo(201); // nothing was stored by the 503s: no 409
        assertThat(sim.createCaseAnswers(503)).isEqualTo(2);
        assertThat(sim.createCaseCalls("TJ-20261127-000041-01")).isEqualTo(3);
    }

    @Test
    void shouldSendRetryAfterAsHttpDateWhenAsked() throws Exception {
        start(manual());
        sim.forceMaintenance(1, Duration.ofHours(19), true);

        HttpResponse<String> answer = post("/rmtj/api/v2/cases", sample("create-case-story-N-neighbour.json"), TOKEN);

        assertThat(answer.statusCode()).isEqualTo(503);
        assertThat(answer.headers().firstValue("Retry-After")).contains("Sat, 28 Nov 2026 21:00:00 GMT");
        assertThat(json(answer).get("maintenanceUntil").asText()).isEqualTo("2026-11-29T05:00:00+08:00");
    }

    @Test
    void shouldAnswer503WithoutRetryAfterWhenMaintenanceComesByChance() throws Exception {
        start(manual().withMaintenance(1.0, null));

        HttpResponse<String> answer = post("/rmtj/api/v2/cases", sample("create-case-story-N-neighbour.json"), TOKEN);

        assertThat(answer.statusCode()).isEqualTo(503);
        assertThat(answer.headers().firstValue("Retry-After")).isEmpty();
        assertThat(json(answer).has("maintenanceUntil")).isFalse();
        assertThat(sim.storedCases()).isEmpty();
    }

    @Test
    void shouldAnswer503ToEveryOperationWhileDownAndServeAgainWhenUp() throws Exception {
        start(manual());
        String caseNo = caseNoOf(post("/rmtj/api/v2/cases", sample("create-case-story-N-neighbour.json"), TOKEN));
        sim.setDown(true, Duration.ofMinutes(10));

        HttpResponse<String> create = post("/rmtj/api/v2/cases", sample("create-case-story-G-grassland.json"), TOKEN);
        HttpResponse<String> read = get("/rmtj/api/v2/cases/" + caseNo, TOKEN);
        HttpResponse<String> withdraw = post("/rmtj/api/v2/cases/" + caseNo + "/withdraw",
                withdrawBody("TJ-20261127-000041-01"), TOKEN);

        for (HttpResponse<String> answer : List.of(create, read, withdraw)) {
            assertThat(answer.statusCode()).isEqualTo(503);
            assertThat(answer.headers().firstValue("Retry-After")).contains("600");
            assertThat(json(answer).get("errorCode").asText()).isEqualTo("MAINTENANCE");
        }
        sim.setDown(false);
        assertThat(get("/rmtj/api/v2/cases/" + caseNo, TOKEN).statusCode()).isEqualTo(200);
        assertThat(sim.storedCases()).hasSize(1);
    }

    @Test
    void shouldStoreTheCaseButAnswer504SoTheHubsRetryGets409WithTheCaseNo() throws Exception {
        start(manual());
        sim.loseNextCreateResponses(1, LostResponse.GATEWAY_TIMEOUT);
        String body = sample("create-case-story-N-neighbour.json");

        HttpResponse<String> lost = post("/rmtj/api/v2/cases", body, TOKEN);
        HttpResponse<String> retry = post("/rmtj/api/v2/cases", body, TOKEN);

        assertThat(lost.statusCode()).isEqualTo(504);
        assertThat(retry.statusCode()).isEqualTo(409);
        assertThat(json(retry).get("caseNo").asText())
                .isEqualTo(sim.storedCase("TJ-20261127-000041-01").orElseThrow().caseNo());
    }

    @Test
    void shouldStoreTheCaseButCloseTheConnectionWhenTold() throws Exception {
        start(manual());
        sim.loseNextCreateResponses(1, LostResponse.CONNECTION_CLOSED);
        String body = sample("create-case-story-N-neighbour.json");

        assertThatThrownBy(() -> post("/rmtj/api/v2/cases", body, TOKEN)).isInstanceOf(IOException.class);

        assertThat(post("/rmtj/api/v2/cases", body, TOKEN).statusCode()).isEqualTo(409);
        assertThat(sim.createCaseAnswers(-1)).isEqualTo(1);
        assertThat(sim.storedCases()).hasSize(1);
    }

    // ------------------------------------------------------------------------------------------------ withdraw/get

    @Test
    void shouldWithdrawIdempotentlyKeepingTheOriginalWithdrawnAt() throws Exception {
        start(manual());
        String caseNo = caseNoOf(post("/rmtj/api/v2/cases", sample("create-case-story-N-neighbour.json"), TOKEN));
        clock.advance(Duration.ofMinutes(90));

        HttpResponse<String> first = post("/rmtj/api/v2/cases/" + caseNo + "/withdraw",
                withdrawBody("TJ-20261127-000041-01"), TOKEN);
        clock.advance(Duration.ofMinutes(5));
        HttpResponse<String> again = post("/rmtj/api/v2/cases/" + caseNo + "/withdraw",
                withdrawBody("TJ-20261127-000041-01"), TOKEN);

        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(json(first).get("caseNo").asText()).isEqualTo(caseNo);
        assertThat(json(first).get("status").asText()).isEqualTo("WITHDRAWN");
        assertThat(json(first).get("withdrawnAt").asText()).isEqualTo("2026-11-28T11:30:00+08:00");
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(json(again).get("withdrawnAt").asText()).isEqualTo("2026-11-28T11:30:00+08:00");
        assertThat(json(get("/rmtj/api/v2/cases/" + caseNo, TOKEN)).get("status").asText()).isEqualTo("WITHDRAWN");
    }

    @Test
    void shouldWithdrawThePropertySampleWithTheSampleRequest() throws Exception {
        start(manual());
        String caseNo = caseNoOf(post("/rmtj/api/v2/cases", sample("create-case-property-industry-committee.json"),
                TOKEN));

        HttpResponse<String> answer = post("/rmtj/api/v2/cases/" + caseNo + "/withdraw", sample("withdraw-request.json"),
                TOKEN);

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(json(answer).get("status").asText()).isEqualTo("WITHDRAWN");
    }

    @Test
    void shouldAnswer404CaseNotFoundForUnknownCaseNo() throws Exception {
        start(manual());

        HttpResponse<String> withdraw = post("/rmtj/api/v2/cases/RMTJ-150502-2026-999999/withdraw",
                withdrawBody("TJ-1"), TOKEN);
        HttpResponse<String> read = get("/rmtj/api/v2/cases/RMTJ-150502-2026-999999", TOKEN);

        for (HttpResponse<String> answer : List.of(withdraw, read)) {
            assertThat(answer.statusCode()).isEqualTo(404);
            assertThat(json(answer).get("errorCode").asText()).isEqualTo("CASE_NOT_FOUND");
        }
    }

    @Test
    void shouldAnswer422ExternalRefMismatchWhenWithdrawingWithAnotherExternalRef() throws Exception {
        start(manual());
        String caseNo = caseNoOf(post("/rmtj/api/v2/cases", sample("create-case-story-N-neighbour.json"), TOKEN));

        HttpResponse<String> answer = post("/rmtj/api/v2/cases/" + caseNo + "/withdraw",
                withdrawBody("TJ-20261127-000041-99"), TOKEN);

        assertThat(answer.statusCode()).isEqualTo(422);
        assertThat(errors(answer)).containsExactly("externalRef EXTERNAL_REF_MISMATCH");
        assertThat(sim.storedCaseByNo(caseNo).orElseThrow().status()).isEqualTo("RECEIVED");
    }

    @Test
    void shouldValidateTheWithdrawBody() throws Exception {
        start(manual());
        String caseNo = caseNoOf(post("/rmtj/api/v2/cases", sample("create-case-story-N-neighbour.json"), TOKEN));
        ObjectNode body = mapper.createObjectNode().put("externalRef", "TJ-20261127-000041-01").put("reason", "OTHER")
                .put("requestedAt", "2026-11-28 10:00:00").put("note", "x");

        HttpResponse<String> answer = post("/rmtj/api/v2/cases/" + caseNo + "/withdraw", body.toString(), TOKEN);
        HttpResponse<String> malformed = post("/rmtj/api/v2/cases/" + caseNo + "/withdraw", "{", TOKEN);

        assertThat(errors(answer)).containsExactlyInAnyOrder("note UNKNOWN_FIELD", "reasonText CONDITIONAL_REQUIRED",
                "requestedAt INVALID_FORMAT");
        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(json(malformed).get("errorCode").asText()).isEqualTo("MALFORMED_JSON");
    }

    @Test
    void shouldAnswer409CaseClosedWhenWithdrawingAConcludedOrDeclinedCase() throws Exception {
        start(manual());
        String concluded = caseNoOf(post("/rmtj/api/v2/cases", sample("create-case-story-N-neighbour.json"), TOKEN));
        String declined = caseNoOf(post("/rmtj/api/v2/cases", sample("create-case-story-G-grassland.json"), TOKEN));
        sim.emitAccepted(concluded);
        sim.emitMediatorAssigned(concluded);
        sim.emitConcluded(concluded, ConclusionResult.SUCCESS);
        sim.emitDeclined(declined, "PARTY_REFUSED");

        HttpResponse<String> tooLate = post("/rmtj/api/v2/cases/" + concluded + "/withdraw",
                withdrawBody("TJ-20261127-000041-01"), TOKEN);
        HttpResponse<String> refused = post("/rmtj/api/v2/cases/" + declined + "/withdraw",
                withdrawBody("TJ-20261121-000018-01"), TOKEN);

        assertThat(tooLate.statusCode()).isEqualTo(409);
        assertThat(json(tooLate).get("errorCode").asText()).isEqualTo("CASE_CLOSED");
        assertThat(json(tooLate).get("caseNo").asText()).isEqualTo(concluded);
        assertThat(json(tooLate).get("currentStatus").asText()).isEqualTo("CONCLUDED");
        assertThat(refused.statusCode()).isEqualTo(409);
        assertThat(json(refused).get("currentStatus").asText()).isEqualTo("DECLINED");
    }

    @Test
    void shouldListReplayedEventsInGetCaseByOccurredAtNotByArrival() throws Exception {
        start(manual());
        String caseNo = caseNoOf(post("/rmtj/api/v2/cases", sample("create-case-story-N-neighbour.json"), TOKEN));
        // the story-N sample events, re-addressed to the case the simulator numbered, sent out of order
        ArrayNode sequence = (ArrayNode) mapper.readTree(sample("event-sequence-out-of-order-story-N.json"));
        for (JsonNode event : sequence) {
            ((ObjectNode) event).put("caseNo", caseNo);
            sim.emitEvent(event.toString());
        }

        JsonNode view = json(get("/rmtj/api/v2/cases/" + caseNo, TOKEN));

        assertThat(view.get("status").asText()).isEqualTo("CONCLUDED");
        assertThat(eventTypes(view.get("events")))
                .containsExactly("ACCEPTED", "MEDIATOR_ASSIGNED", "CONCLUDED", "FOLLOW_UP");
        JsonNode expected = mapper.readTree(sample("get-case-response-story-N.json")).get("events");
        for (int i = 0; i < 4; i++) {
            ObjectNode e = (ObjectNode) expected.get(i).deepCopy();
            e.put("caseNo", caseNo);
            assertThat(view.get("events").get(i)).isEqualTo(e);
        }
        await().atMost(WAIT).until(() -> hub.received().size() == 6); // duplicates are sent too
    }

    // ------------------------------------------------------------------------------------------------ life cycle

    @Test
    void shouldPushAcceptedMediatorConcludedAndFollowUpToTheHub() throws Exception {
        start(fast());
        String caseNo = caseNoOf(post("/rmtj/api/v2/cases", sample("create-case-story-N-neighbour.json"), TOKEN));

        await().atMost(WAIT).until(() -> hub.received().size() == 4);

        List<StandInHub.Received> received = hub.received();
        for (StandInHub.Received r : received) {
            assertThat(r.authorization()).isEqualTo("Bearer " + HUB_TOKEN);
            assertThat(r.contentType()).isEqualTo("application/json");
        }
        List<JsonNode> events = received.stream().map(r -> readTree(r.body())).toList();
        assertThat(events).extracting(e -> e.get("eventType").asText())
                .containsExactlyInAnyOrder("ACCEPTED", "MEDIATOR_ASSIGNED", "CONCLUDED", "FOLLOW_UP");
        for (JsonNode e : events) {
            assertThat(e.get("eventId").asText()).matches(UUID_LOWER);
            assertThat(e.get("caseNo").asText()).isEqualTo(caseNo);
            assertThat(e.get("externalRef").asText()).isEqualTo("TJ-20261127-000041-01");
            assertThat(e.get("committeeCode").asText()).isEqualTo("TW15050200101");
            assertThat(e.get("occurredAt").asText()).matches(OFFSET_8);
        }
        JsonNode mediator = byType(events, "MEDIATOR_ASSIGNED").get("mediator");
        assertThat(mediator.get("mediatorId").asText()).isEqualTo("TJY15020033");
        assertThat(mediator.get("name").asText()).isEqualTo("乌兰");
        JsonNode conclusion = byType(events, "CONCLUDED").get("conclusion");
        assertThat(conclusion.get("result").asText()).isEqualTo("SUCCESS");
        assertThat(conclusion.get("agreementNo").asText()).isEqualTo("(2026)西门调字第001号");
        assertThat(conclusion.get("agreementForm").asText()).isEqualTo("WRITTEN");
        assertThat(conclusion.get("agreementText").asText()).isNotBlank();
        assertThat(conclusion.get("performanceDeadline").asText()).matches("^[0-9]{4}-[0-9]{2}-[0-9]{2}$");
        assertThat(conclusion.get("concludedAt").asText()).isEqualTo(byType(events, "CONCLUDED").get("occurredAt").asText());
        assertThat(conclusion.has("failureReason")).isFalse();
        assertThat(byType(events, "FOLLOW_UP").get("followUp").get("performed").asBoolean()).isTrue();

        // getCase shows exactly what was sent, ordered by occurredAt (strictly increasing even on a frozen clock)
        JsonNode view = json(get("/rmtj/api/v2/cases/" + caseNo, TOKEN));
        assertThat(view.get("status").asText()).isEqualTo("CONCLUDED");
        assertThat(view.get("externalRef").asText()).isEqualTo("TJ-20261127-000041-01");
        assertThat(eventTypes(view.get("events"))).containsExactly("ACCEPTED", "MEDIATOR_ASSIGNED", "CONCLUDED",
                "FOLLOW_UP");
        assertThat(StreamSupport.stream(view.get("events").spliterator(), false).toList())
                .containsExactlyInAnyOrderElementsOf(events);
        assertThat(sim.events(caseNo)).containsExactlyElementsOf(view.get("events"));
        List<String> times = StreamSupport.stream(view.get("events").spliterator(), false)
                .map(e -> e.get("occurredAt").asText()).toList();
        assertThat(times).containsExactly("2026-11-28T10:00:00+08:00", "2026-11-28T10:00:01+08:00",
                "2026-11-28T10:00:02+08:00", "2026-11-28T10:00:03+08:00");
        await().atMost(WAIT).until(() -> sim.deliveryAttempts().size() == 4);
        assertThat(sim.deliveryAttempts()).extracting(DeliveryAttempt::outcome).containsOnly(DeliveryOutcome.DELIVERED);
    }

    @Test
    void shouldRetryTheDeliveryAfterTheHubAnswers500Once() throws Exception {
        start(fast().withAutoLifecycle(false));
        String caseNo = caseNoOf(post("/rmtj/api/v2/cases", sample("create-case-story-N-neighbour.json"), TOKEN));
        hub.answerNext(500);

        String eventId = sim.emitAccepted(caseNo).get("eventId").asText();

        await().atMost(WAIT).until(() -> sim.deliveryAttempts(eventId).size() == 2);
        List<DeliveryAttempt> attempts = sim.deliveryAttempts(eventId);
        assertThat(attempts).extracting(DeliveryAttempt::attempt).containsExactly(1, 2);
        assertThat(attempts).extracting(DeliveryAttempt::httpStatus).containsExactly(500, 200);
        assertThat(attempts).extracting(DeliveryAttempt::outcome)
                .containsExactly(DeliveryOutcome.WILL_RETRY, DeliveryOutcome.DELIVERED);
        assertThat(attempts.get(1).responseBody()).contains("\"received\":true");
        assertThat(hub.received()).hasSize(2);
        assertThat(hub.received().get(0).body()).isEqualTo(hub.received().get(1).body());
    }

    @Test
    void shouldRetryWhenTheHubIsUnreachableAndGiveUpAfterTheSchedule() throws Exception {
        start(fast().withAutoLifecycle(false));
        String caseNo = caseNoOf(post("/rmtj/api/v2/cases", sample("create-case-story-N-neighbour.json"), TOKEN));
        int deadPort = hub.port();
        hub.stop();
        sim.setHubEventsUrl("http://127.0.0.1:" + deadPort + "/api/legal-service/v1/events");

        String eventId = sim.emitAccepted(caseNo).get("eventId").asText();

        await().atMost(WAIT).until(() -> sim.deliveryAttempts(eventId).size() == 3);
        assertThat(sim.deliveryAttempts(eventId)).extracting(DeliveryAttempt::outcome)
                .containsExactly(DeliveryOutcome.WILL_RETRY, DeliveryOutcome.WILL_RETRY, DeliveryOutcome.GAVE_UP);
        assertThat(sim.deliveryAttempts(eventId).get(0).error()).isNotBlank();
        assertThat(sim.deliveryAttempts(eventId).get(0).httpStatus()).isZero();
    }

    @Test
    void shouldNotRetryWhenTheHubAnswers400Or401Or409() throws Exception {
        start(fast().withAutoLifecycle(false));
        String caseNo = caseNoOf(post("/rmtj/api/v2/cases", sample("create-case-story-N-neighbour.json"), TOKEN));
        hub.answerNext(400, 401, 409);

        List<String> ids = List.of(sim.emitAccepted(caseNo).get("eventId").asText(),
                sim.emitMediatorAssigned(caseNo).get("eventId").asText(),
                sim.emitConcluded(caseNo, ConclusionResult.FAILURE).get("eventId").asText());

        await().atMost(WAIT).until(() -> sim.deliveryAttempts().size() == 3);
        // longer than the 100 ms retry schedule: a wrongly scheduled retry would show up here
        await().during(Duration.ofMillis(400)).atMost(WAIT).until(() -> sim.deliveryAttempts().size() == 3);
        for (String id : ids) {
            assertThat(sim.deliveryAttempts(id)).singleElement()
                    .extracting(DeliveryAttempt::outcome).isEqualTo(DeliveryOutcome.REJECTED);
        }
    }

    @Test
    void shouldDeclineOutOfAreaWhenARegionalCommitteeGetsADisputeFromElsewhere() throws Exception {
        start(fast());
        ObjectNode body = sampleObject("create-case-story-N-neighbour.json");
        body.put("regionCode", "150521101201"); // 舍伯吐镇, not 西门街道
        String caseNo = caseNoOf(post("/rmtj/api/v2/cases", body.toString(), TOKEN));

        await().atMost(WAIT).until(() -> hub.received().size() == 1);
        await().during(Duration.ofMillis(300)).atMost(WAIT).until(() -> hub.received().size() == 1);

        JsonNode event = readTree(hub.received().get(0).body());
        assertThat(event.get("eventType").asText()).isEqualTo("DECLINED");
        assertThat(event.get("declined").get("reasonCode").asText()).isEqualTo("OUT_OF_AREA");
        assertThat(event.get("declined").get("reason").asText()).isNotBlank();
        assertThat(sim.storedCaseByNo(caseNo).orElseThrow().status()).isEqualTo("DECLINED");
    }

    @Test
    void shouldServeTheDistrictCentreAndTheDevelopmentZoneAsInTheRegistry() throws Exception {
        start(fast());
        ObjectNode body = sampleObject("create-case-story-N-neighbour.json");
        body.put("committeeCode", "TW15050200001"); // 科尔沁区 centre: 150502 incl. 150571
        body.put("regionCode", "150571001001");
        post("/rmtj/api/v2/cases", body.toString(), TOKEN);

        await().atMost(WAIT).until(() -> hub.received().size() == 4);

        assertThat(hub.received()).extracting(r -> readTree(r.body()).get("eventType").asText())
                .doesNotContain("DECLINED");
    }

    @Test
    void shouldDeclineWithAContractReasonWhenTheDeclineProbabilityIsOne() throws Exception {
        start(fast().withOutcomeProbabilities(1.0, 1.0, 1.0, 1.0));
        post("/rmtj/api/v2/cases", sample("create-case-story-G-grassland.json"), TOKEN);

        await().atMost(WAIT).until(() -> hub.received().size() == 1);

        JsonNode event = readTree(hub.received().get(0).body());
        assertThat(event.get("eventType").asText()).isEqualTo("DECLINED");
        assertThat(event.get("declined").get("reasonCode").asText())
                .isIn("NOT_IN_SCOPE", "PARTY_REFUSED", "ALREADY_IN_LITIGATION", "OTHER");
    }

    @Test
    void shouldConcludeWithFailureAndNoFollowUpWhenSuccessProbabilityIsZero() throws Exception {
        start(fast().withOutcomeProbabilities(0.0, 0.0, 1.0, 1.0));
        String caseNo = caseNoOf(post("/rmtj/api/v2/cases", sample("create-case-story-G-grassland.json"), TOKEN));

        await().atMost(WAIT).until(() -> sim.events(caseNo).size() == 3);
        await().during(Duration.ofMillis(200)).atMost(WAIT).until(() -> sim.events(caseNo).size() == 3);

        JsonNode concluded = sim.events(caseNo).get(2);
        JsonNode conclusion = concluded.get("conclusion");
        assertThat(conclusion.get("result").asText()).isEqualTo("FAILURE");
        assertThat(conclusion.get("failureReason").asText()).isNotBlank();
        assertThat(conclusion.has("agreementNo")).isFalse();
        assertThat(conclusion.has("agreementForm")).isFalse();
        assertThat(conclusion.has("performanceDeadline")).isFalse();
        assertThat(sim.events(caseNo).get(1).get("mediator").get("mediatorId").asText()).isEqualTo("TJY15210148");
    }

    @Test
    void shouldSendNoEventsInManualModeUntilTheTestEmitsThem() throws Exception {
        start(manual());
        String caseNo = caseNoOf(post("/rmtj/api/v2/cases", sample("create-case-story-N-neighbour.json"), TOKEN));

        await().during(Duration.ofMillis(300)).atMost(WAIT).until(() -> hub.received().isEmpty());
        JsonNode accepted = sim.emitAccepted(caseNo);

        await().atMost(WAIT).until(() -> hub.received().size() == 1);
        assertThat(readTree(hub.received().get(0).body())).isEqualTo(accepted);
        assertThat(sim.storedCaseByNo(caseNo).orElseThrow().status()).isEqualTo("ACCEPTED");
    }

    @Test
    void shouldStopTheLifeCycleWhenTheCaseIsWithdrawn() throws Exception {
        start(fast().withDelays(Duration.ofMillis(300), Duration.ofMillis(30), Duration.ofMillis(30),
                Duration.ofMillis(30)));
        String caseNo = caseNoOf(post("/rmtj/api/v2/cases", sample("create-case-story-N-neighbour.json"), TOKEN));

        assertThat(post("/rmtj/api/v2/cases/" + caseNo + "/withdraw", withdrawBody("TJ-20261127-000041-01"), TOKEN)
                .statusCode()).isEqualTo(200);

        await().during(Duration.ofMillis(600)).atMost(WAIT).until(() -> hub.received().isEmpty());
        assertThat(sim.events(caseNo)).isEmpty();
    }

    @Test
    void shouldReplaySampleEventsToTheHubExactlyAsWritten() throws Exception {
        start(manual());
        String accepted = sample("event-story-N-1-accepted.json");
        String invalid = sample("invalid-event-unknown-type.json");
        hub.answerNext(200, 400);

        assertThat(sim.emitEvent(accepted)).isEqualTo("1f6b2c7d-3e8a-4b9c-8d0e-5f1a2b3c4d01");
        await().atMost(WAIT).until(() -> hub.received().size() == 1);
        sim.emitEvent(invalid);
        await().atMost(WAIT).until(() -> hub.received().size() == 2);

        assertThat(hub.received().get(0).body()).isEqualTo(accepted);
        assertThat(hub.received().get(1).body()).isEqualTo(invalid);
        await().atMost(WAIT).until(() -> sim.deliveryAttempts().size() == 2);
        assertThat(sim.deliveryAttempts("0c5e1f6a-2b7d-4e8f-9a9b-4c0d1e2f3a10")).singleElement()
                .extracting(DeliveryAttempt::outcome).isEqualTo(DeliveryOutcome.REJECTED);
    }

    @Test
    void shouldResendAGeneratedEventWithIdenticalContent() throws Exception {
        start(manual());
        String caseNo = caseNoOf(post("/rmtj/api/v2/cases", sample("create-case-story-N-neighbour.json"), TOKEN));
        String eventId = sim.emitAccepted(caseNo).get("eventId").asText();
        await().atMost(WAIT).until(() -> hub.received().size() == 1);

        sim.resendEvent(eventId);

        await().atMost(WAIT).until(() -> hub.received().size() == 2);
        assertThat(hub.received().get(1).body()).isEqualTo(hub.received().get(0).body());
    }

    @Test
    void shouldGiveTheSameStoryForTheSameSeed() throws Exception {
        LegalServiceSimulator first = start(manual().withSeed(42));
        String caseNo1 = caseNoOf(post("/rmtj/api/v2/cases", sample("create-case-story-N-neighbour.json"), TOKEN));
        String id1 = first.emitAccepted(caseNo1).get("eventId").asText();
        LegalServiceSimulator second = start(manual().withSeed(42));
        String caseNo2 = caseNoOf(post("/rmtj/api/v2/cases", sample("create-case-story-N-neighbour.json"), TOKEN));
        String id2 = second.emitAccepted(caseNo2).get("eventId").asText();

        assertThat(caseNo2).isEqualTo(caseNo1);
        assertThat(id2).isEqualTo(id1).matches(UUID_LOWER);
    }

    @Test
    void shouldAnswerUnknownPathsAndMethodsWithAnErrorBody() throws Exception {
        start(manual());

        HttpResponse<String> unknown = get("/rmtj/api/v1/cases", TOKEN);
        HttpResponse<String> wrongMethod = get("/rmtj/api/v2/cases", TOKEN);

        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(json(unknown).has("errorCode")).isTrue();
        assertThat(wrongMethod.statusCode()).isEqualTo(405);
        assertThat(json(wrongMethod).get("message").asText()).isNotBlank();
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private HttpResponse<String> createWithDueDate(String ref, String dueDate) throws Exception {
        ObjectNode body = sampleObject("create-case-story-N-neighbour.json");
        body.put("externalRef", ref);
        body.put("dueDate", dueDate);
        return post("/rmtj/api/v2/cases", body.toString(), TOKEN);
    }

    private String withdrawBody(String externalRef) {
        return mapper.createObjectNode().put("externalRef", externalRef).put("reason", "REASSIGNED")
                .put("requestedAt", "2026-11-28T11:30:00+08:00").toString();
    }

    private HttpResponse<String> post(String path, String body, String token) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build());
    }

    private HttpResponse<String> get(String path, String token) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer " + token).GET().build());
    }

    private HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private URI uri(String path) {
        return URI.create(sim.baseUrl() + path);
    }

    private String caseNoOf(HttpResponse<String> created) {
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return json(created).get("caseNo").asText();
    }

    private JsonNode json(HttpResponse<String> response) {
        assertThat(response.headers().firstValue("Content-Type")).contains("application/json");
        return readTree(response.body());
    }

    private JsonNode readTree(String text) {
        try {
            return mapper.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** "field CODE" for every entry of a 422's errors[]. */
    private List<String> errors(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(422);
        JsonNode body = json(response);
        assertThat(body.get("errorCode").asText()).isEqualTo("VALIDATION_FAILED");
        List<String> list = new ArrayList<>();
        for (JsonNode e : body.get("errors")) {
            assertThat(e.get("message").asText()).isNotBlank();
            list.add(e.get("field").asText() + " " + e.get("code").asText());
        }
        return list;
    }

    private static List<String> eventTypes(JsonNode events) {
        return StreamSupport.stream(events.spliterator(), false).map(e -> e.get("eventType").asText()).toList();
    }

    private static JsonNode byType(List<JsonNode> events, String type) {
        return events.stream().filter(e -> e.get("eventType").asText().equals(type)).findFirst().orElseThrow();
    }

    private String sample(String name) throws IOException {
        try (InputStream in = getClass().getResourceAsStream("/samples/legal-service/" + name)) {
            return new String(Objects.requireNonNull(in, name).readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private ObjectNode sampleObject(String name) throws IOException {
        return (ObjectNode) mapper.readTree(sample(name));
    }

    /** A clock tests can move; the simulator reads "now" and "today" from it. */
    private static final class MutableClock extends Clock {
        private final AtomicReference<Instant> now;

        MutableClock(Instant start) {
            now = new AtomicReference<>(start);
        }

        void advance(Duration d) {
            now.updateAndGet(i -> i.plus(d));
        }

        @Override
        public ZoneId getZone() {
            return ZoneId.of("Asia/Shanghai");
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    }

    /** The hub's event endpoint: records what arrives and answers 200 unless told otherwise. */
    private static final class StandInHub {
        record Received(String authorization, String contentType, String body) {
        }

        private final HttpServer server;
        private final List<Received> received = new ArrayList<>();
        private final Deque<Integer> answers = new ArrayDeque<>();
        private boolean stopped;

        StandInHub() throws IOException {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 16);
            server.createContext("/api/legal-service/v1/events", exchange -> {
                String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                int status;
                synchronized (this) {
                    received.add(new Received(exchange.getRequestHeaders().getFirst("Authorization"),
                            exchange.getRequestHeaders().getFirst("Content-Type"), body));
                    Integer next = answers.poll();
                    status = next == null ? 200 : next;
                }
                String answer = status == 200 ? "{\"received\":true,\"duplicate\":false}"
                        : "{\"errorCode\":\"" + (status >= 500 ? "INTERNAL_ERROR" : "VALIDATION_FAILED")
                        + "\",\"message\":\"stand-in\"}";
                byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(status, bytes.length);
                exchange.getResponseBody().write(bytes);
                exchange.close();
            });
            server.setExecutor(Executors.newFixedThreadPool(2, r -> {
                Thread t = new Thread(r, "stand-in-hub");
                t.setDaemon(true);
                return t;
            }));
            server.start();
        }

        String url() {
            return "http://127.0.0.1:" + port() + "/api/legal-service/v1/events";
        }

        int port() {
            return server.getAddress().getPort();
        }

        synchronized void answerNext(Integer... statuses) {
            answers.addAll(List.of(statuses));
        }

        synchronized List<Received> received() {
            return List.copyOf(received);
        }

        synchronized void stop() {
            if (!stopped) {
                stopped = true;
                server.stop(0);
            }
        }
    }
}
