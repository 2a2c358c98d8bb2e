package cn.tongjie.hub.correlation;

import cn.tongjie.hub.canonical.CanonicalEvents;
import cn.tongjie.hub.canonical.EventData;
import cn.tongjie.hub.canonical.EventType;
import cn.tongjie.hub.common.ErrorCode;
import cn.tongjie.hub.common.HubException;
import cn.tongjie.hub.correlation.CorrelationMatcher.Report;
import cn.tongjie.hub.registry.Alerts;
import cn.tongjie.hub.registry.Dispute;
import cn.tongjie.hub.registry.DisputeRegistry;
import cn.tongjie.hub.registry.PartyKeys;
import cn.tongjie.hub.registry.TimelineEntry.Direction;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Cross-channel correlation: the one place where every intake registers a new report. The report either becomes a
 * new dispute (as before) or, when exactly one open dispute of another channel is the same dispute
 * ({@link CorrelationMatcher}), it is attached to that dispute: its reference becomes a cross-reference, the timeline
 * says so and DISPUTE_CORRELATED is published — never DISPUTE_REGISTERED, so triage does not run a second time.
 * Several matching disputes are ambiguous: nothing is merged and an operator is told.
 * <p>
 * Multi-node: a row in correlation_lock per township and party key ({@link PartyKeys}; the keys share
 * {@value #LOCK_BUCKETS} rows per township) is locked (select … for update) before the candidates are read, so two
 * nodes registering reports that may be the same dispute — they share a party — serialise and the second sees the
 * first's dispute (READ COMMITTED: its next statement sees what the first committed); reports about other people in the
 * same township do not wait for each other.
 */
@Service
@EnableConfigurationProperties(CorrelationProperties.class)
public class Correlation {

    private static final Logger log = LoggerFactory.getLogger(Correlation.class);
    /** Lock rows per township (lock key township:000 … township:255, within correlation_lock's 15 characters). */
    static final int LOCK_BUCKETS = 256;

    /** What became of a report: its dispute, and whether that dispute was created for it (false: correlated). */
    public record Registration(String disputeId, boolean created, String matchedOn) {
    }

    private final JdbcClient jdbc;
    private final DisputeRegistry registry;
    private final CanonicalEvents events;
    private final Alerts alerts;
    private final ObjectMapper mapper;
    private final CorrelationProperties props;
    private final CorrelationMatcher matcher;
    private final TransactionTemplate ownTransaction;

    Correlation(JdbcClient jdbc, DisputeRegistry registry, CanonicalEvents events, Alerts alerts, ObjectMapper mapper,
            CorrelationProperties props, PlatformTransactionManager txManager) {
        this.ownTransaction = new TransactionTemplate(txManager);
        this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.jdbc = jdbc;
        this.registry = registry;
        this.events = events;
        this.alerts = alerts;
        this.mapper = mapper;
        this.props = props;
        this.matcher = new CorrelationMatcher(props.window(), props.maxDistanceMetres(), props.minSharedNames());
    }

    /**
     * Registers a report, as {@code report} (a complete registry row with a provisional dispute id) describes it. On
     * {@code created} the caller goes on as for any new dispute (DISPUTE_REGISTERED); otherwise the report now belongs
     * to {@code disputeId} and the caller records its intake there, publishing no DISPUTE_REGISTERED.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public Registration register(Dispute report, String refType) {
        String agency = report.sourceAgency();
        String ref = report.sourceRef();
        Optional<String> township = PartyKeys.township(report.regionCode());
        JsonNode snapshot = read(report.snapshot());
        Set<String> keys = PartyKeys.of(snapshot);
        // a report naming nobody can never be the same dispute as another (the rule needs a shared party)
        if (props.enabled() && township.isPresent() && !keys.isEmpty()) {
            lock(township.get(), keys);
            Report mine = CorrelationMatcher.of(snapshot, report.createdAt());
            Map<String, String> matches = new java.util.LinkedHashMap<>(
                    matcher.matching(mine, candidates(agency, refType, ref, township.get(), keys, mine)));
            Optional<String> target = CorrelationMatcher.target(matches);
            while (target.isPresent()) {
                if (attach(report, refType, target.get(), matches.get(target.get()))) {
                    return new Registration(target.get(), false, matches.get(target.get()));
                }
                // another report of this channel, about other people, was attached to it meanwhile: the dispute is no
                // candidate any more, as if that report had come first
                matches.remove(target.get());
                target = CorrelationMatcher.target(matches);
            }
            create(report, refType);
            if (matches.size() > 1) {
                // ids only: the parties' names are personal data
                registry.addTimeline(report.disputeId(), registry.now(), "CORRELATION_AMBIGUOUS", "hub",
                        Direction.INTERNAL, "matches several disputes " + matches.keySet() + "; not merged", null);
                alerts.raise("INFO", "CORRELATION_AMBIGUOUS", agency, report.disputeId(), agency + " report " + ref
                        + " matches several disputes " + matches.keySet() + "; registered on its own, merge by hand");
            }
            return new Registration(report.disputeId(), true, null);
        }
        create(report, refType);
        return new Registration(report.disputeId(), true, null);
    }

    /** The attached report with this reference, if correlation attached it and it was not split out again. */
    public Optional<Member> activeMember(String agency, String refType, String ref) {
        return jdbc.sql("""
                select dispute_id, provisional_id, source_version from correlation_member
                where agency = :a and ref_type = :t and ref = :r and state = 'ACTIVE'""")
                .param("a", agency).param("t", refType).param("r", ref)
                .query((rs, n) -> new Member(rs.getString(1), rs.getString(2), rs.getString(3))).optional();
    }

    /** An attached report's correction: kept as the report's own version, so an undo splits out the latest one. */
    public void correctMember(String agency, String refType, String ref, String snapshot, String version,
            String category, String regionCode, boolean urgent, boolean mass) {
        jdbc.sql("""
                update correlation_member set snapshot = :s, source_version = :v, category = :c, region_code = :rc,
                  urgent = :u, mass = :m where agency = :a and ref_type = :t and ref = :r and state = 'ACTIVE'""")
                .param("s", snapshot).param("v", version).param("c", category).param("rc", regionCode)
                .param("u", urgent).param("m", mass).param("a", agency).param("t", refType).param("r", ref).update();
        activeMember(agency, refType, ref).ifPresent(m -> registry.indexParties(m.disputeId(), regionCode, snapshot));
    }

    /**
     * An attached report: the dispute it belongs to, the id it gets if it is split out again, and its own version
     * marker (police xgsj).
     */
    /**
     * The canonical snapshots of the reports attached to a dispute (other channels' accounts of it), for whoever must
     * see everything the hub was told about the dispute — e.g. early warning counting workers and the employer code
     * that only a later report gave.
     */
    public List<String> attachedSnapshots(String disputeId) {
        return jdbc.sql("select snapshot from correlation_member where dispute_id = :d and state = 'ACTIVE' "
                + "order by created_at").param("d", disputeId).query(String.class).list();
    }

    public record Member(String disputeId, String provisionalId, String sourceVersion) {
    }

    private void create(Dispute report, String refType) {
        registry.create(report);
        registry.addXref(report.disputeId(), report.sourceAgency(), refType, report.sourceRef());
    }

    /**
     * Locks the township's lock row of each of the report's party keys, in order (no cycles between two reports), until
     * the caller's transaction ends: a report that may be the same dispute shares a key and waits here until this one
     * is committed, so it sees this one's dispute; reports about other people go on at the same time. The keys are
     * spread over {@value #LOCK_BUCKETS} rows per township, so the lock table stays small (a row per key would grow
     * with every person ever reported); two unrelated reports wait for each other only when their buckets collide.
     */
    private void lock(String township, Set<String> keys) {
        List<String> lockKeys = keys.stream()
                .map(k -> township + ":" + String.format("%03d", Math.floorMod(k.hashCode(), LOCK_BUCKETS)))
                .distinct().sorted().toList();
        Set<String> existing = new java.util.HashSet<>(jdbc.sql(
                "select lock_key from correlation_lock where lock_key in (:ks)").param("ks", lockKeys)
                .query(String.class).list());
        for (String k : lockKeys) {
            if (existing.contains(k)) {
                continue;
            }
            // created in a transaction of its own, so a race of two nodes on a key's very first report costs one
            // duplicate key here (ignored) instead of failing the caller's unit of work
            try {
                ownTransaction.executeWithoutResult(t -> jdbc.sql("""
                        insert into correlation_lock (lock_key, touched_at) values (:k, :at)""")
                        .param("k", k).param("at", registry.now()).update());
            } catch (DataIntegrityViolationException raced) {
                log.debug("correlation lock row created by another node meanwhile");
            }
        }
        for (String k : lockKeys) {
            jdbc.sql("select lock_key from correlation_lock where lock_key = :k for update").param("k", k)
                    .query(String.class).single();
        }
    }

    /** Open disputes of other channels in the township that may be the same dispute. */
    private List<CorrelationMatcher.Candidate> candidates(String agency, String refType, String ref, String township,
            Set<String> keys, Report mine) {
        // A dispute registered before the earliest moment a matching report could have happened cannot match.
        OffsetDateTime since = mine.at().minus(props.window()).minusHours(1);
        List<String> blocked = jdbc.sql("""
                select dispute_id from correlation_block where agency = :a and ref_type = :t and ref = :r""")
                .param("a", agency).param("t", refType).param("r", ref).query(String.class).list();
        List<CorrelationMatcher.Candidate> out = new java.util.ArrayList<>();
        // disputes that channel is on already are left out by the query itself
        for (Dispute c : registry.openSharingParties(township, keys, since, agency)) {
            if (blocked.contains(c.disputeId())) {
                continue; // an operator split this report off that dispute
            }
            List<Report> reports = new java.util.ArrayList<>();
            reports.add(CorrelationMatcher.of(read(c.snapshot()), c.createdAt()));
            jdbc.sql("select snapshot from correlation_member where dispute_id = :d and state = 'ACTIVE'")
                    .param("d", c.disputeId()).query(String.class).list()
                    .forEach(s -> reports.add(CorrelationMatcher.of(read(s), c.createdAt())));
            out.add(new CorrelationMatcher.Candidate(c.disputeId(), reports));
        }
        return out;
    }

    /** Attaches the report; false when a report of the same channel was attached to the dispute meanwhile. */
    private boolean attach(Dispute report, String refType, String disputeId, String matchedOn) {
        OffsetDateTime now = registry.now();
        String agency = report.sourceAgency();
        String ref = report.sourceRef();
        // the dispute row lock orders this with feedback being computed for the same dispute, and with another report
        // of this channel attaching to it (such a report need not share a party key with this one)
        registry.findForUpdate(disputeId).orElseThrow(
                () -> new HubException(ErrorCode.TJ_INTERNAL, "correlation candidate " + disputeId + " vanished"));
        if (registry.hasXrefOf(disputeId, agency)) {
            return false;
        }
        jdbc.sql("""
                insert into correlation_member (agency, ref_type, ref, dispute_id, provisional_id, source_channel,
                  source_version, category, region_code, urgent, mass, snapshot, matched_on, state, created_at)
                values (:a, :t, :r, :d, :p, :ch, :v, :c, :rc, :u, :m, :s, :mo, 'ACTIVE', :at)""")
                .param("a", agency).param("t", refType).param("r", ref).param("d", disputeId)
                .param("p", report.disputeId()).param("ch", report.sourceChannel()).param("v", report.sourceVersion())
                .param("c", report.category()).param("rc", report.regionCode()).param("u", report.urgent())
                .param("m", report.mass()).param("s", report.snapshot()).param("mo", matchedOn).param("at", now)
                .update();
        registry.addXref(disputeId, agency, refType, ref);
        registry.addTimeline(disputeId, now, "DISPUTE_CORRELATED", "hub", Direction.INTERNAL, agency + " report "
                + ref + " is the same dispute (matched on " + matchedOn + ", township and time); attached, no second"
                + " triage", null);
        events.publish(EventType.DISPUTE_CORRELATED, disputeId, agency,
                new EventData.DisputeCorrelated(disputeId, agency, refType, ref, matchedOn + "+TOWNSHIP+WINDOW",
                        now.toString()));
        registry.indexParties(disputeId, report.regionCode(), report.snapshot());
        log.info("{} report {} correlated with {} ({})", agency, ref, disputeId, matchedOn);
        return true;
    }

    private JsonNode read(String json) {
        try {
            return mapper.readTree(json);
        } catch (JsonProcessingException e) {
            throw new HubException(ErrorCode.TJ_INTERNAL, "stored snapshot unreadable", e);
        }
    }
}
