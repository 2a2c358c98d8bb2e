package cn.tongjie.hub.reliability;

import static org.awaitility.Awaitility.await;

import cn.tongjie.hub.simulator.legal.LegalServiceSimulator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The police side of the separate-JVM fault tests: produces valid handovers (story N sample, unique jjdbh, times =
 * now) at a modest rate in a background thread, so a node can be killed mid-stream, and watches the feedback topic
 * for the hub's answers. Counts effects, not records: a feedback resent with the same {@code hub-msg-id} is what the
 * police contract's consumer ignores (police §6.1), so it is a resend, not a duplicate; a second feedback with another
 * hub-msg-id, or a second case stored for the same police report at the legal-service simulator, is a duplicate.
 */
final class HubProcessLoad implements AutoCloseable {

    static final String HANDOVER = "police.110.dispute-handover";
    static final String FEEDBACK = "police.110.dispute-feedback";
    private static final String TEMPLATE = "simulator/police/handover-story-N-neighbour-0302.json";
    private static final DateTimeFormatter TS14 = DateTimeFormatter.ofPattern("yyyyMMddHHmmss");
    private static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final String brokers;
    private final List<String> keys = new ArrayList<>();
    private final List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
    private final AtomicInteger produced = new AtomicInteger();
    private final AtomicInteger produceErrors = new AtomicInteger();
    /** jjdbh → hub-msg-id → how many records carried it (czjg 01 only: accepted, assigned for mediation). */
    private final Map<String, Map<String, Integer>> accepted = new ConcurrentHashMap<>();
    private final AtomicBoolean watching = new AtomicBoolean(true);
    private final List<Thread> producers = new ArrayList<>();
    private Thread watcherThread;

    /**
     * n handovers with jjdbh {@code J150502 + yyyyMMdd + 4 digits}, seq from firstSeq: a test picks a range of its own
     * so reruns against a kept broker never collide.
     */
    HubProcessLoad(String brokers, int n, int firstSeq) {
        this.brokers = brokers;
        ObjectNode template = template();
        String now = LocalDateTime.now(ZONE).format(TS14);
        String day = now.substring(0, 8);
        for (int i = 0; i < n; i++) {
            String jjdbh = "J150502" + day + String.format("%04d", firstSeq + i);
            ObjectNode v = template.deepCopy();
            v.put("jjdbh", jjdbh).put("bjsj", now).put("cjsj", now).put("yjsj", now).put("xgsj", now);
            ProducerRecord<byte[], byte[]> r = new ProducerRecord<>(HANDOVER, jjdbh.getBytes(StandardCharsets.UTF_8),
                    v.toString().getBytes(StandardCharsets.UTF_8));
            r.headers().add("police-msg-id", UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8));
            r.headers().add("police-sent-at", now.getBytes(StandardCharsets.UTF_8));
            keys.add(jjdbh);
            records.add(r);
        }
    }

    private static ObjectNode template() {
        try (InputStream in = HubProcessLoad.class.getClassLoader().getResourceAsStream(TEMPLATE)) {
            if (in == null) {
                throw new AssertionError("police sample missing on the classpath: " + TEMPLATE);
            }
            return (ObjectNode) MAPPER.readTree(in);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    List<String> keys() {
        return List.copyOf(keys);
    }

    int sent() {
        return produced.get();
    }

    int produceErrors() {
        return produceErrors.get();
    }

    /** Starts watching the feedback topic from its beginning (before any load, so nothing is missed). */
    void watchFeedback() {
        KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerProps(), new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
        List<TopicPartition> parts = consumer.partitionsFor(FEEDBACK, Duration.ofSeconds(30)).stream()
                .map(p -> new TopicPartition(FEEDBACK, p.partition())).toList();
        consumer.assign(parts);
        consumer.seekToBeginning(parts);
        Set<String> mine = Set.copyOf(keys);
        watcherThread = new Thread(() -> {
            try (consumer) {
                while (watching.get()) {
                    for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                        String key = r.key() == null ? null : new String(r.key(), StandardCharsets.UTF_8);
                        if (key == null || !mine.contains(key) || !"01".equals(czjg(r.value()))) {
                            continue;
                        }
                        Header id = r.headers().lastHeader("hub-msg-id");
                        String msgId = id == null ? "(none)" : new String(id.value(), StandardCharsets.UTF_8);
                        accepted.computeIfAbsent(key, k -> new ConcurrentHashMap<>()).merge(msgId, 1, Integer::sum);
                    }
                }
            }
        }, "fault-feedback-watch");
        watcherThread.setDaemon(true);
        watcherThread.start();
    }

    /**
     * Produces handovers [from, to) at ratePerSecond in a background thread (acks=all, idempotent, like a careful
     * police producer). A test first sends a few to warm the hub up (consumer group joined, code compiled), then
     * streams the rest, so the kill lands in a steady flow rather than in the start-up's first rebalance.
     */
    void produceInBackground(int from, int to, double ratePerSecond) {
        Thread t = new Thread(() -> {
            Properties p = new Properties();
            p.put("bootstrap.servers", brokers);
            p.put("acks", "all");
            p.put("enable.idempotence", "true");
            p.put("linger.ms", "0");
            try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(),
                    new ByteArraySerializer())) {
                long period = (long) (1e9 / ratePerSecond);
                long start = System.nanoTime();
                for (int i = from; i < to; i++) {
                    long wait;
                    while ((wait = start + (i - from) * period - System.nanoTime()) > 0) {
                        LockSupport.parkNanos(wait);
                    }
                    producer.send(records.get(i), (md, e) -> {
                        if (e == null) {
                            produced.incrementAndGet();
                        } else {
                            produceErrors.incrementAndGet();
                        }
                    });
                }
                producer.flush();
            }
        }, "fault-handover-producer-" + from);
        t.setDaemon(true);
        t.start();
        producers.add(t);
    }

    /** Waits (bounded) until the background producers have handed every record to the broker. */
    void awaitProduced(Duration max) {
        long deadline = System.nanoTime() + max.toNanos();
        for (Thread t : producers) {
            try {
                t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (produced.get() + produceErrors.get() < records.size()) {
            throw new AssertionError("producer not done within " + max + ": " + produced.get() + " acknowledged, "
                    + produceErrors.get() + " failed of " + records.size());
        }
    }

    /** Handovers answered with czjg 01 at least once. */
    int feedbackDelivered() {
        return (int) keys.stream().filter(accepted::containsKey).count();
    }

    /** Handovers answered 01 under more than one hub-msg-id: the police would act on each, a real duplicate. */
    int feedbackDuplicated() {
        return accepted.values().stream().mapToInt(m -> m.size() - 1).sum();
    }

    /** Records that repeated a hub-msg-id already seen (absorbed by the police consumer; reported, not a fault). */
    int feedbackResends() {
        return accepted.values().stream().flatMap(m -> m.values().stream()).mapToInt(c -> c - 1).sum();
    }

    /** jjdbh → how many cases the legal-service simulator stored for it (by the createCase body's sourceRef). */
    Map<String, Integer> casesPerHandover(LegalServiceSimulator legal) {
        Set<String> mine = Set.copyOf(keys);
        Map<String, Integer> out = new HashMap<>();
        for (LegalServiceSimulator.StoredCase c : legal.storedCases()) {
            String ref = c.request().path("sourceRef").asText();
            if (mine.contains(ref)) {
                out.merge(ref, 1, Integer::sum);
            }
        }
        return out;
    }

    /** The end-to-end outcome: a handover is delivered when its case is stored and the police got its 01. */
    Outcome outcome(LegalServiceSimulator legal) {
        Map<String, Integer> cases = casesPerHandover(legal);
        int delivered = 0;
        List<String> missing = new ArrayList<>();
        for (String k : keys) {
            if (cases.containsKey(k) && accepted.containsKey(k)) {
                delivered++;
            } else if (missing.size() < 5) {
                missing.add(k + (cases.containsKey(k) ? "" : " no-case") + (accepted.containsKey(k) ? "" : " no-01"));
            }
        }
        int caseDuplicates = cases.values().stream().mapToInt(c -> c - 1).sum();
        Map<String, Integer> detail = new LinkedHashMap<>();
        detail.put("cases", cases.size());
        detail.put("caseDuplicates", caseDuplicates);
        detail.put("feedback01", feedbackDelivered());
        detail.put("feedbackDuplicates", feedbackDuplicated());
        detail.put("feedbackResends", feedbackResends());
        return new Outcome(sent(), delivered, caseDuplicates + feedbackDuplicated(), detail, missing);
    }

    /**
     * Waits until every handover is delivered. Bounded twice: by max overall, and by stall — no new delivery for
     * that long fails at once — because on a shared 2-core machine the same work takes 10× longer than on a quiet one,
     * and a fixed short bound would fail slow-but-progressing runs while a long one would hide a stuck hub.
     */
    void awaitDelivered(LegalServiceSimulator legal, Duration max, Duration stall, Supplier<String> diagnostics) {
        int[] last = {-1};
        long[] lastProgress = {System.nanoTime()};
        await().atMost(max).pollInterval(Duration.ofMillis(500)).until(() -> {
            int delivered = outcome(legal).delivered();
            if (delivered != last[0]) {
                last[0] = delivered;
                lastProgress[0] = System.nanoTime();
            } else if (System.nanoTime() - lastProgress[0] > stall.toNanos()) {
                throw new AssertionError("no handover delivered for " + stall + ": " + outcome(legal)
                        + diagnostics.get());
            }
            return delivered == keys.size();
        });
    }

    /** sent = acknowledged by the broker; duplicated = second effects at the agencies (cases and 01 feedback). */
    record Outcome(int sent, int delivered, int duplicated, Map<String, Integer> detail, List<String> firstMissing) {
        int lost() {
            return sent - delivered;
        }

        @Override
        public String toString() {
            return "sent=" + sent + " delivered=" + delivered + " lost=" + lost() + " duplicated=" + duplicated + " "
                    + detail + (firstMissing.isEmpty() ? "" : " first missing (jjdbh numbers are not personal data) "
                    + firstMissing);
        }
    }

    private static String czjg(byte[] value) {
        try {
            JsonNode v = MAPPER.readTree(value);
            return v.path("czjg").asText();
        } catch (IOException e) {
            return "";
        }
    }

    private Properties consumerProps() {
        Properties p = new Properties();
        p.put("bootstrap.servers", brokers);
        p.put("enable.auto.commit", "false");
        p.put("client.id", "fault-feedback-watch");
        p.put("fetch.max.wait.ms", "100");
        return p;
    }

    @Override
    public void close() {
        watching.set(false);
        if (watcherThread != null) {
            try {
                watcherThread.join(TimeUnit.SECONDS.toMillis(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        producers.forEach(Thread::interrupt);
    }
}
