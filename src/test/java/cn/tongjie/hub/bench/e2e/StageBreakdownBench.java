package cn.tongjie.hub.bench.e2e;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where the end-to-end time goes, per dispute, from the hub's own store read after the hub stopped (H2 file, no
 * concurrent access): the times the hub stamped on the dispute, assignment, timeline and outbox rows, between the
 * load generator's send and its receipt of the feedback. Hub and load generator share the machine's wall clock, so the
 * stage boundaries are comparable to about a millisecond. Not a test: driven by {@link HubE2eBenchmark}.
 */
final class StageBreakdownBench {

    /** Stage names in path order; each is the time from the previous stamp to this one. */
    static final List<String> STAGES = List.of(
            "handover topic → dispute row stamped (Kafka hop, consumer, validation, de-dup lookups)",
            "→ dispute.registered on the canonical topic (rest of the intake transaction + outbox relay wait and send)",
            "→ assignment row created (triage consumer)",
            "→ 201 from legal-service handled (delivery poll wait, mapping, POST, caseNo stored)",
            "→ mediation.assigned on the canonical topic (outbox relay wait and send)",
            "→ feedback row queued (police-feedback reactor consumer)",
            "→ feedback on police.110.dispute-feedback (outbox relay wait and send)",
            "→ seen by the load generator (consumer fetch)");

    record Stage(String name, int count, double p50, double p95, double p99, double mean) {
    }

    private StageBreakdownBench() {
    }

    /**
     * @param scenarios per scenario: jjdbh → {send epoch µs, receipt epoch µs (0 = not received)}
     */
    static Map<String, List<Stage>> read(String h2Url, Map<String, Map<String, long[]>> scenarios) throws SQLException {
        Map<String, String> jjdbhOf = new HashMap<>();
        Map<String, Long> intake = new HashMap<>();
        Map<String, Long> triaged = new HashMap<>();
        Map<String, Long> created = new HashMap<>();
        Map<String, Long> registeredSent = new HashMap<>();
        Map<String, Long> assignedSent = new HashMap<>();
        Map<String, Long> feedbackQueued = new HashMap<>();
        Map<String, Long> feedbackSent = new HashMap<>();
        try (Connection c = DriverManager.getConnection(h2Url, "sa", ""); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("select dispute_id, source_ref, created_at from dispute")) {
                while (rs.next()) {
                    jjdbhOf.put(rs.getString(1), rs.getString(2));
                    intake.put(rs.getString(1), micros(rs, 3));
                }
            }
            try (ResultSet rs = s.executeQuery("select dispute_id, created_at from assignment where seq = 1")) {
                while (rs.next()) {
                    triaged.put(rs.getString(1), micros(rs, 2));
                }
            }
            try (ResultSet rs = s.executeQuery("select dispute_id, min(recorded_at) from timeline_event"
                    + " where event_type = 'LEGAL_CASE_CREATED' group by dispute_id")) {
                while (rs.next()) {
                    created.put(rs.getString(1), micros(rs, 2));
                }
            }
            try (ResultSet rs = s.executeQuery("select msg_key, destination, created_at, sent_at,"
                    + " case when payload like '%\"cn.tongjie.dispute.registered.v%' then 'R'"
                    + " when payload like '%\"cn.tongjie.mediation.assigned.v%' then 'A' else '-' end"
                    + " from outbox")) {
                while (rs.next()) {
                    String key = rs.getString(1);
                    String dest = rs.getString(2);
                    String type = rs.getString(5);
                    if ("police-feedback".equals(dest)) {
                        feedbackQueued.putIfAbsent(key, micros(rs, 3)); // key = jjdbh; the first row is czjg 01
                        if (rs.getObject(4) != null) {
                            feedbackSent.putIfAbsent(key, micros(rs, 4));
                        }
                    } else if ("R".equals(type) && rs.getObject(4) != null) {
                        registeredSent.put(key, micros(rs, 4));
                    } else if ("A".equals(type) && rs.getObject(4) != null) {
                        assignedSent.putIfAbsent(key, micros(rs, 4));
                    }
                }
            }
        }
        Map<String, String> disputeOf = new HashMap<>();
        jjdbhOf.forEach((d, j) -> disputeOf.put(j, d));

        Map<String, List<Stage>> out = new LinkedHashMap<>();
        scenarios.forEach((name, records) -> {
            List<long[]> perStage = new ArrayList<>();
            for (int k = 0; k < STAGES.size(); k++) {
                perStage.add(new long[records.size()]);
            }
            int[] counts = new int[STAGES.size()];
            records.forEach((jjdbh, t) -> {
                String d = disputeOf.get(jjdbh);
                if (d == null || t[1] == 0) {
                    return; // only disputes that completed the whole path
                }
                long[] stamps = {t[0], get(intake, d), get(registeredSent, d), get(triaged, d), get(created, d),
                        get(assignedSent, d), get(feedbackQueued, jjdbh), get(feedbackSent, jjdbh), t[1]};
                for (int k = 0; k < STAGES.size(); k++) {
                    if (stamps[k] > 0 && stamps[k + 1] > 0) {
                        perStage.get(k)[counts[k]++] = stamps[k + 1] - stamps[k];
                    }
                }
            });
            List<Stage> stages = new ArrayList<>();
            for (int k = 0; k < STAGES.size(); k++) {
                long[] v = Arrays.copyOf(perStage.get(k), counts[k]);
                Arrays.sort(v);
                stages.add(new Stage(STAGES.get(k), v.length, pct(v, 0.50), pct(v, 0.95), pct(v, 0.99),
                        v.length == 0 ? Double.NaN : Arrays.stream(v).average().orElse(0) / 1000.0));
            }
            out.put(name, stages);
        });
        return out;
    }

    private static long get(Map<String, Long> m, String k) {
        Long v = m.get(k);
        return v == null ? 0 : v;
    }

    private static long micros(ResultSet rs, int col) throws SQLException {
        OffsetDateTime t = rs.getObject(col, OffsetDateTime.class);
        return t == null ? 0 : t.toEpochSecond() * 1_000_000L + t.getNano() / 1_000;
    }

    /** Nearest-rank percentile of sorted microseconds, in milliseconds. */
    private static double pct(long[] sortedMicros, double q) {
        if (sortedMicros.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(q * sortedMicros.length);
        return sortedMicros[Math.max(0, Math.min(sortedMicros.length - 1, rank - 1))] / 1000.0;
    }
}
