package cn.tongjie.hub.bench.e2e;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The limit the hub is compared with, on the hub's own embedded broker: a plain kafka-clients at-least-once
 * pass-through (consume a batch, produce each record with acks=all, wait for the acknowledgements, commit the offsets)
 * between two 6-partition topics, plus the bare single hop. No processing at all: what Kafka alone costs for the same
 * records on the same broker. Not a test: driven by {@link HubE2eBenchmark}.
 */
final class BareKafkaBench {

    private BareKafkaBench() {
    }

    static void createTopics(String brokers, List<String> names, int partitions) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, brokers))) {
            admin.createTopics(names.stream().map(n -> new NewTopic(n, partitions, (short) 1)).toList())
                    .all().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("cannot create bench topics " + names, e);
        }
    }

    /** A running pass-through in → out; stop() ends it (bounded by its own deadline too). */
    static final class PassThrough implements AutoCloseable {
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final AtomicLong relayed = new AtomicLong();
        private final Thread thread;

        PassThrough(String brokers, String in, String out, Duration maxLife) {
            Properties cp = HandoverLoadBench.consumerProps(brokers, "bench-pass-through");
            cp.put("group.id", "bench-pass-through");
            cp.put("max.poll.records", "500");
            KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(cp, new ByteArrayDeserializer(),
                    new ByteArrayDeserializer());
            List<TopicPartition> parts = consumer.partitionsFor(in).stream()
                    .map(p -> new TopicPartition(in, p.partition())).toList();
            consumer.assign(parts);
            consumer.seekToEnd(parts);
            parts.forEach(consumer::position);
            Properties pp = HandoverLoadBench.producerProps(brokers);
            pp.put("client.id", "bench-pass-through");
            KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(pp, new ByteArraySerializer(),
                    new ByteArraySerializer());
            long deadline = System.nanoTime() + maxLife.toNanos();
            thread = new Thread(() -> {
                try {
                    while (running.get() && System.nanoTime() < deadline) {
                        ConsumerRecords<byte[], byte[]> batch = consumer.poll(Duration.ofMillis(50));
                        if (batch.isEmpty()) {
                            continue;
                        }
                        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
                        for (ConsumerRecord<byte[], byte[]> r : batch) {
                            producer.send(new ProducerRecord<>(out, null, r.key(), r.value(), r.headers()));
                            offsets.put(new TopicPartition(r.topic(), r.partition()), new OffsetAndMetadata(r.offset() + 1));
                        }
                        producer.flush(); // at-least-once: offsets only after every record of the batch is acknowledged
                        consumer.commitSync(offsets);
                        relayed.addAndGet(batch.count());
                    }
                } finally {
                    producer.close(Duration.ofSeconds(5));
                    consumer.close(Duration.ofSeconds(5));
                }
            }, "bench-pass-through");
            thread.start();
        }

        long relayed() {
            return relayed.get();
        }

        @Override
        public void close() {
            running.set(false);
            try {
                thread.join(30_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
