package cn.tongjie.hub.simulator.grid;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.web.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.stereotype.Component;

/**
 * Demo traffic of the simulated grid platform: every push-interval it pushes one of the contract's sample events with
 * a fresh event_id and reported_at to the hub, signed per §4 (0s = off, as in the tests). Logs ids only. The first
 * push is story N, which the 110 simulator reports too: the hub shows both as one dispute (docs/correlation.md).
 */
@Component
@ConditionalOnProperty(name = "tongjie.simulators.grid.enabled", havingValue = "true")
class GridDemoPusher implements ApplicationListener<WebServerInitializedEvent>, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(GridDemoPusher.class);
    /** The first push (counter 1) is story N: the 110 simulator hands the same dispute over just before. */
    private static final List<String> SAMPLES = List.of("event-story-M-marriage-0401.json",
            "event-story-N-neighbour-0402.json", "event-minimal-0405-with-org-party.json");
    /** Story N's first push comes this soon after start, while the police handover's mediation is still open. */
    private static final Duration FIRST_PUSH = Duration.ofSeconds(10);
    private static final DateTimeFormatter TS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssxxx");

    private final GridPlatformSimulator platform;
    private final ObjectMapper mapper = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
    private final String appKey;
    private final String appSecret;
    private final Duration interval;
    private final Clock clock;
    private final AtomicLong counter = new AtomicLong();
    private ScheduledExecutorService timer;

    GridDemoPusher(GridPlatformSimulator platform, @Value("${tongjie.grid.inbound-app-key}") String appKey,
            @Value("${tongjie.grid.inbound-app-secret}") String appSecret,
            @Value("${tongjie.simulators.grid.push-interval:30s}") Duration interval, Clock clock) {
        this.platform = platform;
        this.appKey = appKey;
        this.appSecret = appSecret;
        this.interval = interval;
        this.clock = clock;
    }

    @Override
    public synchronized void onApplicationEvent(WebServerInitializedEvent event) {
        if (interval.isZero() || timer != null) {
            return;
        }
        String url = "http://127.0.0.1:" + event.getWebServer().getPort() + "/api/grid/v1/events";
        timer = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "grid-simulator-push"));
        timer.scheduleWithFixedDelay(() -> push(url), Math.min(interval.toMillis(), FIRST_PUSH.toMillis()),
                interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void push(String url) {
        try {
            long n = counter.incrementAndGet();
            ObjectNode event = (ObjectNode) mapper.readTree(read(SAMPLES.get((int) (n % SAMPLES.size()))));
            OffsetDateTime now = OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.ofHours(8));
            String eventId = "SJ" + now.format(DateTimeFormatter.BASIC_ISO_DATE).substring(0, 8)
                    + String.format("%010d", (clock.millis() / 1000) % 10_000_000_000L);
            event.put("event_id", eventId).put("reported_at", now.format(TS));
            event.remove("occurred_at");
            byte[] body = mapper.writeValueAsBytes(event);
            String ts = Long.toString(clock.millis());
            String nonce = UUID.randomUUID().toString();
            platform.know(eventId);
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5))
                    .header("Content-Type", "application/json;charset=UTF-8").header("X-App-Key", appKey)
                    .header("X-Timestamp", ts).header("X-Nonce", nonce)
                    .header("X-Signature", GridPlatformSimulator.sign(appSecret, "POST", "/api/grid/v1/events", ts,
                            nonce, body))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            log.info("Simulated grid platform pushed {}: HTTP {}", eventId, r.statusCode());
            if (r.statusCode() == 404) {
                // the web server answers before the hub's routes are up: push this story again shortly
                counter.decrementAndGet();
                timer.schedule(() -> push(url), 5, TimeUnit.SECONDS);
            }
        } catch (IOException e) {
            log.warn("Simulated grid push failed: {}", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static byte[] read(String name) throws IOException {
        try (InputStream in = GridDemoPusher.class.getResourceAsStream("/simulator/grid/" + name)) {
            return in.readAllBytes();
        }
    }

    @Override
    public synchronized void close() {
        if (timer != null) {
            timer.shutdownNow();
        }
    }
}
