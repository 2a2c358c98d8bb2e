package cn.tongjie.hub.warning;

import cn.tongjie.hub.canonical.CanonicalEvents;
import cn.tongjie.hub.canonical.CloudEvent;
import cn.tongjie.hub.canonical.EventData.EarlyWarningEvidence;
import cn.tongjie.hub.canonical.EventData.EarlyWarningRef;
import cn.tongjie.hub.canonical.EventType;
import cn.tongjie.hub.common.ErrorCode;
import cn.tongjie.hub.correlation.Correlation;
import cn.tongjie.hub.common.HubException;
import cn.tongjie.hub.registry.Dispute;
import cn.tongjie.hub.registry.DisputeRegistry;
import cn.tongjie.hub.registry.DisputeRegistry.Xref;
import cn.tongjie.hub.registry.TimelineEntry.Direction;
import cn.tongjie.hub.warning.EarlyWarningRules.EmployerRule;
import cn.tongjie.hub.warning.EarlyWarningRules.TownshipRule;
import cn.tongjie.hub.warning.EarlyWarningStore.AlertRow;
import cn.tongjie.hub.warning.EarlyWarningStore.Member;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Evaluates the early-warning rules for each canonical event: refreshes what is known of the event's dispute, then
 * looks at its employer's cluster and its township. A cluster crossing a rule raises ONE alert (stored with its
 * evidence, published on the early-warning topic, queued for the webhook); later reports of the same cluster update
 * that alert's evidence and publish an update, never a second alert.
 */
@Service
class EarlyWarning {

    private static final Logger log = LoggerFactory.getLogger(EarlyWarning.class);
    static final String EMPLOYER = "EMPLOYER";
    static final String TOWNSHIP = "TOWNSHIP_SURGE";
    static final String DESTINATION = "early-warning";
    /** At most this many disputes are listed as evidence (a large surge is summarised by its counts). */
    private static final int MAX_EVIDENCE = 200;
    private static final com.fasterxml.jackson.core.type.TypeReference<List<EarlyWarningEvidence>> EVIDENCE_LIST =
            new com.fasterxml.jackson.core.type.TypeReference<>() { };

    private final EarlyWarningStore store;
    private final EarlyWarningRules rules;
    private final EarlyWarningProperties props;
    private final DisputeRegistry registry;
    private final CanonicalEvents events;
    private final ObjectMapper mapper;
    private final Clock clock;
    private final ZoneId zone;

    private final Correlation correlation;

    EarlyWarning(EarlyWarningStore store, EarlyWarningRules rules, EarlyWarningProperties props,
            DisputeRegistry registry, CanonicalEvents events, ObjectMapper mapper, Clock clock, ZoneId hubZone,
            Correlation correlation) {
        this.correlation = correlation;
        this.store = store;
        this.rules = rules;
        this.props = props;
        this.registry = registry;
        this.events = events;
        this.mapper = mapper;
        this.clock = clock;
        this.zone = hubZone;
    }

    /** One canonical event (CloudEvents JSON) from the dispute stream; idempotent on the event id. */
    @Transactional
    public void onCanonicalEvent(String json) {
        CloudEvent event = events.parse(json);
        OffsetDateTime now = now();
        if (event.id() == null || event.subject() == null || !store.firstTime(event.id(), now)) {
            return;
        }
        Optional<Dispute> dispute = registry.find(event.subject());
        if (dispute.isEmpty()) {
            return; // not (or no longer) a registry dispute: nothing to count
        }
        Dispute d = dispute.get();
        Observation o = observe(d);
        List<Xref> xrefs = registry.xrefs(d.disputeId());
        EarlyWarningRules.RulesFile r = rules.current();
        // Most events of a dispute (assigned, mediation assigned, feedback, …) change nothing the rules or the
        // evidence read: with an alert open such an event leaves every alert as it is, so it is not evaluated again
        // (it cost up to two cores once a township surge was open, docs/benchmarks.md).
        boolean changed = store.save(o, fingerprint(d, o, xrefs, r), now);
        Seen seen = new Seen(d, o, xrefs);
        if (r.employer().enabled() && o.hasEmployer() && r.employer().counts(o.category())) {
            evaluateEmployer(seen, r.employer(), now, changed);
        }
        if (r.township().enabled() && o.township() != null && r.township().counts(o.category())) {
            evaluateTownship(seen, r.township(), now, changed);
        }
    }

    /** The event's dispute as this evaluation read it (so its evidence is not read a second time). */
    private record Seen(Dispute dispute, Observation observation, List<Xref> xrefs) {
    }

    /**
     * Everything of the dispute an evaluation reads — its observation, what its evidence entry shows (source, category,
     * region, references) — and the rules in force (an edited rule evaluates every dispute's next event again).
     */
    private static String fingerprint(Dispute d, Observation o, List<Xref> xrefs, EarlyWarningRules.RulesFile r) {
        StringBuilder b = new StringBuilder();
        for (Object f : java.util.Arrays.asList(r, d.sourceAgency(), d.category(), d.regionCode(), o.category(),
                o.sourceAgency(), o.regionCode(), o.township(), o.employerCode(), o.employerName(), o.employerNorm(),
                o.workers().headCount(), new java.util.TreeSet<>(o.workers().idHashes()),
                o.observedAt() == null ? null : o.observedAt().toInstant())) {
            b.append(f).append('\u001f');
        }
        for (Xref x : xrefs) {
            b.append(x.agency()).append('\u001e').append(x.refType()).append('\u001e').append(x.ref()).append('\u001f');
        }
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(b.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new HubException(ErrorCode.TJ_INTERNAL, "no SHA-256", e);
        }
    }

    /**
     * Housekeeping: event ids older than {@code processedRetention} (Kafka never redelivers that far back) and
     * observations older than twice the longest look-back of the current rules.
     */
    @Transactional
    public int prune(java.time.Duration processedRetention) {
        EarlyWarningRules.RulesFile r = rules.current();
        java.time.Duration township = r.township().window().multipliedBy(r.township().baselineWindows() + 1L);
        java.time.Duration lookBack = r.employer().window().compareTo(township) > 0 ? r.employer().window() : township;
        OffsetDateTime now = now();
        return store.prune(now.minus(processedRetention), now.minus(lookBack.multipliedBy(2)));
    }

    private Observation observe(Dispute d) {
        List<JsonNode> snapshots = new ArrayList<>();
        snapshots.add(read(d.snapshot()));
        List<DisputeRegistry.SnapshotVersion> history = new ArrayList<>(registry.history(d.disputeId()));
        java.util.Collections.reverse(history);
        history.forEach(h -> snapshots.add(read(h.snapshot())));
        // reports of other channels merged into this dispute (cross-channel correlation) tell about it too
        correlation.attachedSnapshots(d.disputeId()).forEach(s -> snapshots.add(read(s)));
        return Observation.of(d.disputeId(), d.category(), d.sourceAgency(), snapshots, d.createdAt());
    }

    // ------------------------------------------------------------------------------------------------ employer

    private void evaluateEmployer(Seen seen, EmployerRule rule, OffsetDateTime now, boolean changed) {
        Observation o = seen.observation();
        String code = o.employerCode() != null ? o.employerCode() : store.codeForName(o.employerNorm()).orElse(null);
        OffsetDateTime since = now.minus(rule.window());
        List<Member> members = store.employerMembers(code, o.employerNorm(), since)
                .stream().filter(m -> rule.counts(m.category())).toList();
        if (members.stream().noneMatch(m -> m.disputeId().equals(o.disputeId()))) {
            return; // reported before the window: too old to start or grow a cluster
        }
        String key = code != null ? "uscc:" + code : "name:" + o.employerNorm();
        Optional<AlertRow> existing = store.activeAlert(EMPLOYER, key, ids(members), since);
        Set<String> known = existing.map(a -> store.members(a.alertId())).orElse(Set.of());
        if (!changed && existing.isPresent() && known.containsAll(ids(members))
                && (existing.get().employerCode() != null || code == null)) {
            // the dispute is unchanged and the alert holds the whole cluster and its code: each member's own
            // evaluation already brought its workers and evidence, so the update below would find nothing new
            return;
        }
        int workers = WorkerCount.ofCluster(store.workers(members));
        String name = members.stream().filter(m -> code != null && code.equals(m.employerCode()))
                .map(Member::employerName).findFirst().orElse(o.employerName());
        String title = (name == null ? code : name) + "：涉及劳动者" + workers + "人，纠纷" + members.size() + "起";
        Cluster c = new Cluster(EMPLOYER, key, title, code, name, null, workers, members);
        if (existing.isPresent()) {
            update(existing.get(), Held.of(known), c, now, seen);
        } else if (workers >= rule.minWorkers() || members.size() >= rule.minDisputes()) {
            raise(c, now);
        }
    }

    // ------------------------------------------------------------------------------------------------ township

    private void evaluateTownship(Seen seen, TownshipRule rule, OffsetDateTime now, boolean changed) {
        Observation o = seen.observation();
        OffsetDateTime from = now.minus(rule.window());
        OffsetDateTime until = now.plusSeconds(1);
        if (!store.observedBetween(o.disputeId(), from, until)) {
            return; // not among the window's disputes (its category counts, or the caller would not be here)
        }
        String key = "township:" + o.township();
        Optional<AlertRow> existing = store.activeAlert(TOWNSHIP, key, List.of(), from);
        if (!changed && existing.isPresent() && store.isMember(existing.get().alertId(), o.disputeId())) {
            // the dispute is unchanged and already in the open surge: the township's other disputes joined it through
            // their own events, so re-reading the township (thousands of members) would find nothing new
            return;
        }
        List<Integer> previous = new ArrayList<>();
        for (int i = 1; i <= rule.baselineWindows(); i++) {
            OffsetDateTime to = now.minus(rule.window().multipliedBy(i));
            previous.add(store.countTownship(o.township(), to.minus(rule.window()), to, rule.categories()));
        }
        int count = store.countTownship(o.township(), from, until, rule.categories());
        if (existing.isPresent()) {
            // The open surge needs only what would join it, the window's count (title) and its workers, not the
            // window's members (thousands). Only this dispute can be joining: the surge took every member of the
            // window when it was raised, and every dispute observed since joined through its own event (this path).
            AlertRow a = existing.get();
            List<Member> joining = store.isMember(a.alertId(), o.disputeId()) ? List.of()
                    : store.observation(o.disputeId()).stream().toList();
            // The window's workers can only exceed the alert's count through this dispute's own workers: with no ID
            // number and a head count within the alert's, the count stays the alert's without reading the window.
            int workers = o.workers().idHashes().isEmpty() && o.workers().headCount() <= a.workers() ? a.workers()
                    : store.townshipWorkers(o.township(), from, until, rule.categories());
            // the joining members exclude the alert's own, so only its first (listed) members and its size are read
            Held held = new Held(store.firstMembers(a.alertId(), MAX_EVIDENCE), store.memberCount(a.alertId()),
                    id -> false);
            update(a, held, new Cluster(TOWNSHIP, key,
                    townshipTitle(o.township(), rule, count, previous), null, null, o.township(),
                    workers, joining), now, seen);
            return;
        }
        if (!TownshipSurge.evaluate(rule, count, previous).surge()) {
            return; // no surge to raise and none open to update: the members are not needed
        }
        List<Member> current = store.townshipMembers(o.township(), from, until).stream()
                .filter(m -> rule.counts(m.category())).toList();
        if (TownshipSurge.evaluate(rule, current.size(), previous).surge()) {
            raise(new Cluster(TOWNSHIP, key, townshipTitle(o.township(), rule, current.size(), previous), null, null,
                    o.township(), WorkerCount.ofCluster(store.workers(current)), current), now);
        }
    }

    private static String townshipTitle(String township, TownshipRule rule, int current, List<Integer> previous) {
        return township + "：" + rule.window().toDays() + "日内纠纷" + current + "起，基线"
                + String.format("%.1f", TownshipSurge.evaluate(rule, current, previous).baseline()) + "起";
    }

    // ------------------------------------------------------------------------------------------------ alerts

    /** {@code members}: all of the cluster to raise it; to update an open alert, at least those it does not hold. */
    private record Cluster(String rule, String key, String title, String employerCode, String employerName,
            String township, int workers, List<Member> members) {
    }

    private void raise(Cluster c, OffsetDateTime now) {
        String alertId = "EW-" + now.atZoneSameInstant(zone).format(DateTimeFormatter.ofPattern("yyyyMMdd")) + "-"
                + UUID.randomUUID().toString().substring(0, 8);
        List<EarlyWarningEvidence> evidence = evidence(c.members());
        List<String> sources = sources(evidence);
        AlertRow row = new AlertRow(alertId, c.rule(), c.key(), store.nextEpisode(c.rule(), c.key()), c.title(),
                c.employerCode(), c.employerName(), c.township(), c.workers(), c.members().size(),
                String.join(",", sources), json(evidence), "OPEN", now, now, 1);
        store.insert(row);
        for (Member m : c.members()) {
            joined(alertId, m.disputeId(), now);
        }
        CloudEvent event = events.publishTo(DESTINATION, EventType.EARLY_WARNING_RAISED, alertId, "hub",
                data(row, sources, evidence));
        if (props.webhook().configured()) {
            store.enqueueWebhook(alertId, json(event), now);
        }
        log.warn("EARLY WARNING {} raised: rule {} cluster {} — {} workers, {} disputes, sources {}", alertId,
                c.rule(), c.key().startsWith("name:") ? "(employer name)" : c.key(), c.workers(), c.members().size(),
                sources);
    }

    /**
     * What an open alert holds: its first members in the order they joined (at least the {@value #MAX_EVIDENCE}
     * its evidence lists), how many it holds, and which disputes it holds among those that may join.
     */
    private record Held(List<String> first, int size, java.util.function.Predicate<String> holds) {

        static Held of(Set<String> members) {
            return new Held(List.copyOf(members), members.size(), members::contains);
        }
    }

    private void update(AlertRow a, Held held, Cluster c, OffsetDateTime now, Seen seen) {
        String changed = seen.dispute().disputeId();
        // a cluster only grows: disputes that left the window stay in the evidence of the alert they raised
        List<Member> added = c.members().stream().filter(m -> !held.holds().test(m.disputeId())).toList();
        int total = held.size() + added.size();
        List<String> listed = new ArrayList<>(held.first().subList(0, Math.min(held.first().size(), MAX_EVIDENCE)));
        added.forEach(m -> listed.add(m.disputeId()));
        int workers = Math.max(a.workers(), c.workers());
        String code = a.employerCode() != null ? a.employerCode() : c.employerCode();
        String name = a.employerCode() == null && c.employerCode() != null ? c.employerName() : a.employerName();
        if (added.isEmpty() && workers == a.workers() && java.util.Objects.equals(code, a.employerCode())
                && !listed.subList(0, Math.min(listed.size(), MAX_EVIDENCE)).contains(changed)) {
            // no new member, and the changed dispute is not among the listed evidence: the evidence would be the
            // alert's own entries again, so there is nothing to parse, rebuild or compare
            return;
        }
        List<EarlyWarningEvidence> evidence = evidenceAfter(a, listed, seen, added);
        List<String> sources = sources(evidence);
        String evidenceJson = json(evidence);
        if (added.isEmpty() && workers == a.workers() && evidenceJson.equals(a.evidence())
                && java.util.Objects.equals(code, a.employerCode())) {
            return;
        }
        String title = c.title().replaceFirst("涉及劳动者[0-9]+人，纠纷[0-9]+起",
                "涉及劳动者" + workers + "人，纠纷" + total + "起");
        AlertRow row = new AlertRow(a.alertId(), a.rule(), a.clusterKey(), a.episode(), title, code, name,
                a.township(), workers, total, String.join(",", sources), evidenceJson, a.status(), a.raisedAt(),
                now, a.version() + 1);
        store.update(row);
        for (Member m : added) {
            joined(a.alertId(), m.disputeId(), now);
        }
        events.publishTo(DESTINATION, EventType.EARLY_WARNING_UPDATED, a.alertId(), "hub", data(row, sources, evidence));
        log.info("Early warning {} updated: {} workers, {} disputes, sources {}", a.alertId(), workers, total,
                sources);
    }

    private void joined(String alertId, String disputeId, OffsetDateTime now) {
        store.addMember(alertId, disputeId, now);
        registry.addTimeline(disputeId, now, "EARLY_WARNING", "hub", Direction.INTERNAL,
                "part of early-warning alert " + alertId, null);
    }

    private cn.tongjie.hub.canonical.EventData.EarlyWarning data(AlertRow a, List<String> sources,
            List<EarlyWarningEvidence> evidence) {
        return new cn.tongjie.hub.canonical.EventData.EarlyWarning(a.alertId(), a.rule(), cut(a.title(), 300),
                a.employerCode(), cut(a.employerName(), 200), a.township(), a.workers(), a.disputes(), sources,
                evidence, iso(a.raisedAt()), iso(a.updatedAt()));
    }

    private List<EarlyWarningEvidence> evidence(List<Member> members) {
        return evidenceOf(members.stream().map(Member::disputeId).toList());
    }

    /**
     * The alert's evidence after one event: only the dispute the event is about and the newly joined members are read
     * again; every other member's entry is the one the alert already holds. A dispute changes only through events
     * about it, so this equals rebuilding all of it — which cost up to {@value #MAX_EVIDENCE} disputes' reads per
     * canonical event once a township surge was open (the busiest thread of the hub under load, docs/benchmarks.md).
     */
    private List<EarlyWarningEvidence> evidenceAfter(AlertRow a, List<String> all, Seen seen, List<Member> added) {
        String changed = seen.dispute().disputeId();
        Map<String, EarlyWarningEvidence> held = new HashMap<>();
        for (EarlyWarningEvidence e : heldEvidence(a)) {
            held.put(e.disputeId(), e);
        }
        Set<String> reread = new HashSet<>();
        reread.add(changed);
        added.forEach(m -> reread.add(m.disputeId()));
        List<EarlyWarningEvidence> out = new ArrayList<>();
        for (String id : all.subList(0, Math.min(all.size(), MAX_EVIDENCE))) {
            EarlyWarningEvidence e = reread.contains(id) ? null : held.get(id);
            if (e != null) {
                out.add(e);
            } else if (id.equals(changed)) {
                out.add(evidenceOf(seen));
            } else {
                out.addAll(evidenceOf(List.of(id)));
            }
        }
        return out;
    }

    private List<EarlyWarningEvidence> heldEvidence(AlertRow a) {
        if (a.evidence() == null || a.evidence().isBlank()) {
            return List.of();
        }
        try {
            return mapper.readValue(a.evidence(), EVIDENCE_LIST);
        } catch (JsonProcessingException e) {
            return List.of(); // unreadable: every member's entry is read again
        }
    }

    /** Evidence of each dispute: where it came from, what it counted for and every agency's reference of it. */
    private List<EarlyWarningEvidence> evidenceOf(List<String> disputeIds) {
        List<EarlyWarningEvidence> out = new ArrayList<>();
        for (String id : disputeIds.subList(0, Math.min(disputeIds.size(), MAX_EVIDENCE))) {
            Optional<Dispute> d = registry.find(id);
            if (d.isEmpty()) {
                continue;
            }
            out.add(evidenceOf(new Seen(d.get(), observe(d.get()), registry.xrefs(id))));
        }
        return out;
    }

    private EarlyWarningEvidence evidenceOf(Seen s) {
        List<EarlyWarningRef> refs = s.xrefs().stream()
                .map(x -> new EarlyWarningRef(cut(x.agency(), 30), cut(x.refType(), 60), cut(x.ref(), 200)))
                .toList();
        Observation o = s.observation();
        String region = s.dispute().regionCode();
        return new EarlyWarningEvidence(s.dispute().disputeId(), s.dispute().sourceAgency(), s.dispute().category(),
                region != null && region.matches("[0-9]{6,12}") ? region : null, iso(o.observedAt()),
                o.workers().headCount(), o.workers().idHashes().size(), refs);
    }

    /** The agencies that reported the cluster's disputes or hold a reference of them (e.g. the union's file). */
    private static List<String> sources(List<EarlyWarningEvidence> evidence) {
        Set<String> s = new LinkedHashSet<>();
        for (EarlyWarningEvidence e : evidence) {
            if (e.sourceAgency() != null) {
                s.add(e.sourceAgency());
            }
            e.refs().forEach(r -> s.add(r.agency()));
        }
        return new ArrayList<>(s);
    }

    private static String cut(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }

    private static List<String> ids(List<Member> members) {
        return members.stream().map(Member::disputeId).toList();
    }

    private OffsetDateTime now() {
        return OffsetDateTime.now(clock.withZone(zone));
    }

    private String iso(OffsetDateTime t) {
        return t == null ? null : t.atZoneSameInstant(zone).toOffsetDateTime()
                .format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
    }

    private JsonNode read(String json) {
        try {
            return mapper.readTree(json);
        } catch (JsonProcessingException e) {
            return mapper.createObjectNode();
        }
    }

    private String json(Object o) {
        try {
            return mapper.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new HubException(ErrorCode.TJ_INTERNAL, "cannot serialise early warning", e);
        }
    }
}
