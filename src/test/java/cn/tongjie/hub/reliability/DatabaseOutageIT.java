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
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import javax.sql.DataSource;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.h2.tools.Server;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.servlet.context.ServletWebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * Issue 7 item 2, "the database unavailable for a period → the hub turns not-ready, stops taking work it cannot make
 * durable, and resumes". The hub reaches its database only through a loopback relay the test cuts and restores (H2's
 * TCP server, or PostgreSQL when TONGJIE_TEST_PG_URL is set); the test itself reads the database directly. While the
 * database is away: readiness is DOWN (503), inbound REST calls are answered 5xx (the contracts' "retry later"), never
 * 200, and the police handover consumer commits no offset. After it returns: readiness is UP again, the refused call
 * succeeds when the sender retries, and every handover produced during the outage is registered, sent to the
 * legal-service system once and answered to the police once.
 */
class DatabaseOutageIT {

    private static final int BEFORE = 5;
    private static final int DURING = 20;
    private static final Duration DOWN_FOR = Duration.ofSeconds(8);
    private static final String GRID_KEY = "wg-test-0001";
    private static final String GRID_SECRET = "wgT3st-S3cret-2026-NotForProduction";
    private static final String GRID_PATH = "/api/grid/v1/events";

    private EmbeddedKafkaBroker broker;
    private LegalServiceSimulator legal;
    private Server h2;
    private TcpRelay relay;
    private String directUrl;
    private String hubUrl;
    private ConfigurableApplicationContext hub;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeEach
    void setUp() throws Exception {
        broker = TestKafka.start();
        if (TestDatabase.postgres()) {
            directUrl = TestDatabase.freshUrl("dboutage");
            Matcher m = Pattern.compile("jdbc:postgresql://([^:/?]+)(?::(\\d+))?/").matcher(directUrl);
            assertThat(m.find()).as("host and port in " + TestDatabase.PG_ENV).isTrue();
            relay = new TcpRelay(m.group(1), m.group(2) == null ? 5432 : Integer.parseInt(m.group(2)));
            hubUrl = m.replaceFirst("jdbc:postgresql://127.0.0.1:" + relay.port() + "/");
        } else {
            h2 = Server.createTcpServer("-tcpPort", Integer.toString(freePort()), "-ifNotExists").start();
            relay = new TcpRelay("127.0.0.1", h2.getPort());
            String db = "/mem:dboutage-" + UUID.randomUUID()
                    + ";DB_CLOSE_DELAY=-1;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH";
            directUrl = "jdbc:h2:tcp://127.0.0.1:" + h2.getPort() + db;
            hubUrl = "jdbc:h2:tcp://127.0.0.1:" + relay.port() + db;
        }
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
        relay.close();
        legal.stop();
        broker.close();
        if (h2 != null) {
            h2.stop();
        }
    }

    @Test
    void shouldTurnNotReadyRefuseWorkAndResumeWithNothingLostWhenTheDatabaseIsAwayForAWhile() throws Exception {
        hub = startHub();
        HubFixture fixture = fixture();
        List<String> keys = new ArrayList<>();
        List<ProducerRecord<byte[], byte[]>> before = new ArrayList<>();
        for (int i = 0; i < BEFORE; i++) {
            keys.add(Handovers.jjdbh(4000 + i));
            before.add(Handovers.record(Handovers.value(keys.get(i), "20261128090000")));
        }
        fixture.produce(before);
        await().atMost(Duration.ofSeconds(90)).until(() -> fixture.count(
                "select count(*) from assignment where status = 'RECEIVED'") == BEFORE);
        await().atMost(Duration.ofSeconds(30)).until(() -> readiness() == 200);
        await().atMost(Duration.ofSeconds(30)).until(() -> committed(fixture) == BEFORE);
        long committedBefore = committed(fixture);

        relay.cut();
        await().atMost(Duration.ofSeconds(30)).until(() -> readiness() == 503);
        int faults = 1;

        // inbound REST while the store is away: "retry later", never an acknowledgement
        byte[] gridEvent = gridEvent("SJ202611280000009001");
        int gridWhileDown = gridPost(gridEvent).statusCode();
        int legalWhileDown = fixture.postEvent(Files.readString(Path.of(
                "src/test/resources/samples/legal-service/event-story-N-1-accepted.json")), HubFixture.LEGAL_TOKEN)
                .statusCode();
        faults += 2;

        List<ProducerRecord<byte[], byte[]>> during = new ArrayList<>();
        for (int i = 0; i < DURING; i++) {
            String jjdbh = Handovers.jjdbh(4100 + i);
            keys.add(jjdbh);
            during.add(Handovers.record(Handovers.value(jjdbh, "20261128090000")));
        }
        fixture.produce(during);
        // the consumer polls, fails to store and commits nothing for as long as the store is away
        await().pollDelay(DOWN_FOR).atMost(DOWN_FOR.plusSeconds(2)).until(() -> true);
        long committedWhileDown = committed(fixture);
        long disputesWhileDown = fixture.count("select count(*) from dispute");
        int readinessAtEnd = readiness();

        relay.restore();
        await().atMost(Duration.ofSeconds(60)).until(() -> readiness() == 200);
        // the grid platform retries its refused event (fresh signature) and now gets it stored
        int gridAfter = gridPost(gridEvent).statusCode();

        await().atMost(Duration.ofSeconds(120)).untilAsserted(() -> assertThat(fixture.count(
                "select count(*) from assignment where status = 'RECEIVED'")).isEqualTo(BEFORE + DURING));
        Map<String, List<String>> feedback = new HashMap<>();
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            feedback.clear();
            for (ConsumerRecord<byte[], byte[]> r : fixture.read(HubFixture.FEEDBACK, keys, Duration.ofSeconds(5))) {
                feedback.computeIfAbsent(new String(r.key(), StandardCharsets.UTF_8), k -> new ArrayList<>())
                        .add(fixture.value(r).path("czjg").asText());
            }
            assertThat(feedback).hasSize(BEFORE + DURING);
        });
        long cases = legal.storedCases().size();
        long created = legal.calls().stream().filter(c -> c.operation().equals("createCase") && c.httpStatus() == 201)
                .count();
        long duplicateFeedback = feedback.values().stream().mapToLong(c -> c.size() - 1).sum();
        InfraFaultFigures.record("database-outage", DURING, Math.min(cases, feedback.size()) - BEFORE,
                (created - cases) + duplicateFeedback, faults);

        assertThat(readinessAtEnd).as("still not ready at the end of the outage").isEqualTo(503);
        assertThat(gridWhileDown).as("grid event while the store is away").isBetween(500, 599);
        assertThat(legalWhileDown).as("legal-service event while the store is away").isBetween(500, 599);
        assertThat(committedWhileDown).as("no handover offset committed while the store is away")
                .isEqualTo(committedBefore);
        assertThat(disputesWhileDown).isEqualTo(BEFORE);
        assertThat(gridAfter).as("the retried grid event").isEqualTo(200);
        assertThat(fixture.count("select count(*) from grid_event")).isEqualTo(1);
        assertThat(fixture.count("select count(*) from quarantine")).as("nothing quarantined by the outage").isZero();
        assertThat(fixture.count("select count(*) from dispute")).isEqualTo(BEFORE + DURING);
        assertThat(cases).isEqualTo(BEFORE + DURING);
        assertThat(created).as("one createCase per dispute").isEqualTo(BEFORE + DURING);
        feedback.forEach((jjdbh, c) -> assertThat(c).as("feedback for " + jjdbh).containsExactly("01"));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(committed(fixture))
                .as("every handover offset committed at last").isEqualTo(BEFORE + DURING));
    }

    private long committed(HubFixture fixture) {
        return fixture.committedPoliceOffsets().values().stream().mapToLong(OffsetAndMetadata::offset).sum();
    }

    private int readiness() throws Exception {
        int port = ((ServletWebServerApplicationContext) hub).getWebServer().getPort();
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health/readiness"))
                .timeout(Duration.ofSeconds(20)).GET().build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static byte[] gridEvent(String eventId) throws Exception {
        return Files.readString(Path.of("src/test/resources/samples/grid/event-story-N-neighbour-0402.json"))
                .replace("SJ202611280000001234", eventId).getBytes(StandardCharsets.UTF_8);
    }

    private HttpResponse<String> gridPost(byte[] body) throws Exception {
        int port = ((ServletWebServerApplicationContext) hub).getWebServer().getPort();
        // signed at the hub's own (test) clock, whose skew window the platform must respect
        String ts = Long.toString(hub.getBean(Clock.class).millis());
        String nonce = UUID.randomUUID().toString();
        String bodyHash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(GRID_SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String signature = Base64.getEncoder().encodeToString(mac.doFinal(("POST\n" + GRID_PATH + "\n" + ts + "\n"
                + nonce + "\n" + bodyHash).getBytes(StandardCharsets.UTF_8)));
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + GRID_PATH))
                        .timeout(Duration.ofSeconds(30))
                        .header("Content-Type", "application/json;charset=UTF-8").header("X-App-Key", GRID_KEY)
                        .header("X-Timestamp", ts).header("X-Nonce", nonce).header("X-Signature", signature)
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private ConfigurableApplicationContext startHub() {
        return new SpringApplicationBuilder(TongjieApplication.class)
                .profiles("test")
                // command-line arguments: they outrank application.yml (builder "properties" would not)
                .run("--tongjie.kafka.brokers=" + broker.bootstrapServers(),
                        "--spring.datasource.url=" + hubUrl,
                        "--spring.datasource.username=" + (TestDatabase.postgres() ? "postgres" : "sa"),
                        // notice the outage within seconds: short waits for a connection and for its validation
                        "--spring.datasource.hikari.connection-timeout=2000",
                        "--spring.datasource.hikari.validation-timeout=1000",
                        // evict H2 remote connections whose socket dropped (PostgreSQL's 08xxx Hikari knows itself)
                        "--spring.datasource.hikari.exception-override-class-name="
                                + H2DroppedConnectionEviction.class.getName(),
                        "--server.port=0",
                        "--tongjie.simulators.legal-service.enabled=false",
                        "--tongjie.legal-service.base-url=" + legal.baseUrl());
    }

    private HubFixture fixture() {
        DataSource ds = new DriverManagerDataSource(directUrl, TestDatabase.postgres() ? "postgres" : "sa", "");
        int port = ((ServletWebServerApplicationContext) hub).getWebServer().getPort();
        return new HubFixture(JdbcClient.create(ds), port, broker.bootstrapServers());
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
