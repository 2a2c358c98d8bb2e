package cn.tongjie.hub.simulator.police;

import cn.tongjie.hub.canonical.JsonSchemas;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The police 110 system as the hub meets it (police contract): a legacy producer of handovers — with producer resends
 * (same police-msg-id), corrections (new id, later xgsj) and the occasional poison record — and a consumer of the
 * hub's feedback that checks every record against the feedback schema and the §6.3 sequence rule. Demo mode only;
 * tests drive the topics themselves.
 */
public final class PoliceSimulator implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PoliceSimulator.class);
    private static final DateTimeFormatter TS14 = DateTimeFormatter.ofPattern("yyyyMMddHHmmss");
    private static final List<String> TEMPLATES = List.of("handover-story-N-neighbour-0302",
            "handover-story-L-mass-wage-0303", "handover-story-F-family-0301-violence-risk",
            "handover-anonymous-caller-0306-kaifaqu");
    private static final String FEEDBACK_SCHEMA = "classpath:connectors/police/dispute-feedback.schema.json";

    private final String brokers;
    private final String handoverTopic;
    private final String feedbackTopic;
    private final Duration interval;
    private final Clock clock;
    private final ObjectMapper mapper;
    private final List<JsonNode> templates = new ArrayList<>();
    private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2, r -> {
        Thread t = new Thread(r, "police-simulator");
        t.setDaemon(true);
        return t;
    });
    private final AtomicInteger produced = new AtomicInteger();
    private final AtomicInteger feedbackValid = new AtomicInteger();
    private final AtomicInteger feedbackInvalid = new AtomicInteger();
    private final AtomicInteger sequenceViolations = new AtomicInteger();
    private final Map<String, List<String>> codesByJjdbh = new ConcurrentHashMap<>();
    private KafkaProducer<byte[], byte[]> producer;
    private KafkaConsumer<byte[], byte[]> consumer;
    private volatile boolean running;
    private ProducerRecord<byte[], byte[]> last;
    private JsonNode lastValue;

    public PoliceSimulator(String brokers, String handoverTopic, String feedbackTopic, Duration interval, Clock clock,
            ObjectMapper mapper) {
        this.brokers = brokers;
        this.handoverTopic = handoverTopic;
        this.feedbackTopic = feedbackTopic;
        this.interval = interval;
        this.clock = clock;
        this.mapper = mapper;
        for (String t : TEMPLATES) {
            try (InputStream in = PoliceSimulator.class.getResourceAsStream("/simulator/police/" + t + ".json")) {
                templates.add(mapper.readTree(in));
            } catch (IOException e) {
                throw new cn.tongjie.hub.common.HubException(cn.tongjie.hub.common.ErrorCode.TJ_CONFIG_INVALID,
                        "simulator template missing: " + t, e);
            }
        }
    }

    public void start() {
        Properties p = new Properties();
        p.put("bootstrap.servers", brokers);
        // The police producer is a legacy client without idempotence (contract §4.1).
        p.put("enable.idempotence", "false");
        p.put("acks", "all");
        producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
        Properties c = new Properties();
        c.put("bootstrap.servers", brokers);
        c.put("group.id", "police-110-simulator");
        c.put("auto.offset.reset", "earliest");
        consumer = new KafkaConsumer<>(c, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        running = true;
        scheduler.scheduleAtFixedRate(this::produceOne, 3000, interval.toMillis(), TimeUnit.MILLISECONDS);
        scheduler.execute(this::consumeFeedback);
        log.info("Police 110 simulator producing to {} every {}", handoverTopic, interval);
    }

    private void produceOne() {
        try {
            int n = produced.incrementAndGet();
            if (last != null && n % 5 == 0) {
                producer.send(last).get(); // producer resend after a time-out: same police-msg-id
                return;
            }
            if (lastValue != null && n % 7 == 0) {
                ObjectNode corrected = lastValue.deepCopy();
                corrected.put("fadz", lastValue.get("fadz").asText() + "（已核实）");
                corrected.put("xgsj", LocalDateTime.now(clock).format(TS14));
                send(corrected);
                return;
            }
            if (n % 13 == 0) {
                // A poison record (legacy pipe-delimited text): the hub must quarantine it and go on.
                String jjdbh = "J150502" + LocalDateTime.now(clock).format(DateTimeFormatter.BASIC_ISO_DATE) + seq();
                producer.send(record(jjdbh, ("J|" + jjdbh + "|0302|legacy").getBytes(StandardCharsets.UTF_8))).get();
                return;
            }
            // Stories N and L (the first two templates) are also reported by the grid and the petition office: they
            // go out once per run, in the first round, so the hub correlates each with exactly one handover; repeated,
            // every later grid/petition report of the story would match several disputes (ambiguous, not merged).
            ObjectNode v = (n <= templates.size() ? templates.get(n - 1) : templates.get(2 + n % 2)).deepCopy();
            String now = LocalDateTime.now(clock).format(TS14);
            String jjdbh = "J" + v.get("xzqhdm").asText().substring(0, 6) + now.substring(0, 8) + seq();
            v.put("jjdbh", jjdbh).put("bjsj", now).put("yjsj", now).put("xgsj", now);
            if (v.has("cjsj")) {
                v.put("cjsj", now);
            }
            send(v);
        } catch (Exception e) {
            log.warn("Police simulator could not produce: {}", e.toString());
        }
    }

    private void send(JsonNode value) throws Exception {
        byte[] bytes = mapper.writeValueAsBytes(value);
        ProducerRecord<byte[], byte[]> r = record(value.get("jjdbh").asText(), bytes);
        producer.send(r).get();
        last = r;
        lastValue = value;
    }

    private ProducerRecord<byte[], byte[]> record(String jjdbh, byte[] value) {
        ProducerRecord<byte[], byte[]> r = new ProducerRecord<>(handoverTopic, jjdbh.getBytes(StandardCharsets.UTF_8), value);
        r.headers().add("police-msg-id", UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8));
        r.headers().add("police-sent-at", LocalDateTime.now(clock).format(TS14).getBytes(StandardCharsets.UTF_8));
        return r;
    }

    /** 4-digit sequence unique for a demo day (one slot per 4 s). */
    private String seq() {
        return String.format("%04d", (clock.millis() / 4000) % 10000);
    }

    private void consumeFeedback() {
        consumer.subscribe(List.of(feedbackTopic));
        try {
            while (running) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    check(r);
                }
            }
        } catch (WakeupException stopping) {
            // close() woke us
        } finally {
            consumer.close();
        }
    }

    private void check(ConsumerRecord<byte[], byte[]> r) {
        try {
            JsonNode v = mapper.readTree(r.value());
            boolean valid = JsonSchemas.validate(FEEDBACK_SCHEMA, v).isEmpty() && r.headers().lastHeader("hub-msg-id") != null
                    && r.headers().lastHeader("hub-sent-at") != null;
            (valid ? feedbackValid : feedbackInvalid).incrementAndGet();
            String jjdbh = v.path("jjdbh").asText();
            String czjg = v.path("czjg").asText();
            List<String> seen = codesByJjdbh.computeIfAbsent(jjdbh, k -> new ArrayList<>());
            boolean ok = seen.isEmpty() ? (czjg.equals("01") || czjg.equals("05"))
                    : seen.size() == 1 && seen.get(0).equals("01") && List.of("02", "03", "04").contains(czjg);
            if (!ok) {
                sequenceViolations.incrementAndGet();
                log.warn("Police simulator: feedback {} for {} breaks the §6.3 sequence after {}", czjg, jjdbh, seen);
            }
            seen.add(czjg);
            log.info("Police simulator received feedback czjg {} for {}", czjg, jjdbh);
        } catch (IOException e) {
            feedbackInvalid.incrementAndGet();
        }
    }

    public int produced() {
        return produced.get();
    }

    public int feedbackValid() {
        return feedbackValid.get();
    }

    public int feedbackInvalid() {
        return feedbackInvalid.get();
    }

    public int sequenceViolations() {
        return sequenceViolations.get();
    }

    @Override
    public void close() {
        running = false;
        scheduler.shutdownNow();
        if (consumer != null) {
            consumer.wakeup();
        }
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
        }
    }
}
