package cn.tongjie.hub.warning;

import cn.tongjie.hub.warning.WorkerCount.DisputeWorkers;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The early-warning tables (V11). Callers hold the transaction. */
@Repository
class EarlyWarningStore {

    private final JdbcClient jdbc;

    EarlyWarningStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Idempotent consumer: true the first time an event id is seen (recorded in the caller's transaction). */
    boolean firstTime(String eventId, OffsetDateTime now) {
        boolean seen = jdbc.sql("select count(*) from ew_processed_event where event_id = :id").param("id", eventId)
                .query(Integer.class).single() > 0;
        if (seen) {
            return false;
        }
        jdbc.sql("insert into ew_processed_event (event_id, processed_at) values (:id, :at)")
                .param("id", eventId).param("at", now).update();
        return true;
    }

    /**
     * Stores what the rules know of a dispute; false, and nothing written, when the stored observation has the same
     * {@code fingerprint} (V27): then the event changes nothing the rules or any alert's evidence look at.
     */
    boolean save(Observation o, String fingerprint, OffsetDateTime now) {
        List<String> stored = jdbc.sql("select fingerprint from ew_observation where dispute_id = :d")
                .param("d", o.disputeId()).query(String.class).list();
        if (!stored.isEmpty() && fingerprint.equals(stored.get(0))) {
            return false;
        }
        jdbc.sql("delete from ew_observation_worker where dispute_id = :d").param("d", o.disputeId()).update();
        jdbc.sql("delete from ew_observation where dispute_id = :d").param("d", o.disputeId()).update();
        jdbc.sql("""
                insert into ew_observation (dispute_id, category, source_agency, township, employer_code, employer_name,
                  employer_norm, head_count, observed_at, updated_at, fingerprint)
                values (:d, :c, :a, :t, :code, :name, :norm, :head, :at, :now, :fp)""")
                .param("d", o.disputeId()).param("c", o.category()).param("a", o.sourceAgency())
                .param("t", o.township()).param("code", o.employerCode())
                .param("name", o.employerName() == null ? null : cut(o.employerName(), 200))
                .param("norm", o.employerNorm() == null ? null : cut(o.employerNorm(), 200))
                .param("head", o.workers().headCount()).param("at", o.observedAt()).param("now", now)
                .param("fp", fingerprint).update();
        for (String h : o.workers().idHashes()) {
            jdbc.sql("insert into ew_observation_worker (dispute_id, id_hash) values (:d, :h)")
                    .param("d", o.disputeId()).param("h", h).update();
        }
        return true;
    }

    /** A stored observation, without its worker hashes. */
    record Member(String disputeId, String category, String sourceAgency, String township, String employerCode,
            String employerName, String employerNorm, int headCount, OffsetDateTime observedAt) {
    }

    /** The 统一社会信用代码 some report gave for a company of this normalised name, if any. */
    Optional<String> codeForName(String norm) {
        return jdbc.sql("""
                select employer_code from ew_observation where employer_norm = :n and employer_code is not null
                order by observed_at, dispute_id""").param("n", norm).query(String.class).list().stream().findFirst();
    }

    /**
     * Disputes reported since {@code since} against the employer: those with its code, and those with only a name
     * that some report gave together with that code (or, without a code, those with the same normalised name).
     */
    List<Member> employerMembers(String code, String norm, OffsetDateTime since) {
        if (code == null) {
            return jdbc.sql("select * from ew_observation where employer_norm = :n and observed_at >= :since "
                    + "order by observed_at, dispute_id")
                    .param("n", norm).param("since", since).query(EarlyWarningStore::member).list();
        }
        Set<String> names = new LinkedHashSet<>(jdbc.sql("select distinct employer_norm from ew_observation "
                + "where employer_code = :c and employer_norm is not null").param("c", code).query(String.class).list());
        if (norm != null) {
            names.add(norm);
        }
        String byName = names.isEmpty() ? "" : " or (employer_code is null and employer_norm in (:names))";
        var q = jdbc.sql("select * from ew_observation where observed_at >= :since and (employer_code = :c" + byName
                + ") order by observed_at, dispute_id").param("since", since).param("c", code);
        if (!names.isEmpty()) {
            q = q.param("names", names);
        }
        return q.query(EarlyWarningStore::member).list();
    }

    List<Member> townshipMembers(String township, OffsetDateTime from, OffsetDateTime to) {
        return jdbc.sql("select * from ew_observation where township = :t and observed_at >= :f and observed_at < :to "
                + "order by observed_at, dispute_id")
                .param("t", township).param("f", from).param("to", to).query(EarlyWarningStore::member).list();
    }

    /**
     * How many disputes of the township were reported in [from, to) in the given categories (all when empty): the
     * township rule's counts, without reading the members.
     */
    int countTownship(String township, OffsetDateTime from, OffsetDateTime to, List<String> categories) {
        boolean all = categories == null || categories.isEmpty();
        var q = jdbc.sql("select count(*) from ew_observation where township = :t and observed_at >= :f "
                + "and observed_at < :to" + (all ? "" : " and category in (:cats)"))
                .param("t", township).param("f", from).param("to", to);
        if (!all) {
            q = q.param("cats", categories);
        }
        return q.query(Integer.class).single();
    }

    /**
     * The workers of the township's disputes reported in [from, to) in the given categories (all when empty), counted
     * as {@link WorkerCount#ofCluster} does — distinct ID hashes or the largest head count — without reading them.
     */
    int townshipWorkers(String township, OffsetDateTime from, OffsetDateTime to, List<String> categories) {
        boolean all = categories == null || categories.isEmpty();
        String window = " where o.township = :t and o.observed_at >= :f and o.observed_at < :to"
                + (all ? "" : " and o.category in (:cats)");
        var q = jdbc.sql("select (select count(distinct w.id_hash) from ew_observation o join ew_observation_worker w "
                + "on w.dispute_id = o.dispute_id" + window + "), (select coalesce(max(o.head_count), 0) "
                + "from ew_observation o" + window + ")").param("t", township).param("f", from).param("to", to);
        if (!all) {
            q = q.param("cats", categories);
        }
        return q.query((rs, n) -> Math.max(rs.getInt(1), rs.getInt(2))).single();
    }

    /** The stored observation of one dispute, as a cluster member. */
    Optional<Member> observation(String disputeId) {
        return jdbc.sql("select * from ew_observation where dispute_id = :d").param("d", disputeId)
                .query(EarlyWarningStore::member).optional();
    }

    /** Whether the stored observation of the dispute was reported in [from, to). */
    boolean observedBetween(String disputeId, OffsetDateTime from, OffsetDateTime to) {
        return jdbc.sql("select count(*) from ew_observation where dispute_id = :d and observed_at >= :f "
                + "and observed_at < :to").param("d", disputeId).param("f", from).param("to", to)
                .query(Integer.class).single() > 0;
    }

    /** Per dispute: its stored head count and worker hashes. */
    List<DisputeWorkers> workers(List<Member> members) {
        if (members.isEmpty()) {
            return List.of();
        }
        Map<String, Set<String>> hashes = new HashMap<>();
        List<String> ids = members.stream().map(Member::disputeId).toList();
        jdbc.sql("select dispute_id, id_hash from ew_observation_worker where dispute_id in (:ids)").param("ids", ids)
                .query(rs -> {
                    hashes.computeIfAbsent(rs.getString(1), k -> new LinkedHashSet<>()).add(rs.getString(2));
                });
        return members.stream().map(m -> new DisputeWorkers(m.disputeId(),
                hashes.getOrDefault(m.disputeId(), Set.of()), m.headCount())).toList();
    }

    /** Forgets processed event ids and observations no rule can look at any more; returns rows deleted. */
    int prune(OffsetDateTime eventsBefore, OffsetDateTime observationsBefore) {
        int n = jdbc.sql("delete from ew_processed_event where processed_at < :t").param("t", eventsBefore).update();
        n += jdbc.sql("delete from ew_observation_worker where dispute_id in (select dispute_id from ew_observation "
                + "where observed_at < :t)").param("t", observationsBefore).update();
        n += jdbc.sql("delete from ew_observation where observed_at < :t").param("t", observationsBefore).update();
        return n;
    }

    // ------------------------------------------------------------------------------------------------ alerts

    record AlertRow(String alertId, String rule, String clusterKey, int episode, String title, String employerCode,
            String employerName, String township, int workers, int disputes, String sources, String evidence,
            String status, OffsetDateTime raisedAt, OffsetDateTime updatedAt, int version) {
    }

    /**
     * The alert a cluster already has: same rule, still active (updated since {@code activeSince}), and either the
     * same cluster key or at least one dispute in common (a name-only cluster that later learned its code).
     */
    Optional<AlertRow> activeAlert(String rule, String clusterKey, Collection<String> disputeIds,
            OffsetDateTime activeSince) {
        String overlap = disputeIds.isEmpty() ? "" : " or exists (select 1 from ew_alert_dispute x "
                + "where x.alert_id = a.alert_id and x.dispute_id in (:ids))";
        var q = jdbc.sql("select a.* from ew_alert a where a.rule = :rule and a.updated_at >= :since "
                + "and (a.cluster_key = :key" + overlap + ") order by a.raised_at, a.alert_id")
                .param("rule", rule).param("since", activeSince).param("key", clusterKey);
        if (!disputeIds.isEmpty()) {
            q = q.param("ids", disputeIds);
        }
        return q.query(EarlyWarningStore::alert).list().stream().findFirst();
    }

    int nextEpisode(String rule, String clusterKey) {
        return jdbc.sql("select coalesce(max(episode), 0) + 1 from ew_alert where rule = :r and cluster_key = :k")
                .param("r", rule).param("k", clusterKey).query(Integer.class).single();
    }

    /** Fails on the unique (rule, cluster_key, episode) when another node raised the same cluster first. */
    void insert(AlertRow a) {
        jdbc.sql("""
                insert into ew_alert (alert_id, rule, cluster_key, episode, title, employer_code, employer_name, township,
                  workers, disputes, sources, evidence, status, raised_at, updated_at, version)
                values (:id, :rule, :key, :ep, :title, :code, :name, :t, :w, :d, :s, :e, :st, :r, :u, :v)""")
                .param("id", a.alertId()).param("rule", a.rule()).param("key", cut(a.clusterKey(), 250))
                .param("ep", a.episode()).param("title", cut(a.title(), 300)).param("code", a.employerCode())
                .param("name", a.employerName() == null ? null : cut(a.employerName(), 200)).param("t", a.township())
                .param("w", a.workers()).param("d", a.disputes()).param("s", cut(a.sources(), 300))
                .param("e", a.evidence()).param("st", a.status()).param("r", a.raisedAt()).param("u", a.updatedAt())
                .param("v", a.version()).update();
    }

    void update(AlertRow a) {
        jdbc.sql("""
                update ew_alert set title = :title, employer_code = :code, employer_name = :name, workers = :w,
                  disputes = :d, sources = :s, evidence = :e, updated_at = :u, version = :v where alert_id = :id""")
                .param("title", cut(a.title(), 300)).param("code", a.employerCode())
                .param("name", a.employerName() == null ? null : cut(a.employerName(), 200)).param("w", a.workers())
                .param("d", a.disputes()).param("s", cut(a.sources(), 300)).param("e", a.evidence())
                .param("u", a.updatedAt()).param("v", a.version()).param("id", a.alertId()).update();
    }

    Set<String> members(String alertId) {
        return new LinkedHashSet<>(jdbc.sql("select dispute_id from ew_alert_dispute where alert_id = :a order by added_at")
                .param("a", alertId).query(String.class).list());
    }

    /**
     * The first disputes the alert holds, in the order {@link #members} gives them (ties of one raise by dispute id,
     * as the database's sort of the primary key gave them), without reading all of a large surge's members.
     */
    List<String> firstMembers(String alertId, int limit) {
        // alert_id in the order (one value here) lets H2 read ew_alert_dispute_order_idx in order and stop at the limit
        return jdbc.sql("select dispute_id from ew_alert_dispute where alert_id = :a "
                + "order by alert_id, added_at, dispute_id limit " + Math.max(1, limit)).param("a", alertId)
                .query(String.class).list();
    }

    int memberCount(String alertId) {
        return jdbc.sql("select count(*) from ew_alert_dispute where alert_id = :a").param("a", alertId)
                .query(Integer.class).single();
    }

    boolean isMember(String alertId, String disputeId) {
        return jdbc.sql("select count(*) from ew_alert_dispute where alert_id = :a and dispute_id = :d")
                .param("a", alertId).param("d", disputeId).query(Integer.class).single() > 0;
    }

    void addMember(String alertId, String disputeId, OffsetDateTime now) {
        jdbc.sql("insert into ew_alert_dispute (alert_id, dispute_id, added_at) values (:a, :d, :at)")
                .param("a", alertId).param("d", disputeId).param("at", now).update();
    }

    List<AlertRow> alerts(int limit) {
        return jdbc.sql("select * from ew_alert order by raised_at desc, alert_id limit " + Math.max(1, Math.min(limit, 500)))
                .query(EarlyWarningStore::alert).list();
    }

    Optional<AlertRow> alert(String alertId) {
        return jdbc.sql("select * from ew_alert where alert_id = :a").param("a", alertId)
                .query(EarlyWarningStore::alert).optional();
    }

    void setStatus(String alertId, String status, OffsetDateTime now) {
        jdbc.sql("update ew_alert set status = :s, updated_at = :u, version = version + 1 where alert_id = :a")
                .param("s", status).param("u", now).param("a", alertId).update();
    }

    // ------------------------------------------------------------------------------------------------ webhook

    void enqueueWebhook(String alertId, String payload, OffsetDateTime now) {
        jdbc.sql("""
                insert into ew_webhook (alert_id, payload, status, attempts, next_attempt_at)
                values (:a, :p, 'PENDING', 0, :now)""").param("a", alertId).param("p", payload).param("now", now).update();
    }

    record WebhookRow(String alertId, String payload, int attempts) {
    }

    /** Due POSTs, and those a node claimed but never finished (it died) once {@code reclaimBefore} has passed. */
    List<WebhookRow> dueWebhooks(OffsetDateTime now, OffsetDateTime reclaimBefore, int limit) {
        return jdbc.sql("""
                select alert_id, payload, attempts from ew_webhook
                where (status = 'PENDING' and next_attempt_at <= :now) or (status = 'SENDING' and claimed_at < :stale)
                order by next_attempt_at""" + " limit " + limit)
                .param("now", now).param("stale", reclaimBefore)
                .query((rs, n) -> new WebhookRow(rs.getString(1), rs.getString(2), rs.getInt(3))).list();
    }

    /** Claims one POST for this node; false when another node claimed it first. */
    boolean claim(String alertId, int attempts, OffsetDateTime now, OffsetDateTime reclaimBefore) {
        return jdbc.sql("update ew_webhook set status = 'SENDING', claimed_at = :now where alert_id = :a "
                + "and attempts = :n and (status = 'PENDING' or (status = 'SENDING' and claimed_at < :stale))")
                .param("now", now).param("a", alertId).param("n", attempts).param("stale", reclaimBefore)
                .update() == 1;
    }

    void webhookSent(String alertId, OffsetDateTime now) {
        jdbc.sql("update ew_webhook set status = 'SENT', sent_at = :now, attempts = attempts + 1, last_error = null "
                + "where alert_id = :a").param("now", now).param("a", alertId).update();
    }

    void webhookFailed(String alertId, String error, OffsetDateTime next, boolean giveUp) {
        jdbc.sql("update ew_webhook set status = :s, attempts = attempts + 1, next_attempt_at = :next, "
                + "last_error = :e where alert_id = :a")
                .param("s", giveUp ? "FAILED" : "PENDING").param("next", next).param("e", cut(error, 1000))
                .param("a", alertId).update();
    }

    Map<String, String> webhookStatus(Collection<String> alertIds) {
        Map<String, String> out = new LinkedHashMap<>();
        if (alertIds.isEmpty()) {
            return out;
        }
        jdbc.sql("select alert_id, status from ew_webhook where alert_id in (:ids)").param("ids", alertIds)
                .query(rs -> {
                    out.put(rs.getString(1), rs.getString(2));
                });
        return out;
    }

    private static Member member(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
        return new Member(rs.getString("dispute_id"), rs.getString("category"), rs.getString("source_agency"),
                rs.getString("township"), rs.getString("employer_code"), rs.getString("employer_name"),
                rs.getString("employer_norm"), rs.getInt("head_count"),
                rs.getObject("observed_at", OffsetDateTime.class));
    }

    private static AlertRow alert(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
        return new AlertRow(rs.getString("alert_id"), rs.getString("rule"), rs.getString("cluster_key"),
                rs.getInt("episode"), rs.getString("title"), rs.getString("employer_code"),
                rs.getString("employer_name"), rs.getString("township"), rs.getInt("workers"), rs.getInt("disputes"),
                rs.getString("sources"), rs.getString("evidence"), rs.getString("status"),
                rs.getObject("raised_at", OffsetDateTime.class), rs.getObject("updated_at", OffsetDateTime.class),
                rs.getInt("version"));
    }

    private static String cut(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }

    static List<String> split(String csv) {
        List<String> out = new ArrayList<>();
        if (csv != null) {
            for (String s : csv.split(",")) {
                if (!s.isBlank()) {
                    out.add(s.trim());
                }
            }
        }
        return out;
    }
}
