package cn.tongjie.hub.registry;

import cn.tongjie.hub.registry.TimelineEntry.Direction;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The registry: one row per real-world dispute, its cross-references to every agency id, its earlier snapshots and its
 * timeline. Callers hold the transaction (services are {@code @Transactional}); this class only reads and writes rows.
 */
@Repository
public class DisputeRegistry {

    private static final com.fasterxml.jackson.databind.ObjectMapper SNAPSHOTS =
            new com.fasterxml.jackson.databind.ObjectMapper();
    private final JdbcClient jdbc;
    private final Clock clock;

    DisputeRegistry(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    public OffsetDateTime now() {
        return OffsetDateTime.now(clock);
    }

    public void create(Dispute d) {
        jdbc.sql("""
                insert into dispute (dispute_id, status, outcome, category, region_code, source_agency, source_channel,
                  source_ref, source_version, urgent, mass, final_fed_back, snapshot, created_at, updated_at)
                values (:id, :status, :outcome, :category, :region, :agency, :channel, :ref, :version, :urgent, :mass,
                  :fed, :snapshot, :created, :updated)""")
                .param("id", d.disputeId()).param("status", d.status().name()).param("outcome", d.outcome())
                .param("category", d.category()).param("region", d.regionCode()).param("agency", d.sourceAgency())
                .param("channel", d.sourceChannel()).param("ref", d.sourceRef()).param("version", d.sourceVersion())
                .param("urgent", d.urgent()).param("mass", d.mass()).param("fed", d.finalFedBack())
                .param("snapshot", d.snapshot()).param("created", d.createdAt()).param("updated", d.updatedAt())
                .update();
        indexParties(d.disputeId(), d.regionCode(), d.snapshot());
    }

    /**
     * Adds a report's party keys ({@link PartyKeys}) to a dispute's entries in the correlation index: the dispute's own
     * snapshot (on create and replace, here) and the reports of other channels attached to it (by correlation).
     */
    public void indexParties(String disputeId, String regionCode, String snapshot) {
        Optional<String> township = PartyKeys.township(regionCode);
        Set<String> keys = PartyKeys.of(snapshot);
        if (township.isEmpty() || keys.isEmpty()) {
            return;
        }
        Set<String> held = new HashSet<>(jdbc.sql("""
                select key_hash from dispute_party_key where dispute_id = :d and township = :t""")
                .param("d", disputeId).param("t", township.get()).query(String.class).list());
        for (String k : keys) {
            if (!held.contains(k)) {
                jdbc.sql("insert into dispute_party_key (township, key_hash, dispute_id) values (:t, :k, :d)")
                        .param("t", township.get()).param("k", k).param("d", disputeId).update();
            }
        }
    }

    public Optional<Dispute> find(String disputeId) {
        return jdbc.sql("select * from dispute where dispute_id = :id").param("id", disputeId)
                .query(DisputeRegistry::mapDispute).optional();
    }

    /** Reads the row with a write lock, so concurrent updates of one dispute serialise. */
    public Optional<Dispute> findForUpdate(String disputeId) {
        return jdbc.sql("select * from dispute where dispute_id = :id for update").param("id", disputeId)
                .query(DisputeRegistry::mapDispute).optional();
    }

    public Optional<Dispute> findByXref(String agency, String refType, String ref) {
        return jdbc.sql("""
                select d.* from dispute d join dispute_xref x on x.dispute_id = d.dispute_id
                where x.agency = :agency and x.ref_type = :type and x.ref = :ref""")
                .param("agency", agency).param("type", refType).param("ref", ref)
                .query(DisputeRegistry::mapDispute).optional();
    }

    public void addXref(String disputeId, String agency, String refType, String ref) {
        boolean exists = jdbc.sql("select count(*) from dispute_xref where agency = :a and ref_type = :t and ref = :r")
                .param("a", agency).param("t", refType).param("r", ref).query(Integer.class).single() > 0;
        if (!exists) {
            jdbc.sql("""
                    insert into dispute_xref (agency, ref_type, ref, dispute_id, created_at)
                    values (:a, :t, :r, :id, :at)""")
                    .param("a", agency).param("t", refType).param("r", ref).param("id", disputeId).param("at", now())
                    .update();
        }
    }

    /** Whether the dispute carries a reference of this agency (its origin's, or one attached by correlation). */
    public boolean hasXrefOf(String disputeId, String agency) {
        return jdbc.sql("select count(*) from dispute_xref where dispute_id = :id and agency = :a")
                .param("id", disputeId).param("a", agency).query(Integer.class).single() > 0;
    }

    /** This agency's reference of the given type on the dispute (the origin's, or one attached by correlation). */
    public Optional<String> refOf(String disputeId, String agency, String refType) {
        return jdbc.sql("""
                select ref from dispute_xref where dispute_id = :id and agency = :a and ref_type = :t
                order by created_at fetch first 1 rows only""")
                .param("id", disputeId).param("a", agency).param("t", refType).query(String.class).optional();
    }

    /** Moves one cross-reference to another dispute (an undone correlation). */
    public void moveXref(String agency, String refType, String ref, String toDisputeId) {
        jdbc.sql("update dispute_xref set dispute_id = :to where agency = :a and ref_type = :t and ref = :r")
                .param("to", toDisputeId).param("a", agency).param("t", refType).param("r", ref).update();
    }

    /**
     * Disputes not yet ended in a township registered since the given time that share a party key with a report and
     * carry no reference of the given agency yet: correlation candidates for a report of that agency (a channel never
     * reports one dispute twice, so a dispute it is on already is no candidate). Found through the party-key index: in
     * a busy township nearly every open dispute is about other people, and reading each of them made every report
     * cost as much as there were open disputes there (docs/benchmarks.md).
     */
    public List<Dispute> openSharingParties(String township, Collection<String> keys, OffsetDateTime since,
            String withoutAgency) {
        if (keys.isEmpty()) {
            return List.of();
        }
        // a join driven by the key index (an IN sub-query made H2 walk the township's disputes instead); a dispute
        // sharing several keys comes once per key, hence the de-duplication
        Map<String, Dispute> out = new java.util.LinkedHashMap<>();
        jdbc.sql("""
                select d.* from dispute_party_key k join dispute d on d.dispute_id = k.dispute_id
                where k.township = :t and k.key_hash in (:keys)
                and d.region_code like :r and d.created_at >= :since
                and d.status not in ('CONCLUDED', 'UNRESOLVED')
                and not exists (select 1 from dispute_xref x where x.dispute_id = d.dispute_id and x.agency = :a)
                order by d.created_at, d.dispute_id""")
                .param("t", township).param("keys", keys).param("r", township + "%").param("since", since)
                .param("a", withoutAgency).query(DisputeRegistry::mapDispute).list()
                .forEach(d -> out.putIfAbsent(d.disputeId(), d));
        return new ArrayList<>(out.values());
    }

    /** Moves the facts with this prefix to another dispute (a split-out report keeps what its channel was told). */
    public void moveFacts(String fromDisputeId, String toDisputeId, String factPrefix) {
        jdbc.sql("update dispute_fact set dispute_id = :to where dispute_id = :from and fact like :p")
                .param("to", toDisputeId).param("from", fromDisputeId).param("p", factPrefix + "%").update();
    }

    public List<Xref> xrefs(String disputeId) {
        return jdbc.sql("select agency, ref_type, ref from dispute_xref where dispute_id = :id order by created_at, agency")
                .param("id", disputeId)
                .query((rs, n) -> new Xref(rs.getString("agency"), rs.getString("ref_type"), rs.getString("ref")))
                .list();
    }

    public void replaceSnapshot(Dispute current, String newSnapshot, String newVersion, String category,
            String regionCode, boolean urgent, boolean mass) {
        jdbc.sql("""
                insert into dispute_snapshot_history (dispute_id, source_version, snapshot, replaced_at)
                values (:id, :v, :s, :at)""")
                .param("id", current.disputeId()).param("v", current.sourceVersion()).param("s", current.snapshot())
                .param("at", now()).update();
        jdbc.sql("""
                update dispute set snapshot = :s, source_version = :v, category = :c, region_code = :r,
                  urgent = :u, mass = :m, updated_at = :at where dispute_id = :id""")
                .param("s", newSnapshot).param("v", newVersion).param("c", category).param("r", regionCode)
                .param("u", urgent).param("m", mass).param("at", now()).param("id", current.disputeId()).update();
        indexParties(current.disputeId(), regionCode, newSnapshot);
    }

    /** Keeps a snapshot in history without making it current (a correction after the final feedback, police §4.2.5). */
    public void keepInHistory(String disputeId, String snapshot, String version) {
        jdbc.sql("""
                insert into dispute_snapshot_history (dispute_id, source_version, snapshot, replaced_at)
                values (:id, :v, :s, :at)""")
                .param("id", disputeId).param("v", version).param("s", snapshot).param("at", now()).update();
    }

    public List<SnapshotVersion> history(String disputeId) {
        return jdbc.sql("""
                select source_version, snapshot, replaced_at from dispute_snapshot_history
                where dispute_id = :id order by id""")
                .param("id", disputeId)
                .query((rs, n) -> new SnapshotVersion(rs.getString(1), rs.getString(2),
                        rs.getObject(3, OffsetDateTime.class)))
                .list();
    }

    public void updateStatus(String disputeId, DisputeStatus status, String outcome) {
        jdbc.sql("update dispute set status = :s, outcome = coalesce(:o, outcome), updated_at = :at where dispute_id = :id")
                .param("s", status.name()).param("o", outcome).param("at", now()).param("id", disputeId).update();
    }

    public void markFinalFedBack(String disputeId) {
        jdbc.sql("update dispute set final_fed_back = true, updated_at = :at where dispute_id = :id")
                .param("at", now()).param("id", disputeId).update();
    }

    public void addTimeline(String disputeId, OffsetDateTime occurredAt, String eventType, String agency,
            Direction direction, String summary, String payload) {
        jdbc.sql("""
                insert into timeline_event (dispute_id, occurred_at, recorded_at, event_type, agency, direction, summary, payload)
                values (:id, :occ, :rec, :type, :agency, :dir, :summary, :payload)""")
                .param("id", disputeId).param("occ", occurredAt).param("rec", now()).param("type", eventType)
                .param("agency", agency).param("dir", direction.name())
                .param("summary", summary.length() > 500 ? summary.substring(0, 500) : summary)
                .param("payload", payload).update();
    }

    public List<TimelineEntry> timeline(String disputeId) {
        return jdbc.sql("select * from timeline_event where dispute_id = :id order by occurred_at, id")
                .param("id", disputeId)
                .query((rs, n) -> new TimelineEntry(rs.getLong("id"), rs.getString("dispute_id"),
                        rs.getObject("occurred_at", OffsetDateTime.class),
                        rs.getObject("recorded_at", OffsetDateTime.class), rs.getString("event_type"),
                        rs.getString("agency"), Direction.valueOf(rs.getString("direction")), rs.getString("summary"),
                        rs.getString("payload")))
                .list();
    }

    /** Records a fact once; true when it is new (the caller then acts on it), false when it was already recorded. */
    public boolean recordFact(String disputeId, String fact) {
        boolean exists = jdbc.sql("select count(*) from dispute_fact where dispute_id = :id and fact = :f")
                .param("id", disputeId).param("f", fact).query(Integer.class).single() > 0;
        if (exists) {
            return false;
        }
        jdbc.sql("insert into dispute_fact (dispute_id, fact, created_at) values (:id, :f, :at)")
                .param("id", disputeId).param("f", fact).param("at", now()).update();
        return true;
    }

    public boolean hasFact(String disputeId, String fact) {
        return jdbc.sql("select count(*) from dispute_fact where dispute_id = :id and fact = :f")
                .param("id", disputeId).param("f", fact).query(Integer.class).single() > 0;
    }

    /** Search for the admin API; every filter is optional. */
    public List<Dispute> search(DisputeQuery q) {
        StringBuilder sql = new StringBuilder("select d.* from dispute d where 1 = 1");
        Map<String, Object> params = new java.util.HashMap<>();
        if (q.ref() != null) {
            // court numbers are kept with ASCII parentheses (court contract §5): （2026）… finds (2026)… too
            sql.append(" and (d.dispute_id = :ref or exists (select 1 from dispute_xref x where x.dispute_id = d.dispute_id and x.ref in (:ref, :refNorm)")
                    .append(q.agency() != null ? " and x.agency = :agency" : "").append("))");
            params.put("ref", q.ref());
            params.put("refNorm", cn.tongjie.hub.common.CaseNumbers.normalise(q.ref()));
        } else if (q.agency() != null) {
            sql.append(" and exists (select 1 from dispute_xref x where x.dispute_id = d.dispute_id and x.agency = :agency)");
        }
        if (q.agency() != null) {
            params.put("agency", q.agency());
        }
        if (q.status() != null) {
            sql.append(" and d.status = :status");
            params.put("status", q.status());
        }
        if (q.region() != null) {
            sql.append(" and d.region_code like :region");
            params.put("region", q.region() + "%");
        }
        if (q.from() != null) {
            sql.append(" and d.created_at >= :from");
            params.put("from", q.from());
        }
        if (q.to() != null) {
            sql.append(" and d.created_at < :to");
            params.put("to", q.to());
        }
        int limit = Math.max(1, Math.min(q.limit(), 500));
        if (q.party() != null) {
            // a cheap text pre-filter in the database, then the exact check on the parties' names
            sql.append(" and d.snapshot like :party escape '\\'");
            params.put("party", "%" + q.party().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%");
        }
        sql.append(" order by d.created_at desc, d.dispute_id desc");
        sql.append(" limit ").append(q.party() != null ? 2000 : limit);
        List<Dispute> found = jdbc.sql(sql.toString()).params(params).query(DisputeRegistry::mapDispute).list();
        if (q.party() == null) {
            return found;
        }
        return found.stream().filter(d -> namesParty(d.snapshot(), q.party())).limit(limit).toList();
    }

    private boolean namesParty(String snapshot, String name) {
        try {
            for (com.fasterxml.jackson.databind.JsonNode p : SNAPSHOTS.readTree(snapshot).path("parties")) {
                if (p.path("name").asText("").contains(name)) {
                    return true;
                }
            }
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return false; // a stored snapshot is always JSON; never expected
        }
        return false;
    }

    public List<String> statusCounts() {
        List<String> out = new ArrayList<>();
        jdbc.sql("select status, count(*) from dispute group by status order by status")
                .query(rs -> {
                    out.add(rs.getString(1) + "=" + rs.getLong(2));
                });
        return out;
    }

    static Dispute mapDispute(ResultSet rs, int n) throws SQLException {
        return new Dispute(rs.getString("dispute_id"), DisputeStatus.valueOf(rs.getString("status")),
                rs.getString("outcome"), rs.getString("category"), rs.getString("region_code"),
                rs.getString("source_agency"), rs.getString("source_channel"), rs.getString("source_ref"),
                rs.getString("source_version"), rs.getBoolean("urgent"), rs.getBoolean("mass"),
                rs.getBoolean("final_fed_back"), rs.getString("snapshot"),
                rs.getObject("created_at", OffsetDateTime.class), rs.getObject("updated_at", OffsetDateTime.class));
    }

    public record Xref(String agency, String refType, String ref) {
    }

    public record SnapshotVersion(String sourceVersion, String snapshot, OffsetDateTime replacedAt) {
    }

    /**
     * @param party a party's name or part of it (matched against the parties of the dispute's snapshot); only for
     *              roles that may see personal data — the caller checks
     * @param from  created at or after (inclusive), or null
     * @param to    created before (exclusive), or null
     */
    public record DisputeQuery(String ref, String agency, String status, String region, int limit, String party,
            OffsetDateTime from, OffsetDateTime to) {

        public DisputeQuery(String ref, String agency, String status, String region, int limit) {
            this(ref, agency, status, region, limit, null, null, null);
        }
    }
}
