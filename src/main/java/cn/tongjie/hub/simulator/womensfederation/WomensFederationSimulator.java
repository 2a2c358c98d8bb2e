package cn.tongjie.hub.simulator.womensfederation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.annotation.PreDestroy;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Year;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.core.env.Environment;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * Simulated 婚姻家庭纠纷调解系统 of the women's federation, on the hub's own port under /sim/womens-federation (demo and
 * tests only): checks X-WF-Token and every §5/§6 rule, keeps cases idempotent per case_ref (sent_at excluded), and
 * concludes cases by posting results to the hub over real HTTP (automatically in demo mode when a delay is set).
 */
@RestController
@ConditionalOnProperty(name = "tongjie.simulators.womens-federation.enabled", havingValue = "true")
public class WomensFederationSimulator {

    private static final Logger log = LoggerFactory.getLogger(WomensFederationSimulator.class);
    private static final ObjectMapper STRICT = com.fasterxml.jackson.databind.json.JsonMapper.builder()
            .enable(com.fasterxml.jackson.core.JsonParser.Feature.STRICT_DUPLICATE_DETECTION).build();

    /** A case as the federation holds it. */
    public record Case(String wfCaseId, JsonNode referral, long receivedAt) {
    }

    private final Map<String, Case> cases = new ConcurrentHashMap<>();
    private final AtomicLong sequence = new AtomicLong(400);
    private final AtomicInteger outages = new AtomicInteger();
    private final AtomicInteger requests = new AtomicInteger();
    private final Clock clock;
    private final ObjectMapper mapper;
    private final Environment environment;
    private final String acceptedToken;
    private final String hubToken;
    private final Duration autoConclude;
    private final java.util.concurrent.atomic.AtomicLong stallNextMillis = new java.util.concurrent.atomic.AtomicLong();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "wf-simulator");
        t.setDaemon(true);
        return t;
    });

    WomensFederationSimulator(Clock clock, ObjectMapper mapper, Environment environment,
            @Value("${tongjie.womens-federation.outbound-token}") String acceptedToken,
            @Value("${tongjie.womens-federation.inbound-token}") String hubToken,
            @Value("${tongjie.simulators.womens-federation.auto-conclude-after:0s}") Duration autoConclude) {
        this.clock = clock;
        this.mapper = mapper;
        this.environment = environment;
        this.acceptedToken = acceptedToken;
        this.hubToken = hubToken;
        this.autoConclude = autoConclude;
    }

    @PostMapping(path = "/sim/womens-federation/hyjt/api/cases", produces = "application/json")
    synchronized ResponseEntity<String> createCase(@RequestHeader(name = "X-WF-Token", required = false) String token,
            @RequestBody(required = false) byte[] body) {
        requests.incrementAndGet();
        if (outages.get() > 0) {
            outages.decrementAndGet();
            return answer(503, error("internal_error", List.of(new CaseValidator.Problem("$", "UNAVAILABLE",
                    "maintenance"))));
        }
        if (token == null || !token.equals(acceptedToken)) {
            return answer(401, error("unauthorized", List.of(new CaseValidator.Problem("$", "TOKEN_INVALID",
                    "missing or wrong X-WF-Token"))));
        }
        JsonNode referral;
        try {
            referral = STRICT.readTree(body == null ? new byte[0] : body);
        } catch (Exception e) {
            referral = null;
        }
        if (referral == null || !referral.isObject()) {
            return answer(400, error("bad_request", List.of(new CaseValidator.Problem("$", "MALFORMED_JSON",
                    "not a JSON object"))));
        }
        List<CaseValidator.Problem> unknown = CaseValidator.unknownFields(referral);
        if (!unknown.isEmpty()) {
            return answer(400, error("bad_request", unknown));
        }
        List<CaseValidator.Problem> problems = CaseValidator.validate(referral);
        if (!problems.isEmpty()) {
            return answer(422, error("validation_failed", problems));
        }
        String caseRef = referral.get("case_ref").asText();
        Case known = cases.get(caseRef);
        if (known != null) {
            if (!withoutSentAt(known.referral()).equals(withoutSentAt(referral))) {
                return answer(409, error("conflict", List.of(new CaseValidator.Problem("case_ref",
                        "CASE_REF_CONFLICT", "case_ref already used with different content"))));
            }
            return answer(200, received(known));
        }
        String id = "HYJT-" + Year.now(clock.withZone(ZoneId.of("Asia/Shanghai"))) + "-"
                + String.format("%07d", sequence.incrementAndGet());
        Case created = new Case(id, referral, clock.millis());
        cases.put(caseRef, created);
        log.info("Simulated women's federation received {} as {} ({})", caseRef, id, referral.get("priority").asText());
        if (!autoConclude.isZero()) {
            scheduler.schedule(() -> concludeQuietly(caseRef), autoConclude.toMillis(), TimeUnit.MILLISECONDS);
        }
        long stall = stallNextMillis.getAndSet(0);
        if (stall > 0) {
            // a federation that registers the case but answers too late: the hub times out, retries and must get
            // the same case back (200) — the simulated delay is the point, hence a plain sleep
            try {
                Thread.sleep(stall);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return answer(201, received(created));
    }

    /** The next new case is registered but answered only after {@code delay} (a slow federation, §8 time-out). */
    public void stallNext(Duration delay) {
        stallNextMillis.set(delay.toMillis());
    }

    public Optional<Case> find(String caseRef) {
        return Optional.ofNullable(cases.get(caseRef));
    }

    public int requestCount() {
        return requests.get();
    }

    /** The next {@code n} createCase calls answer 503 (an outage the hub must ride out). */
    public void failNext(int n) {
        outages.set(n);
    }

    /** The next case gets this running number (tests replay samples that name a wf_case_id). */
    public void nextNumber(long n) {
        sequence.set(n - 1);
    }

    public void reset() {
        stallNextMillis.set(0);
        cases.clear();
        outages.set(0);
        requests.set(0);
    }

    /** Posts a result for a case to the hub (§7) and returns the hub's status and body. */
    public HubAnswer conclude(String caseRef, String result, String agreement, boolean protectionOrder) {
        Case c = cases.get(caseRef);
        ObjectNode r = mapper.createObjectNode().put("case_ref", caseRef)
                .put("wf_case_id", c == null ? "HYJT-2026-0000000" : c.wfCaseId()).put("result", result);
        if (agreement != null) {
            r.put("agreement_summary", agreement);
        }
        r.put("mediator_name", "金花").put("closed_at", clock.millis()).put("protection_order_advised", protectionOrder);
        return postResult(r.toString(), hubToken);
    }

    /** Posts any body to the hub's results endpoint with the given token (tests replay samples with it). */
    public HubAnswer postResult(String body, String token) {
        try {
            HttpRequest.Builder req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                    + environment.getProperty("local.server.port") + "/api/womens-federation/v1/results"))
                    .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
            if (token != null) {
                req.header("X-WF-Token", token);
            }
            HttpResponse<String> res = http.send(req.build(), HttpResponse.BodyHandlers.ofString());
            return new HubAnswer(res.statusCode(), res.body());
        } catch (java.io.IOException e) {
            return new HubAnswer(0, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new HubAnswer(0, "interrupted");
        }
    }

    /** The hub's answer to a posted result. */
    public record HubAnswer(int status, String body) {
    }

    private void concludeQuietly(String caseRef) {
        boolean risk = cases.get(caseRef).referral().path("risk_flags").path("domestic_violence_risk").asBoolean();
        HubAnswer a = risk ? conclude(caseRef, "referred_to_court", null, true)
                : conclude(caseRef, "resolved", "双方达成和解，约定互相尊重、共同照顾家庭。", false);
        log.info("Simulated women's federation posted the result of {}: HTTP {}", caseRef, a.status());
    }

    @PreDestroy
    void stop() {
        scheduler.shutdownNow();
    }

    private ObjectNode received(Case c) {
        return mapper.createObjectNode().put("wf_case_id", c.wfCaseId())
                .put("case_ref", c.referral().get("case_ref").asText()).put("status", "received")
                .put("received_at", c.receivedAt());
    }

    private static JsonNode withoutSentAt(JsonNode referral) {
        ObjectNode copy = referral.deepCopy();
        copy.remove("sent_at");
        return copy;
    }

    private ObjectNode error(String error, List<CaseValidator.Problem> problems) {
        ObjectNode n = mapper.createObjectNode().put("error", error);
        ArrayNode list = n.putArray("errors");
        problems.forEach(p -> list.addObject().put("field", p.field()).put("code", p.code()).put("message", p.message()));
        return n;
    }

    private static ResponseEntity<String> answer(int status, JsonNode body) {
        return ResponseEntity.status(status).header("Content-Type", "application/json; charset=UTF-8")
                .body(body.toString());
    }
}
