package cn.tongjie.hub.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import cn.tongjie.hub.TongjieApplication;
import cn.tongjie.hub.infra.EmbeddedKafkaBroker;
import cn.tongjie.hub.it.Handovers;
import cn.tongjie.hub.it.HubFixture;
import cn.tongjie.hub.it.TestDatabase;
import cn.tongjie.hub.it.TestKafka;
import cn.tongjie.hub.simulator.legal.LegalServiceSimulator;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.servlet.context.ServletWebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * Issue 7 item 2, "the Kafka broker restarted under load": the police keep handing disputes over while the hub's one
 * broker (which also plays the police cluster) is stopped mid-stream and started again on the same port and log
 * directory. Every handover must reach the legal-service system as exactly one case and the police must hear exactly
 * one feedback per handover: the hub's consumers resume from their committed offsets, and the outbox relay resends
 * what the broker did not acknowledge while it was away.
 */
class BrokerRestartIT {

    private static final int N = 60;
    private static final Duration DOWN_FOR = Duration.ofSeconds(6);

    private EmbeddedKafkaBroker broker;
    private LegalServiceSimulator legal;
    private String dbUrl;
    private ConfigurableApplicationContext hub;

    @BeforeEach
    void setUp() {
        broker = TestKafka.start();
        dbUrl = TestDatabase.freshUrl("brokerrestart");
        Clock clock = Clock.offset(Clock.systemUTC(), Duration.between(OffsetDateTime.now(),
                OffsetDateTime.parse("2026-11-28T10:00:00+08:00")));
        legal = new LegalServiceSimulator(LegalServiceSimulator.Settings.defaults().withAutoLifecycle(false),
                clock, new ObjectMapper());
        legal.start();
    }

    @AfterEach
    void tearDown() {
        if (hub != null) {
            hub.close();
        }
        legal.stop();
        broker.close();
    }

    @Test
    void shouldDeliverEveryHandoverOnceToLegalServiceAndThePoliceWhenTheBrokerRestartsMidStream() throws Exception {
        hub = startHub();
        HubFixture fixture = fixture();
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < N; i++) {
            keys.add(Handovers.jjdbh(3000 + i));
        }
        // The police system keeps producing across the restart (a paced stream, not one batch): its producer buffers
        // and retries while the broker is away, as the police cluster's clients would.
        CompletableFuture<List<Future<RecordMetadata>>> police = CompletableFuture.supplyAsync(() -> producePaced(keys));

        await().atMost(Duration.ofSeconds(90)).until(() -> fixture.count("select count(*) from dispute") >= 10);
        broker.close();
        long registeredWhenStopped = fixture.count("select count(*) from dispute");
        // bounded pause with the broker away; the hub keeps running (nothing to await: the broker is simply gone)
        await().pollDelay(DOWN_FOR).atMost(DOWN_FOR.plusSeconds(1)).until(() -> true);
        broker.start();

        for (Future<RecordMetadata> sent : police.get(120, TimeUnit.SECONDS)) {
            sent.get(120, TimeUnit.SECONDS);
        }
        await().atMost(Duration.ofSeconds(150)).untilAsserted(() -> assertThat(fixture.count(
                "select count(*) from assignment where status = 'RECEIVED'")).isEqualTo(N));
        await().atMost(Duration.ofSeconds(60)).until(() -> fixture.count(
                "select count(*) from outbox where status = 'PENDING'") == 0);

        Map<String, List<String>> feedback = new HashMap<>();
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            feedback.clear();
            for (ConsumerRecord<byte[], byte[]> r : fixture.read(HubFixture.FEEDBACK, keys, Duration.ofSeconds(5))) {
                feedback.computeIfAbsent(new String(r.key(), StandardCharsets.UTF_8), k -> new ArrayList<>())
                        .add(fixture.value(r).path("czjg").asText());
            }
            assertThat(feedback).hasSize(N);
        });
        long cases = legal.storedCases().size();
        long created = legal.calls().stream().filter(c -> c.operation().equals("createCase") && c.httpStatus() == 201)
                .count();
        long duplicateCalls = legal.calls().stream().filter(c -> c.operation().equals("createCase")
                && c.httpStatus() == 409).count();
        long duplicateFeedback = feedback.values().stream().mapToLong(c -> c.size() - 1).sum();
        InfraFaultFigures.record("kafka-broker-restart-legal", N, cases, (created - cases) + duplicateCalls, 1);
        InfraFaultFigures.record("kafka-broker-restart-police-feedback", N, feedback.size(), duplicateFeedback, 1);

        assertThat(registeredWhenStopped).as("the broker went away mid-stream").isLessThan(N);
        assertThat(fixture.count("select count(*) from dispute")).isEqualTo(N);
        assertThat(fixture.count("select count(*) from quarantine")).as("nothing quarantined by the outage").isZero();
        assertThat(cases).isEqualTo(N);
        assertThat(created).as("one createCase per dispute").isEqualTo(N);
        assertThat(duplicateCalls).isZero();
        feedback.forEach((jjdbh, c) -> assertThat(c).as("feedback for " + jjdbh).containsExactly("01"));
    }

    /** N handovers, one every 100 ms; returns the send futures (they complete once the broker acknowledged). */
    private List<Future<RecordMetadata>> producePaced(List<String> keys) {
        Properties p = new Properties();
        p.put("bootstrap.servers", broker.bootstrapServers());
        p.put("acks", "all");
        p.put("enable.idempotence", "true");
        // ride out the restart: keep retrying for longer than the broker is away
        p.put("delivery.timeout.ms", "120000");
        p.put("max.block.ms", "120000");
        List<Future<RecordMetadata>> sent = new ArrayList<>();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            for (String jjdbh : keys) {
                ProducerRecord<byte[], byte[]> r = Handovers.record(Handovers.value(jjdbh, "20261128090000"));
                sent.add(producer.send(r));
                await().pollDelay(Duration.ofMillis(100)).atMost(Duration.ofSeconds(1)).until(() -> true);
            }
            producer.flush();
        }
        return sent;
    }

    private ConfigurableApplicationContext startHub() {
        return new SpringApplicationBuilder(TongjieApplication.class)
                .profiles("test")
                // command-line arguments: they outrank application.yml (builder "properties" would not)
                .run("--tongjie.kafka.brokers=" + broker.bootstrapServers(),
                        "--spring.datasource.url=" + dbUrl,
                        "--spring.datasource.username=" + (TestDatabase.postgres() ? "postgres" : "sa"),
                        "--server.port=0",
                        "--tongjie.simulators.legal-service.enabled=false",
                        "--tongjie.legal-service.base-url=" + legal.baseUrl());
    }

    private HubFixture fixture() {
        DataSource ds = new DriverManagerDataSource(dbUrl, TestDatabase.postgres() ? "postgres" : "sa", "");
        int port = ((ServletWebServerApplicationContext) hub).getWebServer().getPort();
        return new HubFixture(JdbcClient.create(ds), port, broker.bootstrapServers());
    }
}
