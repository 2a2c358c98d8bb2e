package cn.tongjie.hub.womensfederation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import cn.tongjie.hub.infra.HubClock;
import cn.tongjie.hub.it.HubIT;
import cn.tongjie.hub.it.HubITSupport;
import cn.tongjie.hub.it.Samples;
import cn.tongjie.hub.simulator.womensfederation.WomensFederationSimulator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The women's-federation contract end to end over real HTTP: police story F referred urgently and minimised, the
 * federation's results (every result sample) answered per §7 and heard by the police channel, outages ridden out, and
 * the simulated federation applying §5/§6 exactly as samples/README.md requires.
 */
@HubIT
class WomensFederationIT extends HubITSupport {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String HUB_TOKEN = "hubTestWfToken0123456789abcdefABCDEF";
    private static final String WF_TOKEN = "wfTestHubToken0123456789abcdefABCDEF";
    private static final String JJDBH_F = "J150524202611260031";

    @Autowired
    WomensFederationSimulator federation;
    @Autowired
    HubClock clock;

    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void resetFederation() {
        federation.reset();
    }

    @Test
    void storyFIsReferredUrgentlyMinimisedAndItsResultReachesThePoliceAsFailureToCourt() {
        federation.nextNumber(417);
        Instant handedOver = clock.instant();
        hub.produce(Samples.policeRecords("handover-story-F-family-0301-violence-risk.kafka.json"));

        String caseRef = awaitReferral();
        JsonNode sent = federation.find(caseRef).orElseThrow().referral();
        assertThat(sent.path("priority").asText()).isEqualTo("urgent");
        assertThat(sent.path("dispute_type").asText()).isEqualTo("domestic_violence");
        assertThat(sent.path("risk_flags").path("domestic_violence_risk").asBoolean()).isTrue();
        assertThat(sent.path("source").asText()).isEqualTo("police");
        assertThat(sent.path("source_ref").asText()).isEqualTo(JJDBH_F);
        assertThat(sent.path("due_at").asLong()).isLessThanOrEqualTo(sent.path("sent_at").asLong()
                + Duration.ofDays(3).toMillis()).isGreaterThan(sent.path("sent_at").asLong());
        // §9: sent at once (target < 5 min after the handover was processed)
        assertThat(sent.path("sent_at").asLong() - handedOver.toEpochMilli()).isLessThan(Duration.ofMinutes(5).toMillis());
        for (JsonNode p : sent.path("parties")) {
            assertThat(p.has("id_number")).isEqualTo(!"other".equals(p.path("role").asText()));
        }
        await().atMost(WAIT).untilAsserted(() -> assertThat(hub.count(
                "select count(*) from assignment where external_ref = ? and case_no = 'HYJT-2026-0000417'", caseRef))
                .isEqualTo(1));

        clock.jumpTo(Instant.parse("2026-12-07T00:00:00Z"));
        ObjectNode result = (ObjectNode) Samples.json("womens-federation/result-story-F-referred-to-court.json");
        result.put("case_ref", caseRef);
        var first = postResult(result.toString(), HUB_TOKEN);
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(hub.json(first.body())).isEqualTo(Samples.json("womens-federation/result-ack-200.json"));
        var again = postResult(result.toString(), HUB_TOKEN);
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(hub.json(again.body()).path("duplicate").asBoolean()).isTrue();

        assertThat(hub.count("select count(*) from dispute where source_ref = ? and status = 'CONCLUDED' "
                + "and outcome = 'FAILURE'", JJDBH_F)).isEqualTo(1);
        assertThat(hub.count("select count(*) from dispute_fact where fact = 'wf:protection-order-advised'"))
                .isEqualTo(1);
        await().atMost(WAIT).untilAsserted(() -> assertThat(feedbackCodes(JJDBH_F)).containsExactly("01", "03"));
    }

    @Test
    void resultsAreCheckedPerSectionSevenAndTheFirstStoredResultStays() {
        federation.nextNumber(409);
        hub.produce(Samples.policeRecords("handover-story-F-family-0301-violence-risk.kafka.json"));
        String caseRef = awaitReferral();
        await().atMost(WAIT).untilAsserted(() -> assertThat(hub.count(
                "select count(*) from assignment where external_ref = ? and case_no = 'HYJT-2026-0000409'", caseRef))
                .isEqualTo(1));
        clock.jumpTo(Instant.parse("2026-12-07T00:00:00Z"));

        String resolved = withCaseRef("result-story-M-resolved.json", caseRef);
        assertThat(postResult(resolved, null).statusCode()).isEqualTo(401);
        assertThat(postResult(resolved, WF_TOKEN).statusCode()).isEqualTo(401);
        var noAgreement = postResult(withCaseRef("invalid-result-resolved-without-agreement.json", caseRef), HUB_TOKEN);
        assertThat(noAgreement.statusCode()).isEqualTo(400);
        assertThat(noAgreement.body()).contains("CONDITIONAL_REQUIRED");
        var seconds = postResult(withCaseRef("invalid-result-closed-at-in-seconds.json", caseRef)
                .replace("HYJT-2026-0000417", "HYJT-2026-0000409"), HUB_TOKEN);
        assertThat(seconds.statusCode()).isEqualTo(400);
        assertThat(hub.json(seconds.body()).path("errors").get(0).path("code").asText()).isEqualTo("INVALID_FORMAT");
        assertThat(hub.count("select count(*) from wf_result")).isZero();
        var unknown = postResult(Samples.text("womens-federation/result-story-M-resolved.json"), HUB_TOKEN);
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.body()).contains("CASE_NOT_FOUND");

        assertThat(postResult(resolved, HUB_TOKEN).body()).isEqualTo("{\"ok\":true,\"duplicate\":false}");
        assertThat(postResult(resolved, HUB_TOKEN).body()).isEqualTo("{\"ok\":true,\"duplicate\":true}");
        var conflict = postResult(withCaseRef("invalid-result-conflict-after-resolved.json", caseRef), HUB_TOKEN);
        assertThat(conflict.statusCode()).isEqualTo(409);
        assertThat(conflict.body()).contains("RESULT_CONFLICT");
        assertThat(jdbc.sql("select result from wf_result where case_ref = ?").param(caseRef).query(String.class)
                .single()).isEqualTo("resolved");
        await().atMost(WAIT).untilAsserted(() -> assertThat(feedbackCodes(JJDBH_F)).containsExactly("01", "02"));
    }

    @Test
    void anOutageDelaysAnUrgentReferralAndAlertsAnOperatorOnceAfterTheFirstFailure() {
        federation.failNext(2);
        hub.produce(Samples.policeRecords("handover-story-F-family-0301-violence-risk.kafka.json"));

        String caseRef = awaitReferral();
        assertThat(federation.requestCount()).isGreaterThanOrEqualTo(3);
        assertThat(hub.count("select count(*) from alert where code = 'WF_URGENT_REFERRAL_FAILED'")).isEqualTo(1);
        await().atMost(WAIT).untilAsserted(() -> assertThat(hub.count(
                "select count(*) from assignment where external_ref = ? and status = 'RECEIVED'", caseRef))
                .isEqualTo(1));
    }

    @Test
    void shouldRetryAReferralTheFederationAnsweredAfterTheReadTimeoutAndKeepItsOneCase() {
        // read-timeout is 2 s in the test profile (15 s in production, §8); the federation answers after 5 s
        federation.stallNext(Duration.ofSeconds(5));
        hub.produce(Samples.policeRecords("handover-story-F-family-0301-violence-risk.kafka.json"));

        String caseRef = awaitReferral();
        await().atMost(WAIT).untilAsserted(() -> assertThat(hub.count(
                "select count(*) from assignment where external_ref = ? and status = 'RECEIVED'", caseRef))
                .isEqualTo(1));
        // the time-out was a retryable failure (urgent: the operator was told), and the retry got the same case
        assertThat(federation.requestCount()).isGreaterThanOrEqualTo(2);
        assertThat(hub.count("select count(*) from alert where code = 'WF_URGENT_REFERRAL_FAILED'")).isEqualTo(1);
        assertThat(jdbc.sql("select case_no from assignment where external_ref = ?").param(caseRef)
                .query(String.class).single()).isEqualTo(federation.find(caseRef).orElseThrow().wfCaseId());
    }

    @ParameterizedTest(name = "{0} → {1} {2}")
    @CsvSource({
            "create-case-story-F-violence-risk-urgent.json,201,",
            "create-case-story-M-marriage-normal.json,201,",
            "create-case-child-support-minor-without-id.json,201,",
            "invalid-create-id-number-of-child.json,422,parties[2].id_number ID_NOT_ALLOWED",
            "invalid-create-claim-amount-field.json,400,claim_amount UNKNOWN_FIELD",
            "invalid-create-amount-in-summary.json,422,summary AMOUNT_NOT_ALLOWED",
            "invalid-create-violence-risk-not-urgent.json,422,priority PRIORITY_MISMATCH"})
    void theSimulatedFederationAnswersEveryCreateSampleAsTheContractRequires(String file, int status, String error)
            throws Exception {
        String body = Samples.text("womens-federation/" + file);
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                        + "/sim/womens-federation/hyjt/api/cases")).header("Content-Type", "application/json")
                .header("X-WF-Token", WF_TOKEN).POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        if (error != null) {
            JsonNode e = hub.json(r.body()).path("errors").get(0);
            assertThat(e.path("field").asText() + " " + e.path("code").asText()).isEqualTo(error);
        } else {
            // an identical repeat with a new sent_at is the same case (§5.4)
            ObjectNode repeat = (ObjectNode) hub.json(body);
            repeat.put("sent_at", repeat.get("sent_at").asLong() + 60_000);
            HttpResponse<String> again = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                            + "/sim/womens-federation/hyjt/api/cases")).header("Content-Type", "application/json")
                    .header("X-WF-Token", WF_TOKEN).POST(HttpRequest.BodyPublishers.ofString(repeat.toString()))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(again.statusCode()).isEqualTo(200);
            assertThat(hub.json(again.body()).path("wf_case_id")).isEqualTo(hub.json(r.body()).path("wf_case_id"));
        }
    }

    private String awaitReferral() {
        await().atMost(WAIT).until(() -> hub.count(
                "select count(*) from assignment where agency = 'womens-federation' and case_no is not null") == 1);
        return jdbc.sql("select external_ref from assignment where agency = 'womens-federation'").query(String.class)
                .single();
    }

    private String withCaseRef(String sample, String caseRef) {
        ObjectNode r = (ObjectNode) Samples.json("womens-federation/" + sample);
        return r.put("case_ref", caseRef).toString();
    }

    /** The police feedback codes the hub queued for a jjdbh in this test (the outbox is emptied per test). */
    private List<String> feedbackCodes(String jjdbh) {
        List<String> codes = new ArrayList<>();
        for (String payload : jdbc.sql("select payload from outbox order by id").query(String.class).list()) {
            JsonNode p = hub.json(payload);
            if (jjdbh.equals(p.path("jjdbh").asText())) {
                codes.add(p.path("czjg").asText());
            }
        }
        return codes;
    }

    private HttpResponse<String> postResult(String body, String token) {
        WomensFederationSimulator.HubAnswer a = federation.postResult(body, token);
        return new HttpResponse<>() {
            public int statusCode() { return a.status(); }
            public String body() { return a.body(); }
            public HttpRequest request() { return null; }
            public java.util.Optional<HttpResponse<String>> previousResponse() { return java.util.Optional.empty(); }
            public java.net.http.HttpHeaders headers() { return null; }
            public java.util.Optional<javax.net.ssl.SSLSession> sslSession() { return java.util.Optional.empty(); }
            public URI uri() { return null; }
            public HttpClient.Version version() { return HttpClient.Version.HTTP_1_1; }
        };
    }
}
