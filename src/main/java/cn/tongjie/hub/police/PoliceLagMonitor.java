package cn.tongjie.hub.police;

import cn.tongjie.hub.registry.Alerts;
import cn.tongjie.hub.registry.DisputeRegistry;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Police §2.1: records live 7 days on the police cluster, so the hub must alert when the age of its oldest
 * unprocessed handover (consumer lag age) exceeds 24 h. Checked periodically by the route police-lag-watch; the age
 * is also a gauge ({@code tongjie.police.consumer.lag.age.seconds}) for the monitoring staff.
 */
@Component
class PoliceLagMonitor {

    private static final Logger log = LoggerFactory.getLogger(PoliceLagMonitor.class);
    static final Duration ALERT_AFTER = Duration.ofHours(24);

    private final PoliceProperties props;
    private final Alerts alerts;
    private final DisputeRegistry registry;
    private final Clock clock;
    private final AtomicLong lagAgeSeconds = new AtomicLong();
    private final AtomicLong lagRecords = new AtomicLong();

    PoliceLagMonitor(PoliceProperties props, Alerts alerts, DisputeRegistry registry, Clock clock, MeterRegistry meters) {
        this.props = props;
        this.alerts = alerts;
        this.registry = registry;
        this.clock = clock;
        Gauge.builder("tongjie.police.consumer.lag.age.seconds", lagAgeSeconds, AtomicLong::get)
                .description("age of the oldest handover record not yet processed").register(meters);
        Gauge.builder("tongjie.police.consumer.lag.records", lagRecords, AtomicLong::get)
                .description("handover records not yet processed").register(meters);
    }

    /** Measures the lag; returns the age of the oldest unprocessed record (zero when none is waiting). */
    @Transactional
    public Duration check() {
        Map<String, Object> conf = new HashMap<>(securityConfig());
        conf.put("bootstrap.servers", props.brokers());
        try (Admin admin = Admin.create(conf)) {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(props.groupId())
                    .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
            List<TopicPartition> parts = admin.describeTopics(List.of(props.handoverTopic())).allTopicNames()
                    .get(10, TimeUnit.SECONDS).get(props.handoverTopic()).partitions().stream()
                    .map(p -> new TopicPartition(props.handoverTopic(), p.partition())).toList();
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            parts.forEach(tp -> latest.put(tp, OffsetSpec.latest()));
            var ends = admin.listOffsets(latest).all().get(10, TimeUnit.SECONDS);
            long oldest = Long.MAX_VALUE;
            long waiting = 0;
            Map<TopicPartition, Long> behind = new HashMap<>();
            for (TopicPartition tp : parts) {
                long end = ends.get(tp).offset();
                long done = committed.containsKey(tp) && committed.get(tp) != null ? committed.get(tp).offset() : 0L;
                if (end > done) {
                    behind.put(tp, done);
                    waiting += end - done;
                }
            }
            if (!behind.isEmpty()) {
                oldest = oldestTimestamp(behind);
            }
            Duration age = oldest == Long.MAX_VALUE ? Duration.ZERO
                    : Duration.ofMillis(Math.max(0, clock.millis() - oldest));
            lagAgeSeconds.set(age.toSeconds());
            lagRecords.set(waiting);
            if (age.compareTo(ALERT_AFTER) > 0
                    && registry.recordFact("police-lag", "police-lag-alert:" + LocalDate.now(clock))) {
                alerts.raise("ERROR", "POLICE_CONSUMER_LAG", HandoverIntake.AGENCY, null, "oldest unprocessed handover is "
                        + age.toHours() + " h old (" + waiting + " records waiting); records are lost after 7 days");
            }
            return age;
        } catch (Exception e) {
            log.warn("Police consumer lag not measurable now: {}", e.toString());
            return Duration.ZERO;
        }
    }

    private long oldestTimestamp(Map<TopicPartition, Long> positions) {
        Properties p = new Properties();
        p.putAll(securityConfig());
        p.put("bootstrap.servers", props.brokers());
        p.put("enable.auto.commit", "false");
        p.put("max.poll.records", String.valueOf(positions.size() * 2));
        long oldest = Long.MAX_VALUE;
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            c.assign(positions.keySet());
            positions.forEach(c::seek);
            // A few bounded polls: one record per lagging partition is enough to know its age.
            for (int i = 0; i < 5 && oldest == Long.MAX_VALUE; i++) {
                ConsumerRecords<byte[], byte[]> rs = c.poll(Duration.ofMillis(500));
                for (var r : rs) {
                    oldest = Math.min(oldest, r.timestamp());
                }
            }
        }
        return oldest;
    }

    private Map<String, Object> securityConfig() {
        Map<String, Object> m = new HashMap<>();
        m.put("security.protocol", props.securityProtocol());
        if (props.saslJaasConfig() != null && !props.saslJaasConfig().isBlank()) {
            m.put("sasl.mechanism", props.saslMechanism());
            m.put("sasl.jaas.config", props.saslJaasConfig());
        }
        return m;
    }
}
