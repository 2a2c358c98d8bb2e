package cn.tongjie.hub.reliability;

import cn.tongjie.hub.infra.EmbeddedKafkaBroker;
import cn.tongjie.hub.it.TestDatabase;
import cn.tongjie.hub.it.TestKafka;
import cn.tongjie.hub.simulator.legal.LegalServiceSimulator;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.h2.tools.Server;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * What outlives a killed hub node, all in the test JVM: the Kafka broker (police and hub topics), the database
 * (PostgreSQL in a fresh schema when TONGJIE_TEST_PG_URL is set, otherwise an H2 TCP server on a file under target/,
 * so H2-only machines run these tests too) and the legal-service simulator, which counts the cases it stores. Hub
 * nodes made by {@link #node} all point at these, so two nodes share one broker and one database.
 */
final class HubProcessEnvironment implements AutoCloseable {

    private static final Path LOGS = Path.of("target", "failsafe-reports").toAbsolutePath();
    final Path dir;
    final String scenario;
    final EmbeddedKafkaBroker broker;
    final LegalServiceSimulator legal;
    final String dbUrl;
    final String dbUser;
    final JdbcClient db;
    private final Server h2;
    private final List<HubProcess> nodes = new ArrayList<>();

    private HubProcessEnvironment(String scenario, Path dir, EmbeddedKafkaBroker broker, Server h2, String dbUrl,
            String dbUser, LegalServiceSimulator legal) {
        this.scenario = scenario;
        this.dir = dir;
        this.broker = broker;
        this.h2 = h2;
        this.dbUrl = dbUrl;
        this.dbUser = dbUser;
        this.legal = legal;
        this.db = JdbcClient.create(new DriverManagerDataSource(dbUrl, dbUser, ""));
    }

    static HubProcessEnvironment start(String scenario) {
        Path dir = Path.of("target", "reliability-jvm", scenario + "-" + System.currentTimeMillis()).toAbsolutePath();
        try {
            Files.createDirectories(dir);
        } catch (java.io.IOException e) {
            throw new AssertionError("cannot create " + dir, e);
        }
        EmbeddedKafkaBroker broker = TestKafka.start();
        Server h2 = null;
        String url;
        String user;
        if (TestDatabase.postgres()) {
            url = TestDatabase.freshUrl(scenario);
            user = "postgres";
        } else {
            int port = HubProcess.freePort();
            try {
                // -ifNotExists: the hub nodes create the database over TCP on first connect
                h2 = Server.createTcpServer("-tcpPort", String.valueOf(port), "-ifNotExists", "-baseDir",
                        dir.resolve("h2").toString()).start();
            } catch (SQLException e) {
                broker.close();
                throw new AssertionError("H2 TCP server did not start: " + e, e);
            }
            // LOCK_TIMEOUT: two nodes contend for the same rows; wait for a lock rather than fail after H2's 1 s
            url = "jdbc:h2:tcp://127.0.0.1:" + port + "/tongjie;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;"
                    + "DEFAULT_NULL_ORDERING=HIGH;LOCK_TIMEOUT=10000";
            user = "sa";
        }
        // Accepts every createCase at once and runs no case life cycle: only the stored cases matter here.
        LegalServiceSimulator legal = new LegalServiceSimulator(LegalServiceSimulator.Settings.defaults()
                .withAutoLifecycle(false).withMaintenance(0.0, null).withOutcomeProbabilities(1.0, 0.0, 0.0, 0.0),
                Clock.system(ZoneId.of("Asia/Shanghai")), new ObjectMapper());
        legal.start();
        return new HubProcessEnvironment(scenario, dir, broker, h2, url, user, legal);
    }

    /**
     * A hub node on this environment: demo profile (sample credentials), embedded broker off, every simulator the
     * scenario does not need off, store-and-forward in seconds. extraArgs override these.
     */
    HubProcess node(String name, List<String> extraArgs) {
        List<String> args = new ArrayList<>(List.of(
                "--tongjie.kafka.embedded.enabled=false",
                "--tongjie.kafka.brokers=" + broker.bootstrapServers(),
                "--spring.datasource.url=" + dbUrl,
                "--spring.datasource.username=" + dbUser,
                "--spring.datasource.password=",
                "--spring.datasource.hikari.maximum-pool-size=8",
                "--tongjie.police.consumers=3",
                "--tongjie.legal-service.base-url=" + legal.baseUrl(),
                "--tongjie.legal-service.retry-initial=500ms",
                "--tongjie.legal-service.retry-max=2s",
                "--tongjie.legal-service.poll-interval=200ms",
                "--tongjie.outbox.poll-interval-ms=200",
                "--tongjie.trade-union.enabled=false",
                "--tongjie.exchange-log.signing-key-file=" + dir.resolve("exchange-log/hub-log-signing.key"),
                "--tongjie.exchange-log.public-key-file=" + dir.resolve("exchange-log/hub-log-signing.pub"),
                "--tongjie.petition.attachments-dir=" + dir.resolve("petition-attachments")));
        for (String sim : List.of("police", "legal-service", "grid", "petition", "court", "trade-union",
                "womens-federation", "committee")) {
            args.add("--tongjie.simulators." + sim + ".enabled=false");
        }
        args.addAll(extraArgs);
        // The node's log sits with the failsafe outputs, so LogHygieneCheck greps it for personal data too.
        HubProcess node = new HubProcess(name, LOGS.resolve("reliability-jvm-" + scenario + "-" + name + "-output.txt"),
                args);
        nodes.add(node);
        return node;
    }

    long count(String sql, Object... params) {
        return db.sql(sql).params(params).query(Long.class).single();
    }

    /** Last lines of every node's log, for failure messages. */
    String logs() {
        StringBuilder sb = new StringBuilder();
        for (HubProcess n : nodes) {
            sb.append("\n----- ").append(n.name()).append(" (full log under ").append(LOGS).append(") -----\n")
                    .append(n.logTail(40));
        }
        return sb.toString();
    }

    @Override
    public void close() {
        nodes.forEach(HubProcess::close);
        legal.stop();
        broker.close();
        if (h2 != null) {
            h2.stop();
        }
    }
}
