package cn.tongjie.hub.court;

import cn.tongjie.hub.canonical.CanonicalEvents;
import cn.tongjie.hub.canonical.CloudEvent;
import cn.tongjie.hub.canonical.EventData;
import cn.tongjie.hub.canonical.EventType;
import cn.tongjie.hub.registry.DisputeRegistry;
import cn.tongjie.hub.registry.TimelineEntry.Direction;
import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.Set;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Turns the mediation bodies' canonical events about a court-delegated dispute into the hub's messages to the court
 * (contract §8.1, §8.2; rules in docs/court-mapping.md). Events arrive in order per dispute (one partition, key
 * disputeId) but may be redelivered: every message is guarded by a conditional update, so a repeat sends nothing.
 */
@Service
class CourtReactor {

    private static final Set<EventType> REACTS_TO = Set.of(EventType.MEDIATION_ACCEPTED,
            EventType.MEDIATION_MEDIATOR_ASSIGNED, EventType.MEDIATION_DECLINED, EventType.MEDIATION_CONCLUDED,
            EventType.DISPUTE_UNRESOLVED);

    private final CanonicalEvents events;
    private final Delegations delegations;
    private final CourtLifecycle lifecycle;
    private final CourtLifecycleStore store;
    private final DisputeRegistry registry;

    CourtReactor(CanonicalEvents events, Delegations delegations, CourtLifecycle lifecycle, CourtLifecycleStore store,
            DisputeRegistry registry) {
        this.events = events;
        this.delegations = delegations;
        this.lifecycle = lifecycle;
        this.store = store;
        this.registry = registry;
    }

    @Transactional
    public void onCanonicalEvent(String json) {
        CloudEvent ce = events.parse(json);
        Optional<EventType> type = EventType.fromCeType(ce.type());
        if (type.isEmpty() || ce.subject() == null || !REACTS_TO.contains(type.get())) {
            return; // most canonical events mean nothing to the court: no database work for them
        }
        Optional<Delegation> found = delegations.ofDispute(ce.subject());
        if (found.isEmpty() || !found.get().open()) {
            return; // not court-delegated, or the court closed it: nothing more is sent (§7.3, §8.1)
        }
        Delegation d = lifecycle.lock(found.get().courtCode(), found.get().delegationId()).orElseThrow();
        if (!d.open()) {
            return;
        }
        switch (type.get()) {
            case MEDIATION_ACCEPTED -> {
                EventData.MediationAccepted a = events.data(ce, EventData.MediationAccepted.class);
                store.accepted(d, a.target().agency(), a.target().code(), a.target().name(),
                        OffsetDateTime.parse(a.acceptedAt()));
                lifecycle.acknowledgeIfDue(d, lifecycle.now());
            }
            case MEDIATION_MEDIATOR_ASSIGNED -> {
                EventData.MediatorAssigned m = events.data(ce, EventData.MediatorAssigned.class);
                boolean acceptedOnRecord = store.find(d.disputeId()).filter(CourtLifecycleStore.Mediation::accepted)
                        .isPresent();
                if (!acceptedOnRecord && d.ackDecision() == null) {
                    // A body that names a mediator has taken the case, even if its acceptance never reached the hub.
                    store.accepted(d, m.target().agency(), m.target().code(), m.target().name(),
                            OffsetDateTime.parse(m.assignedAt()));
                }
                store.mediator(d, m.target().code(), m.mediator().name(), m.mediator().phone());
                lifecycle.acknowledgeIfDue(d, lifecycle.now());
            }
            case MEDIATION_DECLINED -> {
                // One body declining is not a decline to the court: triage routes the dispute again.
                EventData.MediationDeclined dec = events.data(ce, EventData.MediationDeclined.class);
                if (d.ackDecision() == null) {
                    store.declinedBy(d.disputeId(), dec.target().code());
                }
            }
            case MEDIATION_CONCLUDED -> {
                EventData.MediationConcluded c = events.data(ce, EventData.MediationConcluded.class);
                boolean preempted = d.resultType() != null && d.resultType().startsWith(CourtLifecycle.TIMEOUT)
                        || CourtLifecycle.DECLINED.equals(d.ackDecision());
                // A redelivered conclusion finds its own result queued: only a pre-empted one is worth a timeline line.
                if (!lifecycle.reportConcluded(d, c) && preempted
                        && registry.recordFact(d.disputeId(), "court:result-not-sent")) {
                    registry.addTimeline(d.disputeId(), lifecycle.now(), "COURT_RESULT_NOT_SENT", CourtLifecycle.AGENCY,
                            Direction.INTERNAL, "mediation concluded " + c.result() + " but the court already has "
                                    + (d.resultType() != null ? "result " + d.resultType()
                                    : "acknowledgement " + d.ackDecision()) + " for " + d.delegationId(), null);
                }
            }
            case DISPUTE_UNRESOLVED -> {
                EventData.DisputeUnresolved u = events.data(ce, EventData.DisputeUnresolved.class);
                if (d.ackDecision() == null) {
                    lifecycle.decline(d, u);
                } else {
                    lifecycle.reportUnresolved(d, u);
                }
            }
            default -> {
                // filtered above
            }
        }
    }
}
