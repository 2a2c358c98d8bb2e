package cn.tongjie.hub.it;

import cn.tongjie.hub.simulator.legal.LegalServiceSimulator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * What the integration tests do to and read from the running hub, only through its real interfaces: Kafka topics,
 * HTTP endpoints and (for assertions) the store.
 */
public final class HubFixture {

    public static final String HANDOVER = "police.110.dispute-handover";
    public static final String FEEDBACK = "police.110.dispute-feedback";
    public static final String LEGAL_TOKEN = "tongjie-test-rmtj-3a9e7c1b5d2f4e6a8c0b9d7e5f3a1c2b";
    private static final List<String> TABLES = List.of("ew_webhook", "ew_processed_event", "ew_alert_dispute",
            "ew_alert", "ew_observation_worker", "ew_observation", "exchange_log_entry", "exchange_log_checkpoint",
            "exchange_log_head", "union_case", "union_file", "timeline_event",
            "dispute_snapshot_history", "dispute_xref",
            "assignment", "dispute_fact", "legal_event", "inbound_message", "quarantine", "outbox", "audit_log",
            "alert", "court_nonce", "court_inbound", "court_delegation", "court_outbound", "court_application",
            "court_transfer", "court_document", "court_mediation", "court_mediation_outcome", "court_outbox_pause",
            "grid_nonce", "grid_status_out", "grid_event", "wf_result", "petition_nonce", "petition_attachment",
            "petition_item", "petition_feedback", "correlation_member", "correlation_block", "correlation_lock",
            "dispute", "config_version");

    private final JdbcClient jdbc;
    private final ObjectMapper mapper = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final int hubPort;
    private final String brokers;

    public HubFixture(JdbcClient jdbc, int hubPort, String brokers) {
        this.jdbc = jdbc;
        this.hubPort = hubPort;
        this.brokers = brokers;
    }

    /** Empties the registry between tests (the hub-id counter stays, so ids never repeat within a run). */
    public void resetStore() {
        // The previous test's last events may still be landing: a row can appear between two deletes, so repeat.
        org.springframework.dao.DataIntegrityViolationException last = null;
        for (int attempt = 0; attempt < 10; attempt++) {
            try {
                TABLES.forEach(t -> jdbc.sql("delete from " + t).update());
                return;
            } catch (org.springframework.dao.DataIntegrityViolationException raced) {
                last = raced;
            }
        }
        throw last;
    }

    /** Deletes every regular file below {@code root}, keeping the directories (a simulated server's tree). */
    public static void emptyFiles(java.nio.file.Path root) {
        try (java.util.stream.Stream<java.nio.file.Path> all = java.nio.file.Files.walk(root)) {
            for (java.nio.file.Path p : all.filter(java.nio.file.Files::isRegularFile).toList()) {
                java.nio.file.Files.deleteIfExists(p);
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    public void produce(Collection<ProducerRecord<byte[], byte[]>> records) {
        Properties p = new Properties();
        p.put("bootstrap.servers", brokers);
        p.put("acks", "all");
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            for (ProducerRecord<byte[], byte[]> r : records) {
                producer.send(r).get();
            }
        } catch (Exception e) {
            throw new AssertionError("produce failed", e);
        }
    }

    /**
     * Reads a topic from the start (no consumer group: partitions assigned directly, so no rebalance wait) and
     * returns every record whose key is in {@code keys}, in partition order.
     */
    public List<ConsumerRecord<byte[], byte[]>> read(String topic, Collection<String> keys, Duration pollFor) {
        Properties p = new Properties();
        p.put("bootstrap.servers", brokers);
        p.put("enable.auto.commit", "false");
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> parts = c.partitionsFor(topic).stream()
                    .map(i -> new TopicPartition(topic, i.partition())).toList();
            c.assign(parts);
            c.seekToBeginning(parts);
            Map<TopicPartition, Long> end = c.endOffsets(parts);
            long deadline = System.nanoTime() + pollFor.toNanos();
            while (System.nanoTime() < deadline && parts.stream().anyMatch(tp -> c.position(tp) < end.get(tp))) {
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(200))) {
                    if (r.key() != null && keys.contains(new String(r.key(), StandardCharsets.UTF_8))) {
                        out.add(r);
                    }
                }
            }
        }
        return out;
    }

    public JsonNode value(ConsumerRecord<byte[], byte[]> r) {
        try {
            return mapper.readTree(r.value());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    public static String header(ConsumerRecord<byte[], byte[]> r, String name) {
        var h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    /** Committed offset of the hub's police consumer group per partition of the handover topic. */
    public Map<TopicPartition, OffsetAndMetadata> committedPoliceOffsets() {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", brokers))) {
            return admin.listConsumerGroupOffsets("tongjie-hub-police-handover").partitionsToOffsetAndMetadata().get();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    public long endOffset(TopicPartition tp) {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", brokers))) {
            return admin.listOffsets(Map.of(tp, OffsetSpec.latest())).partitionResult(tp).get().offset();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    public HttpResponse<String> postEvent(String json, String token) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + hubPort
                        + "/api/legal-service/v1/events"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return send(b.build());
    }

    public HttpResponse<String> get(String path, String user, String password) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + hubPort + path)).GET();
        if (user != null) {
            b.header("Authorization", "Basic " + java.util.Base64.getEncoder()
                    .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
        }
        return send(b.build());
    }

    public HttpResponse<String> postJson(String path, String user, String password, String json) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + hubPort + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8));
        if (user != null) {
            b.header("Authorization", "Basic " + java.util.Base64.getEncoder()
                    .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
        }
        return send(b.build());
    }

    private HttpResponse<String> send(HttpRequest r) {
        try {
            return http.send(r, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    public JsonNode json(String s) {
        try {
            return mapper.readTree(s);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    public long count(String sql, Object... params) {
        var spec = jdbc.sql(sql);
        for (Object p : params) {
            spec = spec.param(p);
        }
        return spec.query(Long.class).single();
    }

    public JdbcClient jdbc() {
        return jdbc;
    }

    /** Puts the simulator into the mode a test needs; returns it for further set-up. */
    public static LegalServiceSimulator manual(LegalServiceSimulator sim) {
        sim.setAutoLifecycle(false);
        sim.setDown(false);
        sim.setMaintenanceProbability(0.0);
        return sim;
    }
}
