package cn.tongjie.hub.bench.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Load generator: builds valid police handover records (story N template of the police simulator, unique jjdbh) and
 * runs one scenario — produce them at the maximum rate or at a fixed rate, and watch an output topic until every
 * record's answer was seen (or a bounded time-out). The same runner measures the hub (produce to the handover topic,
 * watch for czjg 01 on the feedback topic) and bare Kafka (produce, watch the same records come out again).
 * Not a test: driven by {@link HubE2eBenchmark}.
 */
final class HandoverLoadBench {

    static final String HANDOVER = "police.110.dispute-handover";
    static final String FEEDBACK = "police.110.dispute-feedback";
    private static final String TEMPLATE = "simulator/police/handover-story-N-neighbour-0302.json";
    private static final DateTimeFormatter TS14 = DateTimeFormatter.ofPattern("yyyyMMddHHmmss");
    private static final DateTimeFormatter DAY = DateTimeFormatter.BASIC_ISO_DATE;
    private static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    private static final ObjectMapper MAPPER = new ObjectMapper();
    /** jjdbh has a 4-digit daily sequence: 10,000 per date, so a scenario spans consecutive dates. */
    static final int PER_DAY = 10_000;

    private HandoverLoadBench() {
    }

    /** One record to produce: key (= jjdbh), value bytes and the police headers. */
    record Item(String key, byte[] value, List<Header> headers) {
    }

    /**
     * n valid handovers with unique jjdbh J150502{date}{seq}: dates from firstDay on (10,000 per date), the story N
     * content, times set to now (as the police simulator does), a fresh police-msg-id each.
     */
    static List<Item> handovers(int n, LocalDate firstDay) {
        ObjectNode template = template();
        String now = LocalDateTime.now(ZONE).format(TS14);
        List<Item> items = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            String jjdbh = "J150502" + firstDay.plusDays(i / PER_DAY).format(DAY) + String.format("%04d", i % PER_DAY);
            ObjectNode v = template.deepCopy();
            v.put("jjdbh", jjdbh).put("bjsj", now).put("cjsj", now).put("yjsj", now).put("xgsj", now);
            people(v, i);
            byte[] value;
            try {
                value = MAPPER.writeValueAsBytes(v);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            List<Header> headers = List.of(
                    new RecordHeader("police-msg-id", UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8)),
                    new RecordHeader("police-sent-at", now.getBytes(StandardCharsets.UTF_8)));
            items.add(new Item(jjdbh, value, headers));
        }
        return items;
    }

    private static final String TENS = "甲乙丙丁戊己庚辛壬癸";

    /**
     * Record i is about people of its own: distinct disputes have distinct parties, and a hub that correlates reports
     * by party (cross-channel correlation) must not be measured on thousands of reports naming the same two people.
     * Everything else, the township included, stays the template's, so every record still lands in one township.
     * Names: the template's surnames with the index spelled in 甲…癸; ID numbers: valid (GB 11643 check digit), birth
     * date and sequence from the index.
     */
    static void people(ObjectNode v, int i) {
        StringBuilder tag = new StringBuilder();
        for (char c : Integer.toString(i).toCharArray()) {
            tag.append(TENS.charAt(c - '0'));
        }
        int k = 0;
        for (JsonNode p : v.withArray("dsr")) {
            ObjectNode party = (ObjectNode) p;
            party.put("xm", party.path("xm").asText().substring(0, 1) + tag + (char) ('子' + k));
            if (party.has("sfzh")) {
                party.put("sfzh", idNumber(i, k));
            }
            k++;
        }
        v.put("bjrxm", v.withArray("dsr").get(0).path("xm").asText());
    }

    /** A valid 18-digit resident ID number, unique per (i, party) for i below 9,000,000. */
    static String idNumber(int i, int party) {
        LocalDate birth = LocalDate.of(1950, 1, 1).plusDays(i % 18_000);
        int seq = (i / 18_000) * 2 % 1000 + party;
        String body = "152301" + birth.format(DAY) + String.format("%03d", seq);
        int[] w = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
        int sum = 0;
        for (int j = 0; j < 17; j++) {
            sum += (body.charAt(j) - '0') * w[j];
        }
        return body + "10X98765432".charAt(sum % 11);
    }

    static ObjectNode template() {
        try (InputStream in = HandoverLoadBench.class.getClassLoader().getResourceAsStream(TEMPLATE)) {
            if (in == null) {
                throw new IllegalStateException("template missing on the classpath: " + TEMPLATE);
            }
            return (ObjectNode) MAPPER.readTree(in);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** What a scenario observed, per record index (nanoTime values; 0 = not seen). */
    record Observed(int n, long[] originNanos, long[] sendEpochMicros, long[] doneNanos, long[] doneEpochMicros,
            int completed, int duplicates, int produceErrors, long firstSendNanos, long lastSendNanos,
            long lastDoneNanos, boolean timedOut) {

        /** Latencies of the completed records, sorted, in nanoseconds. */
        long[] latencies() {
            long[] out = new long[n];
            int k = 0;
            for (int i = 0; i < n; i++) {
                if (doneNanos[i] != 0) {
                    out[k++] = doneNanos[i] - originNanos[i];
                }
            }
            out = Arrays.copyOf(out, k);
            Arrays.sort(out);
            return out;
        }

        double produceSeconds() {
            return (lastSendNanos - firstSendNanos) / 1e9;
        }

        /** Completed records per second, from the first send to the last answer. */
        double throughput() {
            return completed == 0 ? 0 : completed / ((lastDoneNanos - firstSendNanos) / 1e9);
        }
    }

    /** czjg 01 (accepted, assigned for mediation) on the feedback topic: the end of the measured path. */
    static Predicate<ConsumerRecord<byte[], byte[]>> feedbackAccepted() {
        return r -> {
            try {
                return "01".equals(MAPPER.readTree(r.value()).path("czjg").asText());
            } catch (IOException e) {
                return false;
            }
        };
    }

    static Properties producerProps(String brokers) {
        Properties p = new Properties();
        p.put("bootstrap.servers", brokers);
        p.put("acks", "all");
        p.put("enable.idempotence", "true");
        p.put("linger.ms", "0");
        p.put("max.in.flight.requests.per.connection", "5");
        p.put("client.id", "bench-loadgen");
        return p;
    }

    static Properties consumerProps(String brokers, String clientId) {
        Properties p = new Properties();
        p.put("bootstrap.servers", brokers);
        p.put("enable.auto.commit", "false");
        p.put("client.id", clientId);
        p.put("fetch.max.wait.ms", "100");
        return p;
    }

    /**
     * Produces items to produceTopic (ratePerSecond ≤ 0: as fast as the producer goes) and watches observeTopic for
     * records whose key is an item's key and that the predicate accepts. Latency origin: the send call at the maximum
     * rate; the intended send time at a fixed rate (so a producer falling behind is not hidden). Bounded: the watcher
     * stops at the latest {@code timeout} after the last send.
     */
    static Observed run(String brokers, String produceTopic, String observeTopic, List<Item> items,
            double ratePerSecond, Duration timeout, Predicate<ConsumerRecord<byte[], byte[]>> counts) {
        int n = items.size();
        Map<String, Integer> index = new HashMap<>(n * 2);
        for (int i = 0; i < n; i++) {
            index.put(items.get(i).key(), i);
        }
        long[] origin = new long[n];
        long[] sendEpoch = new long[n];
        long[] done = new long[n];
        long[] doneEpoch = new long[n];
        AtomicInteger completed = new AtomicInteger();
        AtomicInteger duplicates = new AtomicInteger();
        AtomicLong lastDone = new AtomicLong();
        AtomicInteger produceErrors = new AtomicInteger();
        double plannedSeconds = ratePerSecond > 0 ? n / ratePerSecond : n / 1000.0;
        long hardDeadline = System.nanoTime() + (long) ((plannedSeconds + 60) * 1e9) + timeout.toNanos();
        AtomicLong deadline = new AtomicLong(hardDeadline);

        KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerProps(brokers, "bench-watch"),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> parts = consumer.partitionsFor(observeTopic).stream()
                .map(p -> new TopicPartition(observeTopic, p.partition())).toList();
        consumer.assign(parts);
        consumer.seekToEnd(parts);
        parts.forEach(consumer::position); // resolve "end" now, before anything is produced
        Thread watcher = new Thread(() -> {
            try {
                while (completed.get() < n && System.nanoTime() < deadline.get()) {
                    for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(50))) {
                        long now = System.nanoTime();
                        if (r.key() == null) {
                            continue;
                        }
                        Integer i = index.get(new String(r.key(), StandardCharsets.UTF_8));
                        if (i == null || !counts.test(r)) {
                            continue;
                        }
                        if (done[i] == 0) {
                            done[i] = now;
                            doneEpoch[i] = epochMicros();
                            completed.incrementAndGet();
                            lastDone.set(now);
                        } else {
                            duplicates.incrementAndGet();
                        }
                    }
                }
            } finally {
                consumer.close(Duration.ofSeconds(5));
            }
        }, "bench-watch-" + observeTopic);
        watcher.start();

        long first;
        long last;
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerProps(brokers),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            long periodNanos = ratePerSecond > 0 ? (long) (1e9 / ratePerSecond) : 0;
            long start = System.nanoTime();
            first = start;
            for (int i = 0; i < n; i++) {
                Item it = items.get(i);
                if (periodNanos > 0) {
                    long intended = start + i * periodNanos;
                    long wait;
                    while ((wait = intended - System.nanoTime()) > 0) {
                        LockSupport.parkNanos(wait);
                    }
                    origin[i] = intended;
                } else {
                    origin[i] = System.nanoTime();
                }
                sendEpoch[i] = epochMicros();
                producer.send(new ProducerRecord<>(produceTopic, null, it.key().getBytes(StandardCharsets.UTF_8),
                        it.value(), it.headers()), (md, e) -> {
                            if (e != null) {
                                produceErrors.incrementAndGet();
                            }
                        });
            }
            producer.flush();
            last = System.nanoTime();
        }
        deadline.set(Math.min(hardDeadline, System.nanoTime() + timeout.toNanos()));
        try {
            watcher.join(TimeUnit.NANOSECONDS.toMillis(hardDeadline - System.nanoTime()) + 10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        boolean timedOut = completed.get() < n;
        return new Observed(n, origin, sendEpoch, done, doneEpoch, completed.get(), duplicates.get(),
                produceErrors.get(), first, last, lastDone.get() == 0 ? last : lastDone.get(), timedOut);
    }

    static long epochMicros() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
    }

    /** Percentile (nearest rank) of a sorted array, in milliseconds. */
    static double percentileMs(long[] sortedNanos, double q) {
        if (sortedNanos.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(q * sortedNanos.length);
        return sortedNanos[Math.max(0, Math.min(sortedNanos.length - 1, rank - 1))] / 1e6;
    }

    /** The record value of the feedback, for diagnostics. */
    static JsonNode json(byte[] value) {
        try {
            return MAPPER.readTree(value);
        } catch (IOException e) {
            return MAPPER.createObjectNode();
        }
    }
}
