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
        Observation o = observe(dispute.get());
        store.save(o, now);
        EarlyWarningRules.RulesFile r = rules.current();
        if (r.employer().enabled() && o.hasEmployer() && r.employer().counts(o.category())) {
            evaluateEmployer(o, r.employer(), now);
        }
        if (r.township().enabled() && o.township() != null && r.township().counts(o.category())) {
            evaluateTownship(o, r.township(), now);
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

    private void evaluateEmployer(Observation o, EmployerRule rule, OffsetDateTime now) {
        String code = o.employerCode() != null ? o.employerCode() : store.codeForName(o.employerNorm()).orElse(null);
        OffsetDateTime since = now.minus(rule.window());
        List<Member> members = store.employerMembers(code, o.employerNorm(), since)
                .stream().filter(m -> rule.counts(m.category())).toList();
        if (members.stream().noneMatch(m -> m.disputeId().equals(o.disputeId()))) {
            return; // reported before the window: too old to start or grow a cluster
        }
        int workers = WorkerCount.ofCluster(store.workers(members));
        String key = code != null ? "uscc:" + code : "name:" + o.employerNorm();
        String name = members.stream().filter(m -> code != null && code.equals(m.employerCode()))
                .map(Member::employerName).findFirst().orElse(o.employerName());
        String title = (name == null ? code : name) + "：涉及劳动者" + workers + "人，纠纷" + members.size() + "起";
        Cluster c = new Cluster(EMPLOYER, key, title, code, name, null, workers, members);
        Optional<AlertRow> existing = store.activeAlert(EMPLOYER, key, ids(members), since);
        if (existing.isPresent()) {
            update(existing.get(), c, now, o.disputeId());
        } else if (workers >= rule.minWorkers() || members.size() >= rule.minDisputes()) {
            raise(c, now);
        }
    }

    // ------------------------------------------------------------------------------------------------ township

    private void evaluateTownship(Observation o, TownshipRule rule, OffsetDateTime now) {
        OffsetDateTime from = now.minus(rule.window());
        List<Member> current = store.townshipMembers(o.township(), from, now.plusSeconds(1)).stream()
                .filter(m -> rule.counts(m.category())).toList();
        if (current.stream().noneMatch(m -> m.disputeId().equals(o.disputeId()))) {
            return;
        }
        List<Integer> previous = new ArrayList<>();
        for (int i = 1; i <= rule.baselineWindows(); i++) {
            OffsetDateTime to = now.minus(rule.window().multipliedBy(i));
            previous.add((int) store.townshipMembers(o.township(), to.minus(rule.window()), to).stream()
                    .filter(m -> rule.counts(m.category())).count());
        }
        TownshipSurge.Verdict v = TownshipSurge.evaluate(rule, current.size(), previous);
        String key = "township:" + o.township();
        String title = o.township() + "：" + rule.window().toDays() + "日内纠纷" + current.size() + "起，基线"
                + String.format("%.1f", v.baseline()) + "起";
        Cluster c = new Cluster(TOWNSHIP, key, title, null, null, o.township(),
                WorkerCount.ofCluster(store.workers(current)), current);
        Optional<AlertRow> existing = store.activeAlert(TOWNSHIP, key, List.of(), from);
        if (existing.isPresent()) {
            update(existing.get(), c, now, o.disputeId());
        } else if (v.surge()) {
            raise(c, now);
        }
    }

    // ------------------------------------------------------------------------------------------------ alerts

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

    private void update(AlertRow a, Cluster c, OffsetDateTime now, String changed) {
        Set<String> known = store.members(a.alertId());
        // a cluster only grows: disputes that left the window stay in the evidence of the alert they raised
        List<Member> added = c.members().stream().filter(m -> !known.contains(m.disputeId())).toList();
        List<String> all = new ArrayList<>(known);
        added.forEach(m -> all.add(m.disputeId()));
        List<EarlyWarningEvidence> evidence = evidenceAfter(a, all, changed, added);
        List<String> sources = sources(evidence);
        int workers = Math.max(a.workers(), c.workers());
        String code = a.employerCode() != null ? a.employerCode() : c.employerCode();
        String name = a.employerCode() == null && c.employerCode() != null ? c.employerName() : a.employerName();
        String evidenceJson = json(evidence);
        if (added.isEmpty() && workers == a.workers() && evidenceJson.equals(a.evidence())
                && java.util.Objects.equals(code, a.employerCode())) {
            return;
        }
        String title = c.title().replaceFirst("涉及劳动者[0-9]+人，纠纷[0-9]+起",
                "涉及劳动者" + workers + "人，纠纷" + all.size() + "起");
        AlertRow row = new AlertRow(a.alertId(), a.rule(), a.clusterKey(), a.episode(), title, code, name,
                a.township(), workers, all.size(), String.join(",", sources), evidenceJson, a.status(), a.raisedAt(),
                now, a.version() + 1);
        store.update(row);
        for (Member m : added) {
            joined(a.alertId(), m.disputeId(), now);
        }
        events.publishTo(DESTINATION, EventType.EARLY_WARNING_UPDATED, a.alertId(), "hub", data(row, sources, evidence));
        log.info("Early warning {} updated: {} workers, {} disputes, sources {}", a.alertId(), workers, all.size(),
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
    private List<EarlyWarningEvidence> evidenceAfter(AlertRow a, List<String> all, String changed, List<Member> added) {
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
            List<EarlyWarningRef> refs = registry.xrefs(id).stream()
                    .map(x -> new EarlyWarningRef(cut(x.agency(), 30), cut(x.refType(), 60), cut(x.ref(), 200)))
                    .toList();
            Observation o = observe(d.get());
            String region = d.get().regionCode();
            out.add(new EarlyWarningEvidence(id, d.get().sourceAgency(), d.get().category(),
                    region != null && region.matches("[0-9]{6,12}") ? region : null, iso(o.observedAt()),
                    o.workers().headCount(), o.workers().idHashes().size(), refs));
        }
        return out;
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
