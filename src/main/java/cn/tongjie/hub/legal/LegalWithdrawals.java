package cn.tongjie.hub.legal;

import cn.tongjie.hub.canonical.CanonicalEvents;
import cn.tongjie.hub.canonical.CloudEvent;
import cn.tongjie.hub.canonical.EventData;
import cn.tongjie.hub.canonical.EventType;
import cn.tongjie.hub.common.ErrorCode;
import cn.tongjie.hub.common.HubException;
import cn.tongjie.hub.registry.Assignment;
import cn.tongjie.hub.registry.AssignmentStatus;
import cn.tongjie.hub.registry.Assignments;
import cn.tongjie.hub.registry.DisputeRegistry;
import cn.tongjie.hub.registry.TimelineEntry.Direction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * The source withdrew the dispute (canonical dispute.withdrawn, e.g. the court's WithdrawDelegation): the committee
 * stops mediating. Open cases are withdrawn at the legal-service system (§6 withdrawCase, the operator path of
 * {@link LegalCases}); an assignment not sent yet is simply not sent.
 */
@Service
class LegalWithdrawals {

    private static final Logger log = LoggerFactory.getLogger(LegalWithdrawals.class);
    static final String ACTOR = "hub:source-withdrawn";

    private final CanonicalEvents events;
    private final Assignments assignments;
    private final DisputeRegistry registry;
    private final LegalCases cases;

    LegalWithdrawals(CanonicalEvents events, Assignments assignments, DisputeRegistry registry, LegalCases cases) {
        this.events = events;
        this.assignments = assignments;
        this.registry = registry;
        this.cases = cases;
    }

    /** No transaction around the HTTP call: each assignment's outcome is stored by LegalCases as it comes. */
    public void onCanonicalEvent(String json) {
        CloudEvent ce = events.parse(json);
        if (ce.subject() == null || EventType.fromCeType(ce.type()).orElse(null) != EventType.DISPUTE_WITHDRAWN) {
            return;
        }
        EventData.DisputeWithdrawn w = events.data(ce, EventData.DisputeWithdrawn.class);
        for (Assignment a : assignments.ofDispute(ce.subject())) {
            if (!LegalDelivery.AGENCY.equals(a.agency()) || !a.status().open()) {
                continue;
            }
            if (a.caseNo() == null) {
                // Not registered there yet: stop the delivery instead (a case created meanwhile is withdrawn by the
                // redelivered event, since the assignment then has its caseNo).
                assignments.setStatus(a.externalRef(), AssignmentStatus.WITHDRAWN, "source withdrew the dispute");
                registry.addTimeline(a.disputeId(), registry.now(), "LEGAL_ASSIGNMENT_CANCELLED",
                        LegalDelivery.AGENCY, Direction.INTERNAL, a.externalRef() + " not sent: the source ("
                                + w.agency() + ") withdrew the dispute", null);
                continue;
            }
            String reason = "PLAINTIFF_WITHDREW_SUIT".equals(w.reasonCode()) ? "PARTY_WITHDREW" : "OTHER";
            String text = "来源机关撤回（" + w.agency() + (w.reasonCode() == null ? "" : " " + w.reasonCode()) + "）";
            LegalCases.WithdrawResult r = cases.withdraw(a.externalRef(), reason, text, ACTOR);
            if (r.httpStatus() >= 500 || r.httpStatus() == 0) {
                // §8: retry on 503/5xx/time-out — the consumer redelivers the event (nothing committed).
                throw new HubException(ErrorCode.TJ_AGENCY_UNAVAILABLE, "withdrawCase " + a.externalRef() + " → "
                        + r.httpStatus());
            }
            log.info("Assignment {} withdrawn at legal-service after the source withdrew ({})", a.externalRef(),
                    r.outcome());
        }
    }
}
