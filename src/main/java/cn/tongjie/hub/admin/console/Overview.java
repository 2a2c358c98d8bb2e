package cn.tongjie.hub.admin.console;

import cn.tongjie.hub.registry.Alerts;
import cn.tongjie.hub.registry.QuarantineStore;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * What the overview page shows at a glance: agency links, messages in/out and errors per time bucket over the last
 * hour (from the timeline, the quarantine and the alerts, all stamped with the hub's clock), quarantine size,
 * deadlines due today and overdue, open alerts, disputes per status.
 */
@Component
class Overview {

    static final int BUCKETS = 12;
    static final Duration BUCKET = Duration.ofMinutes(5);
    /** Enough rows for a busy hour; beyond it the chart undercounts rather than slowing the console down. */
    private static final int MAX_ROWS = 50_000;

    private final JdbcClient jdbc;
    private final Clock clock;
    private final AgencyLinks links;
    private final DeadlineBoard deadlines;
    private final QuarantineStore quarantine;
    private final Alerts alerts;

    Overview(JdbcClient jdbc, Clock clock, AgencyLinks links, DeadlineBoard deadlines, QuarantineStore quarantine,
            Alerts alerts) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.links = links;
        this.deadlines = deadlines;
        this.quarantine = quarantine;
        this.alerts = alerts;
    }

    /**
     * @param buckets oldest first; each {start, in, out, errors}
     */
    record Snapshot(OffsetDateTime generatedAt, List<AgencyLinks.LinkState> agencies, List<Map<String, Object>> buckets,
            long inTotal, long outTotal, long errorsTotal, long quarantineOpen, long deadlinesDueToday,
            long deadlinesOverdue, long alertsOpen, List<Alerts.Alert> latestAlerts, Map<String, Long> disputesByStatus) {
    }

    @Transactional(readOnly = true)
    Snapshot snapshot() {
        OffsetDateTime now = OffsetDateTime.now(clock);
        OffsetDateTime from = now.minus(BUCKET.multipliedBy(BUCKETS));
        long[] in = new long[BUCKETS];
        long[] out = new long[BUCKETS];
        long[] errors = new long[BUCKETS];
        Map<String, Map<String, Long>> perAgency = new HashMap<>();
        jdbc.sql("select recorded_at, agency, direction from timeline_event where recorded_at >= :from limit " + MAX_ROWS)
                .param("from", from)
                .query(rs -> {
                    int b = bucket(from, rs.getObject(1, OffsetDateTime.class));
                    String dir = rs.getString(3);
                    if (b >= 0 && "IN".equals(dir)) {
                        in[b]++;
                        bump(perAgency, rs.getString(2), "in");
                    } else if (b >= 0 && "OUT".equals(dir)) {
                        out[b]++;
                        bump(perAgency, rs.getString(2), "out");
                    }
                });
        jdbc.sql("select quarantined_at, agency from quarantine where quarantined_at >= :from limit " + MAX_ROWS)
                .param("from", from)
                .query(rs -> {
                    int b = bucket(from, rs.getObject(1, OffsetDateTime.class));
                    if (b >= 0) {
                        errors[b]++;
                        bump(perAgency, rs.getString(2), "quarantined");
                    }
                });
        jdbc.sql("select at from alert where at >= :from and severity in ('ERROR', 'CRITICAL') limit " + MAX_ROWS)
                .param("from", from)
                .query(rs -> {
                    int b = bucket(from, rs.getObject(1, OffsetDateTime.class));
                    if (b >= 0) {
                        errors[b]++;
                    }
                });
        List<Map<String, Object>> buckets = new java.util.ArrayList<>();
        long inTotal = 0;
        long outTotal = 0;
        long errTotal = 0;
        for (int i = 0; i < BUCKETS; i++) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("start", from.plus(BUCKET.multipliedBy(i)).toString());
            m.put("in", in[i]);
            m.put("out", out[i]);
            m.put("errors", errors[i]);
            buckets.add(m);
            inTotal += in[i];
            outTotal += out[i];
            errTotal += errors[i];
        }
        List<DeadlineBoard.Deadline> running = deadlines.running(Integer.MAX_VALUE);
        long dueToday = running.stream().filter(d -> d.state().equals("DUE_TODAY")).count();
        long overdue = running.stream().filter(d -> d.state().equals("OVERDUE")).count();
        Map<String, Long> byStatus = new LinkedHashMap<>();
        jdbc.sql("select status, count(*) from dispute group by status order by status")
                .query(rs -> {
                    byStatus.put(rs.getString(1), rs.getLong(2));
                });
        long alertsOpen = jdbc.sql("select count(*) from alert where status = 'OPEN'").query(Long.class).single();
        return new Snapshot(now, links.states(perAgency), buckets, inTotal, outTotal, errTotal, quarantine.countOpen(),
                dueToday, overdue, alertsOpen, alerts.open(5), byStatus);
    }

    private static int bucket(OffsetDateTime from, OffsetDateTime at) {
        if (at == null) {
            return -1;
        }
        long i = Duration.between(from, at).toMillis() / BUCKET.toMillis();
        return i < 0 ? -1 : (int) Math.min(i, BUCKETS - 1);
    }

    private static void bump(Map<String, Map<String, Long>> per, String agency, String what) {
        if (agency != null) {
            per.computeIfAbsent(agency, a -> new HashMap<>()).merge(what, 1L, Long::sum);
        }
    }
}
