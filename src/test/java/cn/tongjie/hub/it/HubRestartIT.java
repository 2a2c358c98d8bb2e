package cn.tongjie.hub.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import cn.tongjie.hub.TongjieApplication;
import cn.tongjie.hub.infra.EmbeddedKafkaBroker;
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
import java.util.Set;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.servlet.context.ServletWebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * The hub stopped in the middle of a batch and started again on the same broker and database: every handover is
 * registered, assigned and acknowledged to the police exactly once, and the legal-service system holds exactly one
 * case per dispute.
 */
class HubRestartIT {

    private EmbeddedKafkaBroker broker;
    private LegalServiceSimulator legal;
    private String dbUrl;
    private ConfigurableApplicationContext hub;

    @BeforeEach
    void setUp() {
        broker = TestKafka.start();
        dbUrl = TestDatabase.postgres() ? TestDatabase.freshUrl("restart")
                : "jdbc:h2:file:./target/restart-" + System.nanoTime() + "/tongjie;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH";
        Clock clock = Clock.offset(Clock.systemUTC(), Duration.between(OffsetDateTime.now(),
                OffsetDateTime.parse("2026-11-28T10:00:00+08:00")));
        // The legal-service system outlives the hub's restart, so it can count cases across both runs.
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
    void shouldLoseNothingAndCreateNoSecondCaseWhenTheHubIsStoppedMidFlow() {
        hub = startHub();
        HubFixture fixture = fixture();
        List<String> keys = new ArrayList<>();
        List<ProducerRecord<byte[], byte[]>> batch = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            String jjdbh = Handovers.jjdbh(7000 + i);
            keys.add(jjdbh);
            batch.add(Handovers.record(Handovers.value(jjdbh, "20261128090000")));
        }
        fixture.produce(batch);
        // Stop while the batch is in flight: some disputes registered, most of the work still ahead.
        await().atMost(Duration.ofSeconds(60)).until(() -> fixture.count("select count(*) from dispute") >= 5);
        hub.close();
        long registeredBeforeStop = fixture.count("select count(*) from dispute");

        List<ProducerRecord<byte[], byte[]>> whileDown = new ArrayList<>();
        for (int i = 40; i < 50; i++) {
            String jjdbh = Handovers.jjdbh(7000 + i);
            keys.add(jjdbh);
            whileDown.add(Handovers.record(Handovers.value(jjdbh, "20261128090000")));
        }
        fixture.produce(whileDown);

        hub = startHub();
        HubFixture after = fixture();
        await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> assertThat(after.count(
                "select count(*) from assignment where status = 'RECEIVED'")).isEqualTo(50));
        assertThat(registeredBeforeStop).isLessThan(50);
        assertThat(after.count("select count(*) from dispute")).isEqualTo(50);
        assertThat(after.count("select count(*) from assignment")).isEqualTo(50);
        assertThat(legal.storedCases()).hasSize(50);
        Set<String> sentRefs = legal.storedCases().stream().map(LegalServiceSimulator.StoredCase::externalRef)
                .collect(Collectors.toSet());
        assertThat(sentRefs).hasSize(50).allMatch(r -> r.endsWith("-01"));

        Map<String, List<String>> codes = new HashMap<>();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            codes.clear();
            for (ConsumerRecord<byte[], byte[]> r : after.read(HubFixture.FEEDBACK, keys, Duration.ofSeconds(5))) {
                codes.computeIfAbsent(new String(r.key(), StandardCharsets.UTF_8), k -> new ArrayList<>())
                        .add(after.value(r).path("czjg").asText());
            }
            assertThat(codes).hasSize(50);
        });
        codes.forEach((jjdbh, c) -> assertThat(c).as("feedback for " + jjdbh).containsExactly("01"));
    }

    private ConfigurableApplicationContext startHub() {
        return new SpringApplicationBuilder(TongjieApplication.class)
                .profiles("test")
                // command-line arguments: they outrank application.yml (builder "properties" would not)
                .run("--tongjie.kafka.brokers=" + broker.bootstrapServers(),
                        "--spring.datasource.url=" + dbUrl,
                        "--spring.datasource.username=" + (TestDatabase.postgres() ? "postgres" : "sa"),
                        "--tongjie.simulators.legal-service.enabled=false",
                        "--tongjie.legal-service.base-url=" + legal.baseUrl());
    }

    private HubFixture fixture() {
        DataSource ds = new DriverManagerDataSource(dbUrl, TestDatabase.postgres() ? "postgres" : "sa", "");
        int port = ((ServletWebServerApplicationContext) hub).getWebServer().getPort();
        return new HubFixture(JdbcClient.create(ds), port, broker.bootstrapServers());
    }
}
