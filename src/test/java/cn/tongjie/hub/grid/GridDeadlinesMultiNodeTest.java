package cn.tongjie.hub.grid;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;

import cn.tongjie.hub.registry.Alerts;
import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * Every hub node runs the grid deadline check (issue 7: two nodes share the work). A node that read an event before
 * another node reported it must not report it again.
 */
class GridDeadlinesMultiNodeTest {

    private static final Instant NOW = Instant.parse("2026-11-28T02:00:00Z");
    private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    private JdbcClient db;

    @BeforeEach
    void createStore() {
        db = JdbcClient.create(new DriverManagerDataSource("jdbc:h2:mem:grid-deadlines-" + UUID.randomUUID()
                + ";DB_CLOSE_DELAY=-1;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE", "sa", ""));
        // the columns GridDeadlines reads (V7__grid.sql)
        db.sql("""
                create table grid_event (event_id varchar(20) primary key, tracking_id varchar(37) not null,
                  urgency integer not null, reported_at timestamp with time zone not null,
                  pushed_at timestamp with time zone not null, received_sent boolean not null default false,
                  handled_sent boolean not null default false, final_sent boolean not null default false,
                  warned varchar(100) not null default '')""").update();
        // pushed 15 min ago, "received" never accepted: overdue after 10 min
        OffsetDateTime pushed = OffsetDateTime.ofInstant(NOW, ZoneOffset.UTC).minusMinutes(15);
        db.sql("insert into grid_event (event_id, tracking_id, urgency, reported_at, pushed_at) values "
                + "('SJ202611280000000001', 'TJ-1', 1, :p, :p)").param("p", pushed).update();
    }

    @Test
    void shouldReportAReceivedDeadlineOnceWhenTwoNodesCheckTheSameEvent() {
        Alerts first = mock(Alerts.class);
        assertThat(deadlines(db, first).check()).isEqualTo(1);
        Alerts second = mock(Alerts.class);
        assertThat(deadlines(db, second).check()).isZero();

        verify(first, times(1)).raise(eq("WARN"), eq("GRID_RECEIVED_OVERDUE"), anyString(), eq("TJ-1"), anyString());
        verify(second, never()).raise(any(), any(), any(), any(), any());
    }

    @Test
    void shouldNotReportWhatAnotherNodeReportedBetweenThisNodesReadAndItsUpdate() {
        // The other node commits its report after this node read the row and before this node writes it.
        AtomicBoolean otherNodeDone = new AtomicBoolean();
        JdbcClient racing = (JdbcClient) Proxy.newProxyInstance(JdbcClient.class.getClassLoader(),
                new Class<?>[] {JdbcClient.class}, (proxy, method, args) -> {
                    if ("sql".equals(method.getName()) && ((String) args[0]).startsWith("update grid_event")
                            && otherNodeDone.compareAndSet(false, true)) {
                        db.sql("update grid_event set warned = 'R'").update();
                    }
                    return method.invoke(db, args);
                });
        Alerts alerts = mock(Alerts.class);

        int raised = deadlines(racing, alerts).check();

        assertThat(otherNodeDone).isTrue();
        assertThat(raised).isZero();
        verify(alerts, never()).raise(any(), any(), any(), any(), any());
        assertThat(db.sql("select warned from grid_event").query(String.class).single()).isEqualTo("R");
    }

    private GridDeadlines deadlines(JdbcClient jdbc, Alerts alerts) {
        GridProperties props = new GridProperties("k", "s", "k", "s", "http://127.0.0.1:1", Duration.ofSeconds(300),
                Duration.ofSeconds(600), Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(10),
                Duration.ofMinutes(10), Duration.ofHours(72), Duration.ofSeconds(1), Duration.ofMinutes(10),
                Duration.ofHours(24), Duration.ofHours(2), Duration.ofDays(30), Duration.ofMinutes(1));
        return new GridDeadlines(props, jdbc, alerts, clock);
    }
}
