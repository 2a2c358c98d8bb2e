package cn.tongjie.hub.simulator.petition;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.web.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.io.ClassPathResource;

/**
 * Demo traffic: the simulated petition system pushes a petition (the contract's samples with a fresh xfjbh and
 * today's dates) shortly after start and then every interval, so petition intake and feedback show in the demo.
 */
class PetitionDemoDriver implements ApplicationListener<WebServerInitializedEvent> {

    private static final Logger log = LoggerFactory.getLogger(PetitionDemoDriver.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final List<String> SAMPLES = List.of("push-letter-minimal.json",
            "push-story-L-mass-wage-collective-visit.json", "push-story-G-grassland-boundary-online.json");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

    private final PetitionSystemSimulator simulator;
    private final Clock clock;
    private final Duration interval;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "petition-demo-driver");
        t.setDaemon(true);
        return t;
    });
    private final AtomicInteger seq = new AtomicInteger();
    private volatile int hubPort;

    PetitionDemoDriver(PetitionSystemSimulator simulator, Clock clock, Duration interval) {
        this.simulator = simulator;
        this.clock = clock;
        this.interval = interval;
    }

    @Override
    public void onApplicationEvent(WebServerInitializedEvent event) {
        if (hubPort == 0) {
            hubPort = event.getWebServer().getPort();
            timer.scheduleWithFixedDelay(this::tick, Math.min(interval.toMillis(), 8_000), interval.toMillis(),
                    TimeUnit.MILLISECONDS);
        }
    }

    void stop() {
        timer.shutdownNow();
    }

    private void tick() {
        try {
            int n = seq.incrementAndGet();
            String sample = SAMPLES.get(n % SAMPLES.size());
            ObjectNode push;
            try (InputStream in = new ClassPathResource("connectors/petition/samples/" + sample).getInputStream()) {
                push = (ObjectNode) MAPPER.readTree(in);
            }
            LocalDateTime now = LocalDateTime.now(clock.withZone(SHANGHAI)).withNano(0);
            String region = push.get("xfjbh").asText().substring(2, 8);
            // a fresh item number per push: XF + region + today + 4-digit sequence (§5.1)
            push.put("xfjbh", "XF" + region + now.format(DateTimeFormatter.BASIC_ISO_DATE)
                    + String.format("%04d", 9000 + n % 1000));
            // the visit happened today, so the story L petition correlates with the simulated 110 handover of story L
            push.put("xfrq", now.minusMinutes(40).format(TIME));
            push.put("djsj", now.minusMinutes(5).format(TIME));
            push.put("tssj", now.format(TIME));
            push.put("slqx", now.toLocalDate().plusDays(15).toString());
            push.put("bjqx", now.toLocalDate().plusDays(60).toString());
            var r = simulator.push("http://127.0.0.1:" + hubPort, push.toString().getBytes(StandardCharsets.UTF_8));
            log.info("Simulated petition system pushed a demo petition: HTTP {}", r.statusCode());
            if (r.statusCode() == 404) {
                // the web server answers before the hub's routes are up: push this sample again shortly
                seq.decrementAndGet();
                timer.schedule(this::tick, 5, TimeUnit.SECONDS);
            }
        } catch (IOException | RuntimeException e) {
            log.warn("Simulated petition push failed: {}", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
