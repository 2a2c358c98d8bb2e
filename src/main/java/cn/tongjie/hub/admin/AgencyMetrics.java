package cn.tongjie.hub.admin;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Our own Prometheus metrics per agency (tag {@code agency}), next to Camel's route metrics:
 * <ul>
 * <li>{@code tongjie_agency_exchanges_total{agency,outcome=completed|failed}} and
 *     {@code tongjie_agency_latency_seconds{agency}}: Camel's route metrics of the agency's routes (route id prefix
 *     police-, legal-, court-, ...) summed per agency;</li>
 * <li>{@code tongjie_agency_messages{agency,direction=in|out}}: messages received from / sent to the agency, as the
 *     dispute timelines record them;</li>
 * <li>{@code tongjie_agency_failed{agency}}: deliveries given up or refused by the agency;
 *     {@code tongjie_agency_quarantined{agency}}: open quarantine entries; {@code tongjie_agency_backlog{agency}}:
 *     messages waiting to go out;</li>
 * <li>{@code tongjie_deadlines{agency,state=due_today|overdue}} and {@code tongjie_alerts_open{agency}}.</li>
 * </ul>
 * Store-derived gauges read one cached snapshot ({@code tongjie.ops.metrics-refresh}), so a scrape costs at most one
 * round of queries.
 */
@Component
class AgencyMetrics {

    static final List<String> AGENCIES = List.of("police", "legal-service", "court", "petition", "grid",
            "womens-federation", "trade-union");
    private static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    /** Route ids of timer-driven housekeeping (polls, watches, deadline passes, purges, reconciliation). */
    private static final java.util.regex.Pattern HOUSEKEEPING = java.util.regex.Pattern.compile(
            "-(poll|watch|deadlines|deadline-watch|purge|check|reconciliation|follow-up-deadlines)$");
    /** Camel's per-route timer (camel.metrics.enable-route-policy). */
    static final String CAMEL_ROUTE_TIMER = "camel.route.policy";

    private final JdbcClient jdbc;
    private final Clock clock;
    private final OpsProperties props;
    private final MeterRegistry meters;
    private volatile Map<String, Double> snapshot = Map.of();
    private volatile long snapshotAt;

    AgencyMetrics(JdbcClient jdbc, Clock clock, OpsProperties props, MeterRegistry meters) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.props = props;
        this.meters = meters;
        for (String agency : AGENCIES) {
            // Camel's route policy already counts and times every route (tag routeId): summed per agency here
            FunctionTimer.builder("tongjie.agency.latency", this, m -> m.routeTimerCount(agency),
                            m -> m.routeTimerSeconds(agency), TimeUnit.SECONDS).tag("agency", agency)
                    .description("processing time of the exchanges of the agency's routes").register(meters);
            FunctionCounter.builder("tongjie.agency.exchanges", this, m -> m.routeCount("camel.exchanges.succeeded",
                    agency)).tag("agency", agency).tag("outcome", "completed").register(meters);
            FunctionCounter.builder("tongjie.agency.exchanges", this, m -> m.routeCount("camel.exchanges.failed",
                    agency)).tag("agency", agency).tag("outcome", "failed").register(meters);
            gauge("tongjie.agency.messages", "messages from the agency (timeline)", agency, "direction", "in");
            gauge("tongjie.agency.messages", "messages to the agency (timeline)", agency, "direction", "out");
            gauge("tongjie.agency.failed", "deliveries to the agency given up or refused", agency, null, null);
            gauge("tongjie.agency.quarantined", "open quarantine entries from the agency", agency, null, null);
            gauge("tongjie.agency.backlog", "messages waiting to go out to the agency", agency, null, null);
            gauge("tongjie.deadlines", "running time limits due today", agency, "state", "due_today");
            gauge("tongjie.deadlines", "running time limits already passed", agency, "state", "overdue");
            gauge("tongjie.alerts.open", "open alerts", agency, null, null);
        }
        gauge("tongjie.alerts.open", "open alerts", "hub", null, null);
    }

    private void gauge(String name, String description, String agency, String tag, String tagValue) {
        String key = key(name, agency, tagValue);
        Gauge.Builder<AgencyMetrics> b = Gauge.builder(name, this, m -> m.value(key)).description(description)
                .tag("agency", agency);
        if (tag != null) {
            b.tag(tag, tagValue);
        }
        b.register(meters);
    }

    private static String key(String name, String agency, String tagValue) {
        return name + "|" + agency + "|" + (tagValue == null ? "" : tagValue);
    }

    double value(String key) {
        long now = System.nanoTime();
        if (now - snapshotAt > props.metricsRefresh().toNanos() || snapshot.isEmpty()) {
            synchronized (this) {
                if (now - snapshotAt > props.metricsRefresh().toNanos() || snapshot.isEmpty()) {
                    snapshot = read();
                    snapshotAt = System.nanoTime();
                }
            }
        }
        return snapshot.getOrDefault(key, 0.0);
    }

    /** One round of grouped queries over the store. */
    Map<String, Double> read() {
        Map<String, Double> m = new HashMap<>();
        m.put("read", 1.0); // never empty, so a store without rows is not re-read on every gauge
        jdbc.sql("select agency, direction, count(*) from timeline_event where direction in ('IN', 'OUT') "
                        + "group by agency, direction")
                .query(rs -> {
                    m.put(key("tongjie.agency.messages", rs.getString(1), rs.getString(2).toLowerCase()),
                            (double) rs.getLong(3));
                });
        jdbc.sql("select agency, count(*) from assignment where status in ('FAILED', 'REJECTED') group by agency")
                .query(rs -> {
                    add(m, key("tongjie.agency.failed", rs.getString(1), null), rs.getLong(2));
                });
        add(m, key("tongjie.agency.failed", "court", null), count(
                "select count(*) from court_outbound where status in ('REJECTED', 'FAILED')"));
        add(m, key("tongjie.agency.failed", "petition", null), count(
                "select count(*) from petition_feedback where status in ('GAVE_UP', 'REJECTED')"));
        add(m, key("tongjie.agency.failed", "grid", null), count(
                "select count(*) from grid_status_out where state not in ('PENDING', 'SENT')"));
        jdbc.sql("select agency, count(*) from quarantine where status = 'OPEN' group by agency").query(rs -> {
            m.put(key("tongjie.agency.quarantined", rs.getString(1), null), (double) rs.getLong(2));
        });
        add(m, key("tongjie.agency.backlog", "court", null),
                count("select count(*) from court_outbound where status = 'PENDING'"));
        add(m, key("tongjie.agency.backlog", "petition", null),
                count("select count(*) from petition_feedback where status = 'PENDING'"));
        add(m, key("tongjie.agency.backlog", "grid", null),
                count("select count(*) from grid_status_out where state = 'PENDING'"));
        add(m, key("tongjie.agency.backlog", "trade-union", null),
                count("select count(*) from union_file where uploaded_at is null"));
        jdbc.sql("select agency, count(*) from assignment where status = 'PENDING' and agency in "
                        + "('legal-service', 'womens-federation') group by agency")
                .query(rs -> {
                    add(m, key("tongjie.agency.backlog", rs.getString(1), null), rs.getLong(2));
                });
        OffsetDateTime now = OffsetDateTime.now(clock);
        LocalDate today = now.atZoneSameInstant(ZONE).toLocalDate();
        OffsetDateTime tomorrow = today.plusDays(1).atStartOfDay(ZONE).toOffsetDateTime();
        add(m, key("tongjie.deadlines", "court", "overdue"), jdbc.sql(
                "select count(*) from court_delegation where state = 'OPEN' and due_at < :now")
                .param("now", now).query(Long.class).single());
        add(m, key("tongjie.deadlines", "court", "due_today"), jdbc.sql(
                "select count(*) from court_delegation where state = 'OPEN' and due_at >= :now and due_at < :t")
                .param("now", now).param("t", tomorrow).query(Long.class).single());
        jdbc.sql("""
                select agency, sum(case when due_date < :today then 1 else 0 end),
                  sum(case when due_date = :today then 1 else 0 end)
                from assignment where status in ('PENDING', 'RECEIVED', 'ACCEPTED', 'IN_MEDIATION') group by agency""")
                .param("today", today)
                .query(rs -> {
                    add(m, key("tongjie.deadlines", rs.getString(1), "overdue"), rs.getLong(2));
                    add(m, key("tongjie.deadlines", rs.getString(1), "due_today"), rs.getLong(3));
                });
        jdbc.sql("select coalesce(agency, 'hub'), count(*) from alert where status = 'OPEN' group by agency")
                .query(rs -> {
                    add(m, key("tongjie.alerts.open", rs.getString(1), null), rs.getLong(2));
                });
        return m;
    }

    private long count(String sql) {
        return jdbc.sql(sql).query(Long.class).single();
    }

    private static void add(Map<String, Double> m, String key, long n) {
        m.merge(key, (double) n, Double::sum);
    }

    private double routeCount(String camelMeter, String agency) {
        return meters.find(camelMeter).counters().stream()
                .filter(c -> agency.equals(agencyOfRoute(c.getId().getTag("routeId"))))
                .mapToDouble(Counter::count).sum();
    }

    private long routeTimerCount(String agency) {
        return routeTimers(agency).mapToLong(Timer::count).sum();
    }

    private double routeTimerSeconds(String agency) {
        return routeTimers(agency).mapToDouble(t -> t.totalTime(TimeUnit.SECONDS)).sum();
    }

    private java.util.stream.Stream<Timer> routeTimers(String agency) {
        return meters.find(CAMEL_ROUTE_TIMER).timers().stream()
                .filter(t -> agency.equals(agencyOfRoute(t.getId().getTag("routeId"))));
    }

    /** The agency a route serves, by the route id's prefix (police-, legal-, court-, ...); null for the hub's own. */
    static String agencyOfRoute(String routeId) {
        if (routeId == null) {
            return null;
        }
        if (HOUSEKEEPING.matcher(routeId).find()) {
            return null; // timer-driven polls and watches would drown the message traffic in counts and timings
        }
        int dash = routeId.indexOf('-');
        return switch (dash < 0 ? routeId : routeId.substring(0, dash)) {
            case "police" -> "police";
            case "legal" -> "legal-service";
            case "court" -> "court";
            case "petition" -> "petition";
            case "grid" -> "grid";
            case "wf" -> "womens-federation";
            case "union" -> "trade-union";
            default -> null;
        };
    }
}
