package cn.tongjie.hub.routing;

import cn.tongjie.hub.canonical.CanonicalEvents;
import cn.tongjie.hub.canonical.CloudEvent;
import cn.tongjie.hub.canonical.EventData;
import cn.tongjie.hub.canonical.EventType;
import cn.tongjie.hub.registry.Alerts;
import cn.tongjie.hub.registry.Assignment;
import cn.tongjie.hub.registry.AssignmentStatus;
import cn.tongjie.hub.registry.Assignments;
import cn.tongjie.hub.registry.Dispute;
import cn.tongjie.hub.registry.DisputeRegistry;
import cn.tongjie.hub.registry.DisputeStatus;
import cn.tongjie.hub.registry.HubIds;
import cn.tongjie.hub.registry.TimelineEntry.Direction;
import cn.tongjie.hub.routing.RoutingRules.Decision;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Triage (三调联动, 分级化解): picks the responsible mediation body for each registered dispute, re-routes when a body
 * declines, and re-checks routing when a correction changes what routing depends on. The result is an assignment row
 * that the target agency's connector delivers (store-and-forward).
 */
@Service
class Triage {

    private static final Logger log = LoggerFactory.getLogger(Triage.class);
    /** Decline reasons after which no other mediation body is tried: the dispute goes the litigation way. */
    private static final Set<String> FINAL_DECLINES = Set.of("ALREADY_IN_LITIGATION", "PARTY_REFUSED");

    private final RoutingRules rules;
    private final DisputeRegistry registry;
    private final Assignments assignments;
    private final CanonicalEvents events;
    private final Alerts alerts;
    private final MeterRegistry meters;
    private final Clock clock;
    private final ZoneId zone;
    private final int mediationDays;
    private final ObjectMapper mapper;
    private static final java.time.ZoneId BEIJING = java.time.ZoneId.of("Asia/Shanghai");

    Triage(RoutingRules rules, DisputeRegistry registry, Assignments assignments, CanonicalEvents events,
            Alerts alerts, MeterRegistry meters, Clock clock, ZoneId hubZone,
            @Value("${tongjie.legal-service.default-mediation-days:30}") int mediationDays, ObjectMapper mapper) {
        this.mapper = mapper;
        this.rules = rules;
        this.registry = registry;
        this.assignments = assignments;
        this.events = events;
        this.alerts = alerts;
        this.meters = meters;
        this.clock = clock;
        this.zone = hubZone;
        this.mediationDays = mediationDays;
    }

    /** The canonical events triage acts on; the route skips every other one before any parsing or transaction. */
    static final Set<EventType> REACTS_TO = Set.of(EventType.DISPUTE_REGISTERED, EventType.DISPUTE_CORRECTED,
            EventType.MEDIATION_DECLINED);

    /** Whether this canonical event (JSON) can concern triage; cheap, outside any transaction. */
    static boolean reactsTo(String json) {
        // an unreadable or unknown event goes on to onCanonicalEvent, which quarantines what it cannot read
        return CanonicalEvents.typeOf(json).map(REACTS_TO::contains).orElse(true);
    }

    @Transactional
    public void onCanonicalEvent(String json) {
        CloudEvent ce = events.parse(json);
        Optional<EventType> type = EventType.fromCeType(ce.type());
        if (type.isEmpty()) {
            return;
        }
        switch (type.get()) {
            case DISPUTE_REGISTERED -> registered(ce.subject());
            case DISPUTE_CORRECTED -> corrected(ce.subject(), events.data(ce, EventData.DisputeCorrected.class));
            case MEDIATION_DECLINED -> declined(ce.subject(), events.data(ce, EventData.MediationDeclined.class));
            default -> {
                // nothing for triage
            }
        }
    }

    private void registered(String disputeId) {
        Optional<Dispute> found = registry.findForUpdate(disputeId);
        if (found.isEmpty() || !registry.recordFact(disputeId, "triaged")) {
            return; // redelivered event: the dispute was triaged already
        }
        assign(found.get(), Set.of(), null);
    }

    private void corrected(String disputeId, EventData.DisputeCorrected data) {
        List<String> changed = data.changedFields();
        if (changed.stream().noneMatch(f -> f.equals("category") || f.equals("regionCode") || f.equals("warningLevel"))) {
            return; // §4.2.4: re-run triage only for fields that change it
        }
        Dispute d = registry.findForUpdate(disputeId).orElseThrow();
        Optional<Assignment> current = assignments.latestOf(disputeId);
        if (current.isEmpty()) {
            return;
        }
        Assignment a = current.get();
        Decision next = rules.decide(d.category(), d.regionCode(), Set.of()).orElse(null);
        boolean urgent = d.urgent();
        if (next == null || (next.targetCode().equals(a.targetCode()) && urgent == a.urgent())) {
            return;
        }
        OffsetDateTime now = OffsetDateTime.now(clock);
        if (a.status() == AssignmentStatus.PENDING && a.attempts() == 0) {
            assignments.retarget(a.externalRef(), next.targetCode(), next.targetName(), next.ruleId(), urgent);
            registry.addTimeline(disputeId, now, "TRIAGE_RETARGETED", "hub", Direction.INTERNAL,
                    "correction changed " + changed + ": assignment " + a.externalRef() + " now goes to "
                            + next.targetName() + " (rule " + next.ruleId() + ")", null);
        } else {
            // Already with a body: re-assigning is an operator decision (withdraw + assign), not an automatic one.
            registry.addTimeline(disputeId, now, "TRIAGE_CHANGE_AFTER_ASSIGNMENT", "hub", Direction.INTERNAL,
                    "correction changed " + changed + "; rules now point to " + next.targetName()
                            + " but the case is already with " + a.targetName(), null);
            alerts.raise("INFO", "ROUTING_CHANGED_AFTER_ASSIGNMENT", a.agency(), disputeId,
                    "correction changed routing fields " + changed + " after assignment " + a.externalRef());
        }
    }

    private void declined(String disputeId, EventData.MediationDeclined data) {
        String externalRef = data.externalRef();
        if (!registry.recordFact(disputeId, "rerouted:" + externalRef)) {
            return;
        }
        Dispute d = registry.findForUpdate(disputeId).orElseThrow();
        String reasonCode = data.reasonCode();
        if (FINAL_DECLINES.contains(reasonCode)) {
            unresolved(d, reasonCode, "调解组织不予受理：" + (data.reason() == null ? reasonCode : data.reason()));
            return;
        }
        Set<String> tried = assignments.ofDispute(disputeId).stream().map(Assignment::targetCode)
                .collect(Collectors.toSet());
        assign(d, tried, reasonCode);
    }

    private void assign(Dispute d, Set<String> tried, String afterDecline) {
        CourtHints court = CourtHints.of(d.snapshot(), mapper);
        // A court delegation's suggested organisation goes first when the hub can reach it and it takes the category
        // (court contract §7.1: the hub may choose another one, and says which in AcknowledgeDelegation).
        Optional<Decision> decision = rules.suggested(court.rosterCode(), d.category(), tried)
                .or(() -> rules.decide(d.category(), d.regionCode(), tried));
        if (decision.isEmpty()) {
            unresolved(d, "ALL_DECLINED", "辖区及市级调解组织均未受理");
            return;
        }
        Decision dec = decision.get();
        if (dec.unmatched() && tried.isEmpty()) {
            meters.counter("tongjie.routing.unmatched", "category", d.category()).increment();
        }
        meters.counter("tongjie.routing.decisions", "rule", dec.ruleId()).increment();
        int seq = assignments.ofDispute(d.disputeId()).size() + 1;
        String ref = HubIds.assignmentRef(d.disputeId(), seq);
        LocalDate due = dueDate(LocalDate.now(clock.withZone(zone)), mediationDays, court.dueAt());
        assignments.create(ref, d.disputeId(), seq, dec.agency(), dec.targetCode(), dec.targetName(), dec.ruleId(),
                d.urgent(), due);
        registry.addXref(d.disputeId(), dec.agency(), "externalRef", ref);
        registry.updateStatus(d.disputeId(), DisputeStatus.ASSIGNING, null);
        registry.addTimeline(d.disputeId(), OffsetDateTime.now(clock), "TRIAGED", "hub", Direction.INTERNAL,
                (afterDecline != null ? "re-routed after decline (" + afterDecline + "): " : "")
                        + "assigned to " + dec.targetName() + " (" + dec.targetCode() + ") by rule " + dec.ruleId()
                        + (dec.unmatched() ? " [default]" : "") + ", due " + due + (d.urgent() ? ", urgent" : ""),
                null);
        log.info("Dispute {} routed to {} by rule {} as {}", d.disputeId(), dec.targetCode(), dec.ruleId(), ref);
    }

    /**
     * The body's mediation limit (legal-service dueDate): the hub's default, or the court's dueAt when that comes
     * first, as a Beijing date; never before today (legal-service §5.4 refuses a past dueDate).
     */
    static LocalDate dueDate(LocalDate today, int defaultDays, OffsetDateTime courtDueAt) {
        LocalDate due = today.plusDays(defaultDays);
        if (courtDueAt != null) {
            LocalDate court = courtDueAt.atZoneSameInstant(BEIJING).toLocalDate();
            if (court.isBefore(due)) {
                due = court.isBefore(today) ? today : court;
            }
        }
        return due;
    }

    /** What a court delegation adds to the canonical dispute: the suggested body's roster code and the court's dueAt. */
    record CourtHints(String rosterCode, OffsetDateTime dueAt) {
        static CourtHints of(String snapshot, ObjectMapper mapper) {
            if (snapshot == null) {
                return new CourtHints(null, null);
            }
            try {
                JsonNode n = mapper.readTree(snapshot);
                String code = n.path("suggestedMediationBody").path("code").asText(null);
                String due = n.path("mediationDueAt").asText(null);
                return new CourtHints(code, due == null ? null : OffsetDateTime.parse(due));
            } catch (com.fasterxml.jackson.core.JsonProcessingException | java.time.format.DateTimeParseException e) {
                return new CourtHints(null, null); // an unreadable hint never blocks routing: the normal rules apply
            }
        }
    }

    private void unresolved(Dispute d, String code, String reason) {
        registry.updateStatus(d.disputeId(), DisputeStatus.UNRESOLVED, code);
        OffsetDateTime now = OffsetDateTime.now(clock.withZone(zone));
        registry.addTimeline(d.disputeId(), now, "UNRESOLVED", "hub", Direction.INTERNAL, reason, null);
        events.publish(EventType.DISPUTE_UNRESOLVED, d.disputeId(), "hub",
                new EventData.DisputeUnresolved(d.disputeId(), code, reason, now.toString()));
    }
}
