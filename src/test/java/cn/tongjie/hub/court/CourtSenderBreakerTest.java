package cn.tongjie.hub.court;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mockito.Mockito.mock;

import cn.tongjie.hub.infra.HubClock;
import cn.tongjie.hub.registry.Alerts;
import cn.tongjie.hub.registry.QuarantineStore;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.cxf.Bus;
import org.apache.cxf.BusFactory;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * The per-court circuit breaker: once a court's failures opened it, that court's rows are not attempted (they stay
 * PENDING and no attempt is counted), while another court's rows still go. Runs the real sender on a migrated H2
 * against a port nobody listens on.
 */
class CourtSenderBreakerTest {

    private JdbcClient jdbc;
    private CourtSender sender;
    private final Clock clock = new HubClock(Clock.systemUTC(), Duration.ZERO);
    private final Bus bus = BusFactory.newInstance().createBus();

    @BeforeEach
    void setUp() {
        DriverManagerDataSource ds = new DriverManagerDataSource("jdbc:h2:mem:court_breaker_" + UUID.randomUUID()
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1", "sa", "");
        Flyway.configure().dataSource(ds).load().migrate();
        jdbc = JdbcClient.create(ds);
        // nothing listens on port 1: every attempt is "connection refused", a retryable transport failure
        CourtProperties courts = new CourtProperties(true, Map.of(
                "0502", new CourtProperties.Court(null, "pw-0502-xxxxxxxxxx", "http://127.0.0.1:1/sim/0502"),
                "0521", new CourtProperties.Court(null, "pw-0521-xxxxxxxxxx", "http://127.0.0.1:1/sim/0521")));
        CourtOutboundProperties cfg = new CourtOutboundProperties(Duration.ofSeconds(1), Duration.ofSeconds(2),
                List.of(Duration.ofMillis(1)), Duration.ofHours(48), null, null, Duration.ofMillis(100),
                Duration.ofSeconds(30), 1, new CourtOutboundProperties.Breaker(100f, 2, 2, Duration.ofHours(1)));
        // the maintenance window must not interfere whatever time the build runs at
        cfg = new CourtOutboundProperties(cfg.connectTimeout(), cfg.readTimeout(), cfg.backoff(),
                cfg.giveUpAlertAfter(), java.time.LocalTime.MIDNIGHT, java.time.LocalTime.MIDNIGHT,
                cfg.pollInterval(), cfg.lease(), cfg.threads(), cfg.breaker());
        sender = new CourtSender(jdbc, new DataSourceTransactionManager(ds), clock, courts, cfg, e -> { },
                mock(Alerts.class), mock(QuarantineStore.class), new SimpleMeterRegistry(), bus);
    }

    @AfterEach
    void tearDown() {
        sender.stop();
        bus.shutdown(true);
    }

    @Test
    void shouldStopAttemptingACourtWhoseBreakerIsOpenWithoutCountingAttempts() {
        for (int i = 1; i <= 4; i++) {
            insert("内0502", "WT0502-2026-00000" + i);
        }

        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50)).until(() -> {
            sender.sendDue();
            // the breaker records a failure before the attempt's row is updated: wait for both
            return "OPEN".equals(sender.breakerState("内0502")) && attempts("内0502") >= 2;
        });
        long attemptsWhenOpened = attempts("内0502");
        await().during(Duration.ofMillis(800)).atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(50))
                .until(() -> {
                    sender.sendDue();
                    return attempts("内0502") == attemptsWhenOpened;
                });

        // one sender thread: no attempt is in flight when the 2nd failure opens the breaker
        assertThat(attemptsWhenOpened).isEqualTo(2);
        assertThat(jdbc.sql("select count(*) from court_outbound where status = 'PENDING'").query(Long.class)
                .single()).isEqualTo(4);
        // another court is not affected by 内0502's breaker
        insert("内0521", "WT0521-2026-000001");
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).until(() -> {
            sender.sendDue();
            return attempts("内0521") >= 1;
        });
    }

    private long attempts(String court) {
        return jdbc.sql("select coalesce(sum(attempts), 0) from court_outbound where court_code = ?").param(court)
                .query(Long.class).single();
    }

    private void insert(String court, String key) {
        OffsetDateTime now = OffsetDateTime.now(clock);
        jdbc.sql("insert into court_outbound (court_code, message_id, operation, object_key, payload, status, attempts, "
                + "created_at, next_attempt_at) values (?, ?, 'AcknowledgeDelegation', ?, '<x/>', 'PENDING', 0, ?, ?)")
                .params(court, UUID.randomUUID().toString(), key, now, now).update();
    }
}
