package cn.tongjie.hub.simulator.legal;

import cn.tongjie.hub.common.ErrorCode;
import cn.tongjie.hub.common.HubException;
import cn.tongjie.hub.simulator.legal.RequestValidator.FieldError;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Simulator of the 司法局 people's-mediation system (legal-service contract v2) for demo mode and tests: serves
 * createCase / withdrawCase / getCase on {@code 127.0.0.1}, drives each case through its life cycle and pushes the
 * events to the hub's callback URL with the contract's retry behaviour. Fault modes (maintenance 503, down, lost 201)
 * and plain-Java inspection methods let tests exercise the hub's error paths.
 *
 * <p>Thread-safe. All case state is guarded by one lock; HTTP answers and event deliveries run on small pools.
 * Personal data (names, ID numbers, phones) is never logged: only caseNo, externalRef and event types.
 */
public final class LegalServiceSimulator {

    static {
        // Without TCP_NODELAY the JDK server's small writes meet the client's delayed ACKs: ~20 calls/s at best.
        // Read once, when the first HttpServer is created, hence here.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private static final Logger log = LoggerFactory.getLogger(LegalServiceSimulator.class);

    /** Base path of the legal-service API (README §3). */
    public static final String BASE_PATH = "/rmtj/api/v2";
    /** Test token issued by 司法局 to the hub (README §4). */
    public static final String TEST_HUB_TOKEN_ACCEPTED = "rmtj-test-hub-8f2c4a1e9b7d4c3a8e6f0b1d2c3e4f5a";
    /** Test token the hub issued to the legal-service system, sent with every event (README §4). */
    public static final String TEST_TOKEN_FOR_HUB = "tongjie-test-rmtj-3a9e7c1b5d2f4e6a8c0b9d7e5f3a1c2b";

    private static final String CASES = BASE_PATH + "/cases";
    private static final String WITHDRAW_SUFFIX = "/withdraw";
    private static final int CONNECTION_CLOSED = -1;
    private static final String GATEWAY_TIMEOUT_PAGE = "<html><head><title>504 Gateway Time-out</title></head>"
            + "<body><center><h1>504 Gateway Time-out</h1></center></body></html>";

    // ------------------------------------------------------------------------------------------------ public types

    /**
     * Configuration. Delays are between consecutive events of a case: ACCEPTED/DECLINED {@code acceptDelay} after
     * createCase, MEDIATOR_ASSIGNED {@code mediatorDelay} after ACCEPTED, CONCLUDED {@code concludeDelay} after
     * MEDIATOR_ASSIGNED, FOLLOW_UP {@code followUpDelay} after a successful CONCLUDED.
     *
     * @param port                   listening port on 127.0.0.1; 0 picks a free one (see {@link #port()})
     * @param acceptedTokens         bearer tokens accepted from the hub (two during a rotation)
     * @param hubEventsUrl           the hub's {@code POST /api/legal-service/v1/events} URL
     * @param hubToken               bearer token sent to the hub with each event
     * @param successProbability     chance that a concluded case ends SUCCESS (else FAILURE)
     * @param declineProbability     chance that a committee declines a case in its area
     * @param followUpProbability    chance of a FOLLOW_UP after SUCCESS
     * @param performedProbability   chance that the follow-up finds the agreement performed
     * @param maintenanceProbability chance that a call is answered 503 MAINTENANCE (nothing stored)
     * @param maintenanceRetryAfter  Retry-After (and maintenanceUntil) for those random 503s; null sends neither
     * @param seed                   seed of every random choice, so a run can be repeated
     * @param retrySchedule          waits before the 2nd, 3rd … delivery attempt of an event; the contract's is
     *                               1 min, 5 min, 30 min, 2 h, 6 h, 24 h
     * @param autoLifecycle          false = manual mode: no events unless a test emits them
     * @param hubConnectTimeout      connect time-out towards the hub (contract: 5 s)
     * @param hubReadTimeout         answer time-out towards the hub (contract: 10 s)
     * @param threads                HTTP server threads
     */
    public record Settings(int port, List<String> acceptedTokens, String hubEventsUrl, String hubToken,
                           Duration acceptDelay, Duration mediatorDelay, Duration concludeDelay,
                           Duration followUpDelay, double successProbability, double declineProbability,
                           double followUpProbability, double performedProbability, double maintenanceProbability,
                           Duration maintenanceRetryAfter, long seed, List<Duration> retrySchedule,
                           boolean autoLifecycle, Duration hubConnectTimeout, Duration hubReadTimeout, int threads) {

        public Settings {
            acceptedTokens = List.copyOf(acceptedTokens);
            retrySchedule = List.copyOf(retrySchedule);
            Objects.requireNonNull(hubEventsUrl, "hubEventsUrl");
            Objects.requireNonNull(hubToken, "hubToken");
            for (Duration d : List.of(acceptDelay, mediatorDelay, concludeDelay, followUpDelay, hubConnectTimeout,
                    hubReadTimeout)) {
                requireNonNegative(d);
            }
            retrySchedule.forEach(Settings::requireNonNegative);
            if (maintenanceRetryAfter != null) {
                requireNonNegative(maintenanceRetryAfter);
            }
            for (double p : new double[] {successProbability, declineProbability, followUpProbability,
                    performedProbability, maintenanceProbability}) {
                if (!(p >= 0 && p <= 1)) {
                    throw new HubException(ErrorCode.TJ_CONFIG_INVALID, "probability outside [0,1]: " + p);
                }
            }
            if (port < 0 || port > 65535 || threads < 1 || acceptedTokens.isEmpty()) {
                throw new HubException(ErrorCode.TJ_CONFIG_INVALID,
                        "port 0–65535, threads ≥ 1 and at least one accepted token are required");
            }
        }

        private static void requireNonNegative(Duration d) {
            if (d == null || d.isNegative()) {
                throw new HubException(ErrorCode.TJ_CONFIG_INVALID, "durations must be present and not negative");
            }
        }

        /** Demo-friendly defaults with the contract's test tokens and retry schedule. */
        public static Settings defaults() {
            return new Settings(0, List.of(TEST_HUB_TOKEN_ACCEPTED),
                    "http://127.0.0.1:8080/api/legal-service/v1/events", TEST_TOKEN_FOR_HUB,
                    Duration.ofSeconds(2), Duration.ofSeconds(1), Duration.ofSeconds(10), Duration.ofSeconds(5),
                    0.8, 0.1, 0.8, 0.9, 0.05, null, 20261128L,
                    List.of(Duration.ofMinutes(1), Duration.ofMinutes(5), Duration.ofMinutes(30), Duration.ofHours(2),
                            Duration.ofHours(6), Duration.ofHours(24)),
                    true, Duration.ofSeconds(5), Duration.ofSeconds(10), 4);
        }

        public Settings withPort(int v) {
            return new Settings(v, acceptedTokens, hubEventsUrl, hubToken, acceptDelay, mediatorDelay, concludeDelay,
                    followUpDelay, successProbability, declineProbability, followUpProbability, performedProbability,
                    maintenanceProbability, maintenanceRetryAfter, seed, retrySchedule, autoLifecycle,
                    hubConnectTimeout, hubReadTimeout, threads);
        }

        public Settings withAcceptedTokens(List<String> v) {
            return new Settings(port, v, hubEventsUrl, hubToken, acceptDelay, mediatorDelay, concludeDelay,
                    followUpDelay, successProbability, declineProbability, followUpProbability, performedProbability,
                    maintenanceProbability, maintenanceRetryAfter, seed, retrySchedule, autoLifecycle,
                    hubConnectTimeout, hubReadTimeout, threads);
        }

        public Settings withHubEventsUrl(String v) {
            return new Settings(port, acceptedTokens, v, hubToken, acceptDelay, mediatorDelay, concludeDelay,
                    followUpDelay, successProbability, declineProbability, followUpProbability, performedProbability,
                    maintenanceProbability, maintenanceRetryAfter, seed, retrySchedule, autoLifecycle,
                    hubConnectTimeout, hubReadTimeout, threads);
        }

        public Settings withHubToken(String v) {
            return new Settings(port, acceptedTokens, hubEventsUrl, v, acceptDelay, mediatorDelay, concludeDelay,
                    followUpDelay, successProbability, declineProbability, followUpProbability, performedProbability,
                    maintenanceProbability, maintenanceRetryAfter, seed, retrySchedule, autoLifecycle,
                    hubConnectTimeout, hubReadTimeout, threads);
        }

        /** Sets all four life-cycle delays at once. */
        public Settings withDelays(Duration accept, Duration mediator, Duration conclude, Duration followUp) {
            return new Settings(port, acceptedTokens, hubEventsUrl, hubToken, accept, mediator, conclude, followUp,
                    successProbability, declineProbability, followUpProbability, performedProbability,
                    maintenanceProbability, maintenanceRetryAfter, seed, retrySchedule, autoLifecycle,
                    hubConnectTimeout, hubReadTimeout, threads);
        }

        /** Sets success, decline, follow-up and performed probabilities at once. */
        public Settings withOutcomeProbabilities(double success, double decline, double followUp, double performed) {
            return new Settings(port, acceptedTokens, hubEventsUrl, hubToken, acceptDelay, mediatorDelay,
                    concludeDelay, followUpDelay, success, decline, followUp, performed, maintenanceProbability,
                    maintenanceRetryAfter, seed, retrySchedule, autoLifecycle, hubConnectTimeout, hubReadTimeout,
                    threads);
        }

        public Settings withMaintenance(double probability, Duration retryAfter) {
            return new Settings(port, acceptedTokens, hubEventsUrl, hubToken, acceptDelay, mediatorDelay,
                    concludeDelay, followUpDelay, successProbability, declineProbability, followUpProbability,
                    performedProbability, probability, retryAfter, seed, retrySchedule, autoLifecycle,
                    hubConnectTimeout, hubReadTimeout, threads);
        }

        public Settings withSeed(long v) {
            return new Settings(port, acceptedTokens, hubEventsUrl, hubToken, acceptDelay, mediatorDelay,
                    concludeDelay, followUpDelay, successProbability, declineProbability, followUpProbability,
                    performedProbability, maintenanceProbability, maintenanceRetryAfter, v, retrySchedule,
                    autoLifecycle, hubConnectTimeout, hubReadTimeout, threads);
        }

        public Settings withRetrySchedule(List<Duration> v) {
            return new Settings(port, acceptedTokens, hubEventsUrl, hubToken, acceptDelay, mediatorDelay,
                    concludeDelay, followUpDelay, successProbability, declineProbability, followUpProbability,
                    performedProbability, maintenanceProbability, maintenanceRetryAfter, seed, v, autoLifecycle,
                    hubConnectTimeout, hubReadTimeout, threads);
        }

        public Settings withAutoLifecycle(boolean v) {
            return new Settings(port, acceptedTokens, hubEventsUrl, hubToken, acceptDelay, mediatorDelay,
                    concludeDelay, followUpDelay, successProbability, declineProbability, followUpProbability,
                    performedProbability, maintenanceProbability, maintenanceRetryAfter, seed, retrySchedule, v,
                    hubConnectTimeout, hubReadTimeout, threads);
        }

        public Settings withHubTimeouts(Duration connect, Duration read) {
            return new Settings(port, acceptedTokens, hubEventsUrl, hubToken, acceptDelay, mediatorDelay,
                    concludeDelay, followUpDelay, successProbability, declineProbability, followUpProbability,
                    performedProbability, maintenanceProbability, maintenanceRetryAfter, seed, retrySchedule,
                    autoLifecycle, connect, read, threads);
        }

        public Settings withThreads(int v) {
            return new Settings(port, acceptedTokens, hubEventsUrl, hubToken, acceptDelay, mediatorDelay,
                    concludeDelay, followUpDelay, successProbability, declineProbability, followUpProbability,
                    performedProbability, maintenanceProbability, maintenanceRetryAfter, seed, retrySchedule,
                    autoLifecycle, hubConnectTimeout, hubReadTimeout, v);
        }
    }

    /** How a "lost 201" looks to the hub: the case is stored, but the hub never sees the answer. */
    public enum LostResponse {
        /** A proxy's 504 with an HTML page, as a gateway time-out in front of the system would give. */
        GATEWAY_TIMEOUT,
        /** The connection is closed without any answer. */
        CONNECTION_CLOSED
    }

    /** What became of one delivery attempt of an event. */
    public enum DeliveryOutcome {
        /** 2xx from the hub. */
        DELIVERED,
        /** Connection error, time-out, 429 or 5xx: another attempt is scheduled. */
        WILL_RETRY,
        /** 400, 401, 409 or another non-retryable answer: never sent again. */
        REJECTED,
        /** Retryable failure but the schedule is used up (推送失败). */
        GAVE_UP
    }

    /** {@code conclusion.result} for manual CONCLUDED events. */
    public enum ConclusionResult { SUCCESS, FAILURE, TERMINATED }

    /** Snapshot of a stored case. {@code requestJson} is the createCase body exactly as received. */
    public record StoredCase(String caseNo, String externalRef, String committeeCode, String status,
                             String receivedAt, String withdrawnAt, String requestJson, JsonNode request) {
    }

    /**
     * One delivery attempt of an event to the hub. {@code httpStatus} is 0 when there was no answer (then
     * {@code error} says why); {@code at} is the simulator clock's time.
     */
    public record DeliveryAttempt(String eventId, String eventType, String caseNo, int attempt, String at,
                                  int httpStatus, String responseBody, String error, DeliveryOutcome outcome) {
    }

    /**
     * One call the hub made. {@code operation} is createCase, withdrawCase, getCase or unknown; {@code httpStatus}
     * is -1 when the connection was closed without an answer; {@code externalRef} is null when the body had none.
     */
    public record RecordedCall(String operation, String externalRef, String caseNo, int httpStatus, String errorCode,
                               String at) {
    }

    // ------------------------------------------------------------------------------------------------ state

    /** A 503 to give: optional Retry-After as delta-seconds or HTTP-date, and maintenanceUntil derived from it. */
    private record Maintenance(Duration retryAfter, boolean httpDate) {
    }

    /** An HTTP answer to send; {@code status} -1 closes the connection instead. */
    private record Answer(int status, ObjectNode json, String html, Map<String, String> headers) {
        static Answer json(int status, ObjectNode body) {
            return new Answer(status, body, null, Map.of());
        }
    }

    private final Settings settings;
    private final Clock clock;
    private final ObjectMapper mapper;
    private final ObjectReader reader;
    private final Object lock = new Object();
    private final Map<String, CaseRecord> casesByNo = new LinkedHashMap<>();
    private final Map<String, CaseRecord> casesByRef = new HashMap<>();
    private final Map<String, Integer> sequences = new HashMap<>();
    private final Map<String, AtomicInteger> createCallsByRef = new ConcurrentHashMap<>();
    private final List<RecordedCall> calls = new ArrayList<>();
    private final Random faultRandom;
    private final ExecutorService httpExecutor;
    private final ExecutorService clientExecutor;
    private final ScheduledExecutorService scheduler;
    private final EventSender sender;
    private final CaseLifecycle lifecycle;

    private volatile String hubEventsUrl;
    private volatile double maintenanceProbability;
    private Maintenance down;
    private int forcedMaintenanceLeft;
    private Maintenance forcedMaintenance;
    private int lostResponsesLeft;
    private LostResponse lostResponse;
    private HttpServer server;
    private boolean stopped;

    public LegalServiceSimulator(Settings settings, Clock clock, ObjectMapper mapper) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.mapper = Objects.requireNonNull(mapper, "mapper");
        // BigDecimal keeps "12.345" exact for the 2-decimal check; trailing garbage after the object is malformed.
        this.reader = mapper.reader().with(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        this.hubEventsUrl = settings.hubEventsUrl();
        this.maintenanceProbability = settings.maintenanceProbability();
        this.faultRandom = new Random(settings.seed() ^ 0x5DEECE66DL);
        this.httpExecutor = Executors.newFixedThreadPool(settings.threads(), daemon("legal-sim-http"));
        this.clientExecutor = Executors.newFixedThreadPool(2, daemon("legal-sim-push"));
        this.scheduler = Executors.newScheduledThreadPool(2, daemon("legal-sim-timer"));
        this.sender = new EventSender(clientExecutor, scheduler, settings.retrySchedule(),
                settings.hubConnectTimeout(), settings.hubReadTimeout(), () -> hubEventsUrl, settings.hubToken(), clock);
        this.lifecycle = new CaseLifecycle(lock, settings, clock, mapper, scheduler, sender);
    }

    // ------------------------------------------------------------------------------------------------ lifecycle

    /** Binds 127.0.0.1:{port} and starts serving. A stopped simulator cannot be started again. */
    public void start() {
        synchronized (lock) {
            if (server != null || stopped) {
                throw new HubException(ErrorCode.TJ_ILLEGAL_STATE, "simulator already started or stopped");
            }
            try {
                InetAddress loopback = InetAddress.getByAddress(new byte[] {127, 0, 0, 1});
                server = HttpServer.create(new InetSocketAddress(loopback, settings.port()), 64);
            } catch (IOException e) {
                throw new HubException(ErrorCode.TJ_CONFIG_INVALID, "cannot bind port " + settings.port(), e);
            }
            server.createContext("/", this::handle);
            server.setExecutor(httpExecutor);
            server.start();
            log.info("legal-service simulator listening on {}", baseUrl());
        }
    }

    /** Stops serving and drops scheduled events and retries. */
    public void stop() {
        synchronized (lock) {
            stopped = true;
            if (server != null) {
                server.stop(0);
            }
        }
        scheduler.shutdownNow();
        clientExecutor.shutdownNow();
        httpExecutor.shutdownNow();
    }

    /** The bound port (the real one when Settings.port was 0). */
    public int port() {
        synchronized (lock) {
            if (server == null) {
                throw new HubException(ErrorCode.TJ_ILLEGAL_STATE, "simulator not started");
            }
            return server.getAddress().getPort();
        }
    }

    /** {@code http://127.0.0.1:{port}}: the hub's {legalBase}. */
    public String baseUrl() {
        return "http://127.0.0.1:" + port();
    }

    public Settings settings() {
        return settings;
    }

    // ------------------------------------------------------------------------------------------------ controls

    /** Where events go from now on (e.g. once the hub's random port is known). */
    public void setHubEventsUrl(String url) {
        this.hubEventsUrl = Objects.requireNonNull(url, "url");
    }

    public String hubEventsUrl() {
        return hubEventsUrl;
    }

    public void setMaintenanceProbability(double probability) {
        if (!(probability >= 0 && probability <= 1)) {
            throw new HubException(ErrorCode.TJ_CONFIG_INVALID, "probability outside [0,1]: " + probability);
        }
        this.maintenanceProbability = probability;
    }

    /** The next {@code count} createCase calls answer 503 MAINTENANCE without Retry-After. */
    public void forceMaintenance(int count) {
        forceMaintenance(count, null, false);
    }

    /**
     * The next {@code count} createCase calls answer 503 MAINTENANCE with {@code Retry-After} (delta-seconds, or an
     * HTTP-date when {@code retryAfterAsHttpDate}) and {@code maintenanceUntil} = now + retryAfter. A null
     * retryAfter sends neither.
     */
    public void forceMaintenance(int count, Duration retryAfter, boolean retryAfterAsHttpDate) {
        synchronized (lock) {
            forcedMaintenanceLeft = count;
            forcedMaintenance = new Maintenance(retryAfter, retryAfterAsHttpDate);
        }
    }

    /** Down: every call answers 503 MAINTENANCE until {@code setDown(false)}. */
    public void setDown(boolean isDown) {
        setDown(isDown, null);
    }

    /** Down with a Retry-After (delta-seconds) and maintenanceUntil on every 503. */
    public void setDown(boolean isDown, Duration retryAfter) {
        synchronized (lock) {
            down = isDown ? new Maintenance(retryAfter, false) : null;
        }
    }

    /**
     * The next {@code count} successful createCase calls store the case (and start its life cycle) but the hub
     * does not get the 201, so its retry meets 409 DUPLICATE_EXTERNAL_REF (README §10).
     */
    public void loseNextCreateResponses(int count, LostResponse how) {
        synchronized (lock) {
            lostResponsesLeft = count;
            lostResponse = Objects.requireNonNull(how, "how");
        }
    }

    /** Manual mode when false: scheduled events are cancelled and new cases get none (tests emit them). */
    public void setAutoLifecycle(boolean auto) {
        synchronized (lock) {
            lifecycle.setAuto(auto, new ArrayList<>(casesByNo.values()));
        }
    }

    public boolean autoLifecycle() {
        return lifecycle.auto();
    }

    // ------------------------------------------------------------------------------------------------ manual events

    /** Generates and sends ACCEPTED for the case; returns the event as sent. */
    public JsonNode emitAccepted(String caseNo) {
        return emit(caseNo, lifecycle::accepted);
    }

    /** Generates and sends MEDIATOR_ASSIGNED (the committee's mediator). */
    public JsonNode emitMediatorAssigned(String caseNo) {
        return emit(caseNo, lifecycle::mediatorAssigned);
    }

    /** Generates and sends CONCLUDED with the given result (agreement data with SUCCESS, failureReason else). */
    public JsonNode emitConcluded(String caseNo, ConclusionResult result) {
        return emit(caseNo, c -> lifecycle.concluded(c, result));
    }

    /** Generates and sends DECLINED with a contract reasonCode (NOT_IN_SCOPE, PARTY_REFUSED, … OUT_OF_AREA, OTHER). */
    public JsonNode emitDeclined(String caseNo, String reasonCode) {
        return emit(caseNo, c -> lifecycle.declined(c, reasonCode));
    }

    /** Generates and sends FOLLOW_UP. */
    public JsonNode emitFollowUp(String caseNo, boolean performed) {
        return emit(caseNo, c -> lifecycle.followUp(c, performed));
    }

    /**
     * Sends an event given as JSON text to the hub exactly as written (samples, deliberately invalid events …), with
     * the usual retries. When it names a stored case and is a plausible event it also joins that case's getCase list.
     * Returns its eventId (null when it has none).
     */
    public String emitEvent(String eventJson) {
        JsonNode parsed = parse(eventJson.getBytes(StandardCharsets.UTF_8));
        String eventId = parsed != null && parsed.path("eventId").isTextual() ? parsed.get("eventId").asText() : null;
        String type = parsed == null ? null : parsed.path("eventType").asText(null);
        String caseNo = parsed == null ? null : parsed.path("caseNo").asText(null);
        if (parsed instanceof ObjectNode event && caseNo != null) {
            synchronized (lock) {
                CaseRecord c = casesByNo.get(caseNo);
                if (c != null) {
                    lifecycle.adopt(c, event);
                }
            }
        }
        sender.send(eventId, type, caseNo, eventJson.getBytes(StandardCharsets.UTF_8));
        return eventId;
    }

    /** Sends an already generated event again, as the legal system's independent retries may (a duplicate). */
    public void resendEvent(String eventId) {
        ObjectNode event = null;
        synchronized (lock) {
            for (CaseRecord c : casesByNo.values()) {
                for (CaseRecord.StoredEvent e : c.events) {
                    if (eventId.equals(e.json().path("eventId").asText())) {
                        event = e.json().deepCopy();
                    }
                }
            }
        }
        if (event == null) {
            throw new HubException(ErrorCode.TJ_ILLEGAL_STATE, "no event " + eventId);
        }
        lifecycle.send(event);
    }

    private JsonNode emit(String caseNo, java.util.function.Function<CaseRecord, ObjectNode> generator) {
        ObjectNode event;
        synchronized (lock) {
            CaseRecord c = casesByNo.get(caseNo);
            if (c == null) {
                throw new HubException(ErrorCode.TJ_ILLEGAL_STATE, "no case " + caseNo);
            }
            event = generator.apply(c);
        }
        lifecycle.send(event);
        return event;
    }

    // ------------------------------------------------------------------------------------------------ inspection

    /** How many createCase calls carried this externalRef (every answer counts: 201, 409, 422, 503, 401 …). */
    public int createCaseCalls(String externalRef) {
        AtomicInteger n = createCallsByRef.get(externalRef);
        return n == null ? 0 : n.get();
    }

    /** How many createCase calls were answered with this HTTP status (-1: connection closed, lost 201). */
    public int createCaseAnswers(int httpStatus) {
        synchronized (lock) {
            return (int) calls.stream()
                    .filter(c -> c.operation().equals("createCase") && c.httpStatus() == httpStatus).count();
        }
    }

    /** Every call the hub made, in arrival order. */
    public List<RecordedCall> calls() {
        synchronized (lock) {
            return List.copyOf(calls);
        }
    }

    /** All stored cases in creation order. */
    public List<StoredCase> storedCases() {
        synchronized (lock) {
            return casesByNo.values().stream().map(this::snapshot).toList();
        }
    }

    public Optional<StoredCase> storedCase(String externalRef) {
        synchronized (lock) {
            return Optional.ofNullable(casesByRef.get(externalRef)).map(this::snapshot);
        }
    }

    public Optional<StoredCase> storedCaseByNo(String caseNo) {
        synchronized (lock) {
            return Optional.ofNullable(casesByNo.get(caseNo)).map(this::snapshot);
        }
    }

    /** The events generated for a case so far, in occurredAt order (what getCase returns). */
    public List<JsonNode> events(String caseNo) {
        synchronized (lock) {
            CaseRecord c = casesByNo.get(caseNo);
            if (c == null) {
                return List.of();
            }
            return c.eventsInOrder().stream().map(e -> (JsonNode) e.json().deepCopy()).toList();
        }
    }

    /** Every delivery attempt to the hub with its answer, in completion order. */
    public List<DeliveryAttempt> deliveryAttempts() {
        return sender.attempts();
    }

    public List<DeliveryAttempt> deliveryAttempts(String eventId) {
        return sender.attempts().stream().filter(a -> Objects.equals(a.eventId(), eventId)).toList();
    }

    private StoredCase snapshot(CaseRecord c) {
        return new StoredCase(c.caseNo, c.externalRef, c.committee.code(), c.status(), c.receivedAt, c.withdrawnAt,
                c.requestJson, c.request.deepCopy());
    }

    // ------------------------------------------------------------------------------------------------ HTTP

    private void handle(HttpExchange exchange) {
        String operation = "unknown";
        String externalRef = null;
        String caseNo = null;
        Answer answer;
        try {
            byte[] body = exchange.getRequestBody().readAllBytes();
            String path = exchange.getRequestURI().getRawPath();
            String method = exchange.getRequestMethod();
            if (path.equals(CASES)) {
                operation = "createCase";
                JsonNode parsed = parse(body);
                externalRef = parsed != null && parsed.path("externalRef").isTextual()
                        ? parsed.get("externalRef").asText() : null;
                if (externalRef != null) {
                    createCallsByRef.computeIfAbsent(externalRef, k -> new AtomicInteger()).incrementAndGet();
                }
                answer = method.equals("POST") ? createCase(exchange, body, parsed) : methodNotAllowed("POST");
            } else if (path.startsWith(CASES + "/") && path.endsWith(WITHDRAW_SUFFIX)
                    && path.length() > CASES.length() + 1 + WITHDRAW_SUFFIX.length()) {
                operation = "withdrawCase";
                caseNo = path.substring(CASES.length() + 1, path.length() - WITHDRAW_SUFFIX.length());
                answer = method.equals("POST") ? withdrawCase(exchange, caseNo, body) : methodNotAllowed("POST");
            } else if (path.startsWith(CASES + "/") && path.indexOf('/', CASES.length() + 1) < 0) {
                operation = "getCase";
                caseNo = path.substring(CASES.length() + 1);
                answer = method.equals("GET") ? getCase(exchange, caseNo) : methodNotAllowed("GET");
            } else {
                answer = Answer.json(404, error("NOT_FOUND", "接口不存在"));
            }
        } catch (RuntimeException | IOException e) {
            // Class only: a message could echo request content, i.e. personal data.
            log.error("legal-service simulator failed on {}: {}", operation, e.getClass().getName());
            answer = Answer.json(500, error("INTERNAL_ERROR", "系统内部错误"));
        }
        if (caseNo == null && answer.json() != null && answer.json().path("caseNo").isTextual()) {
            caseNo = answer.json().get("caseNo").asText();
        }
        String errorCode = answer.json() == null ? null : answer.json().path("errorCode").asText(null);
        synchronized (lock) {
            calls.add(new RecordedCall(operation, externalRef, caseNo, answer.status(), errorCode,
                    Times.format(clock.instant())));
        }
        log.info("{} externalRef={} caseNo={} -> {} {}", operation, externalRef, caseNo, answer.status(),
                errorCode == null ? "" : errorCode);
        send(exchange, answer);
    }

    private Answer createCase(HttpExchange exchange, byte[] raw, JsonNode parsed) {
        if (!authorised(exchange)) {
            return unauthorised();
        }
        Answer maintenance = maintenance(true);
        if (maintenance != null) {
            return maintenance;
        }
        if (!(parsed instanceof ObjectNode body)) {
            return Answer.json(400, error("MALFORMED_JSON", "请求体不是有效的JSON对象"));
        }
        String externalRef = body.path("externalRef").isTextual() ? body.get("externalRef").asText() : null;
        synchronized (lock) {
            // Any repeat of an externalRef is a duplicate, whatever the body (README §5.5), so before validation.
            Answer duplicate = duplicate(externalRef);
            if (duplicate != null) {
                return duplicate;
            }
        }
        List<FieldError> errors = RequestValidator.validateAssignment(body, Times.today(clock));
        if (!errors.isEmpty()) {
            return validationFailed(errors);
        }
        CaseRecord c;
        LostResponse lost = null;
        synchronized (lock) {
            Answer duplicate = duplicate(externalRef); // a concurrent twin may have won the race
            if (duplicate != null) {
                return duplicate;
            }
            Committees.Committee committee = Committees.byCode(body.get("committeeCode").asText());
            OffsetDateTime now = Times.now(clock);
            String region = committee.caseNoRegion();
            int seq = sequences.merge(region + "-" + now.getYear(), 1, Integer::sum);
            String caseNo = String.format("RMTJ-%s-%d-%06d", region, now.getYear(), seq);
            c = new CaseRecord(caseNo, externalRef, committee, new String(raw, StandardCharsets.UTF_8), body,
                    Times.format(now), lifecycle.plan(committee, body.get("regionCode").asText()));
            casesByNo.put(caseNo, c);
            casesByRef.put(externalRef, c);
            lifecycle.begin(c);
            if (lostResponsesLeft > 0) {
                lostResponsesLeft--;
                lost = lostResponse;
            }
        }
        if (lost == LostResponse.CONNECTION_CLOSED) {
            return new Answer(CONNECTION_CLOSED, null, null, Map.of());
        }
        if (lost == LostResponse.GATEWAY_TIMEOUT) {
            return new Answer(504, null, GATEWAY_TIMEOUT_PAGE, Map.of());
        }
        ObjectNode created = mapper.createObjectNode();
        created.put("caseNo", c.caseNo);
        created.put("externalRef", c.externalRef);
        created.put("committeeCode", c.committee.code());
        created.put("status", "RECEIVED");
        created.put("receivedAt", c.receivedAt);
        return new Answer(201, created, null, Map.of("Location", baseUrl() + CASES + "/" + c.caseNo));
    }

    /** Holds the lock. */
    private Answer duplicate(String externalRef) {
        CaseRecord existing = externalRef == null ? null : casesByRef.get(externalRef);
        if (existing == null) {
            return null;
        }
        ObjectNode body = error("DUPLICATE_EXTERNAL_REF", "externalRef已存在");
        body.put("caseNo", existing.caseNo);
        body.put("externalRef", existing.externalRef);
        body.put("status", existing.status());
        return Answer.json(409, body);
    }

    private Answer withdrawCase(HttpExchange exchange, String caseNo, byte[] raw) {
        if (!authorised(exchange)) {
            return unauthorised();
        }
        Answer maintenance = maintenance(false);
        if (maintenance != null) {
            return maintenance;
        }
        CaseRecord c;
        synchronized (lock) {
            c = casesByNo.get(caseNo);
        }
        if (c == null) {
            return caseNotFound();
        }
        if (!(parse(raw) instanceof ObjectNode body)) {
            return Answer.json(400, error("MALFORMED_JSON", "请求体不是有效的JSON对象"));
        }
        List<FieldError> errors = RequestValidator.validateWithdraw(body, c.externalRef);
        if (!errors.isEmpty()) {
            return validationFailed(errors);
        }
        synchronized (lock) {
            if (c.withdrawnAt == null) {
                String status = c.status();
                if (status.equals("CONCLUDED") || status.equals("DECLINED")) {
                    ObjectNode closed = error("CASE_CLOSED", status.equals("CONCLUDED")
                            ? "案件已办结，不能撤回" : "案件已不予受理，不能撤回");
                    closed.put("caseNo", c.caseNo);
                    closed.put("currentStatus", status);
                    return Answer.json(409, closed);
                }
                c.withdrawnAt = Times.format(Times.now(clock));
                CaseLifecycle.cancelPending(c);
            }
            ObjectNode withdrawn = mapper.createObjectNode();
            withdrawn.put("caseNo", c.caseNo);
            withdrawn.put("status", "WITHDRAWN");
            withdrawn.put("withdrawnAt", c.withdrawnAt);
            return Answer.json(200, withdrawn);
        }
    }

    private Answer getCase(HttpExchange exchange, String caseNo) {
        if (!authorised(exchange)) {
            return unauthorised();
        }
        Answer maintenance = maintenance(false);
        if (maintenance != null) {
            return maintenance;
        }
        synchronized (lock) {
            CaseRecord c = casesByNo.get(caseNo);
            if (c == null) {
                return caseNotFound();
            }
            ObjectNode view = mapper.createObjectNode();
            view.put("caseNo", c.caseNo);
            view.put("externalRef", c.externalRef);
            view.put("committeeCode", c.committee.code());
            view.put("status", c.status());
            ArrayNode events = view.putArray("events");
            c.eventsInOrder().forEach(e -> events.add(e.json().deepCopy()));
            return Answer.json(200, view);
        }
    }

    /** A 503 to give now, or null. Down beats forced, forced beats chance; forced counts only createCase calls. */
    private Answer maintenance(boolean createCase) {
        Maintenance m = null;
        synchronized (lock) {
            if (down != null) {
                m = down;
            } else if (createCase && forcedMaintenanceLeft > 0) {
                forcedMaintenanceLeft--;
                m = forcedMaintenance;
            } else if (maintenanceProbability > 0 && faultRandom.nextDouble() < maintenanceProbability) {
                m = new Maintenance(settings.maintenanceRetryAfter(), false);
            }
        }
        if (m == null) {
            return null;
        }
        ObjectNode body = error("MAINTENANCE", "系统维护中，请稍后再试");
        if (m.retryAfter() == null) {
            return Answer.json(503, body);
        }
        OffsetDateTime until = Times.now(clock).plus(m.retryAfter());
        body.put("maintenanceUntil", Times.format(until));
        String retryAfter = m.httpDate()
                ? DateTimeFormatter.RFC_1123_DATE_TIME.format(until.withOffsetSameInstant(ZoneOffset.UTC))
                : Long.toString((m.retryAfter().toMillis() + 999) / 1000);
        return new Answer(503, body, null, Map.of("Retry-After", retryAfter));
    }

    private boolean authorised(HttpExchange exchange) {
        String header = exchange.getRequestHeaders().getFirst("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return false;
        }
        byte[] presented = header.substring(7).trim().getBytes(StandardCharsets.UTF_8);
        boolean ok = false;
        for (String token : settings.acceptedTokens()) {
            // constant-time compare, and no short-circuit, as a real token check would
            ok |= MessageDigest.isEqual(token.getBytes(StandardCharsets.UTF_8), presented);
        }
        return ok;
    }

    private Answer unauthorised() {
        return Answer.json(401, error("UNAUTHORIZED", "令牌缺失或无效"));
    }

    private Answer caseNotFound() {
        return Answer.json(404, error("CASE_NOT_FOUND", "案件不存在"));
    }

    private Answer methodNotAllowed(String allowed) {
        return new Answer(405, error("METHOD_NOT_ALLOWED", "不支持的请求方法"), null, Map.of("Allow", allowed));
    }

    private Answer validationFailed(List<FieldError> errors) {
        ObjectNode body = error("VALIDATION_FAILED", "校验失败");
        ArrayNode list = body.putArray("errors");
        for (FieldError e : errors) {
            list.addObject().put("field", e.field()).put("code", e.code()).put("message", e.message());
        }
        return Answer.json(422, body);
    }

    private ObjectNode error(String code, String message) {
        ObjectNode body = mapper.createObjectNode();
        body.put("errorCode", code);
        body.put("message", message);
        return body;
    }

    /** The body as a JSON tree, or null when it is not JSON at all. */
    private JsonNode parse(byte[] raw) {
        try {
            JsonNode node = reader.readTree(raw);
            return node == null || node.isMissingNode() ? null : node;
        } catch (IOException e) {
            return null;
        }
    }

    private void send(HttpExchange exchange, Answer answer) {
        try {
            if (answer.status() == CONNECTION_CLOSED) {
                return; // close() below without a response drops the connection
            }
            byte[] bytes;
            if (answer.html() != null) {
                exchange.getResponseHeaders().set("Content-Type", "text/html");
                bytes = answer.html().getBytes(StandardCharsets.UTF_8);
            } else {
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                bytes = mapper.writeValueAsBytes(answer.json());
            }
            answer.headers().forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
            exchange.sendResponseHeaders(answer.status(), bytes.length);
            exchange.getResponseBody().write(bytes);
        } catch (JsonProcessingException e) {
            log.error("cannot serialise answer: {}", e.getClass().getName());
        } catch (IOException e) {
            log.debug("client went away before the answer was written");
        } finally {
            exchange.close();
        }
    }

    private static ThreadFactory daemon(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
