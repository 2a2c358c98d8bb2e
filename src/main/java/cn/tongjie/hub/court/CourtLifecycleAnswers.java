package cn.tongjie.hub.court;

import cn.tongjie.hub.registry.Alerts;
import cn.tongjie.hub.registry.Dispute;
import cn.tongjie.hub.registry.DisputeRegistry;
import cn.tongjie.hub.registry.DisputeStatus;
import cn.tongjie.hub.registry.TimelineEntry.Direction;
import java.util.Optional;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * What the court answered to the hub's acknowledgements and results (contract §11), applied inside the sender's
 * transaction: an accepted DECLINED or result closes the delegation; a REJECTED is recorded on the dispute and shown to
 * operators, and the two refusals that need a new message (TIMEOUT_PREMATURE, RESULT_AFTER_DUE) get one.
 * ApplyJudicialConfirmation and TransferForFiling answers belong to other components.
 */
@Component
class CourtLifecycleAnswers {

    static final String ACKNOWLEDGE = "AcknowledgeDelegation";
    static final String REPORT = "ReportMediationResult";

    private final CourtLifecycle lifecycle;
    private final Delegations delegations;
    private final DisputeRegistry registry;
    private final Alerts alerts;

    CourtLifecycleAnswers(CourtLifecycle lifecycle, Delegations delegations, DisputeRegistry registry, Alerts alerts) {
        this.lifecycle = lifecycle;
        this.delegations = delegations;
        this.registry = registry;
        this.alerts = alerts;
    }

    @EventListener
    public void onAnswered(CourtOutbound.Answered a) {
        if (!ACKNOWLEDGE.equals(a.operation()) && !REPORT.equals(a.operation())) {
            return;
        }
        Optional<Delegation> found = lifecycle.lock(a.courtCode(), a.objectKey());
        if (found.isEmpty()) {
            return; // object keys of our operations are delegation ids; nothing to update without the delegation
        }
        Delegation d = found.get();
        switch (a.outcome()) {
            case "ACCEPTED" -> accepted(a, d);
            case "REJECTED" -> rejected(a, d);
            // the sender has already alerted and quarantined it; the dispute's history records it
            default -> timeline(d, "COURT_MESSAGE_FAILED", a.operation() + " " + a.messageId() + " for "
                    + d.delegationId() + " failed with " + a.reasonCode() + "; kept in quarantine for an operator");
        }
    }

    private void accepted(CourtOutbound.Answered a, Delegation d) {
        if (ACKNOWLEDGE.equals(a.operation())) {
            timeline(d, "COURT_ACK_ACCEPTED", "court recorded the acknowledgement " + d.ackDecision() + " of "
                    + d.delegationId());
            if (CourtLifecycle.DECLINED.equals(d.ackDecision())
                    && delegations.close(d.courtCode(), d.delegationId(), "DECLINED")) {
                // §8.1: after DECLINED the court takes the case back and the hub sends no result.
                registry.markFinalFedBack(d.disputeId());
            }
            return;
        }
        timeline(d, "COURT_RESULT_ACCEPTED", "court recorded the result " + d.resultType() + " of "
                + d.delegationId() + "; delegation closed");
        if (delegations.close(d.courtCode(), d.delegationId(), "RESULT")) {
            registry.markFinalFedBack(d.disputeId());
            Optional<Dispute> dispute = registry.find(d.disputeId());
            if (CourtLifecycle.TIMEOUT.equals(d.resultType()) && dispute.isPresent()
                    && dispute.get().status() != DisputeStatus.CONCLUDED) {
                // The period ran out without a result: the court takes the dispute back to litigation.
                registry.updateStatus(d.disputeId(), DisputeStatus.UNRESOLVED, "COURT_TIMEOUT");
            }
        }
    }

    private void rejected(CourtOutbound.Answered a, Delegation d) {
        String code = a.reasonCode();
        timeline(d, "COURT_REJECTED", a.operation() + " " + a.messageId() + " for " + d.delegationId()
                + " REJECTED by the court: " + code);
        alerts.raise("WARN", "COURT_MESSAGE_REJECTED", CourtLifecycle.AGENCY, d.disputeId(), a.operation() + " "
                + a.messageId() + " for " + d.delegationId() + " (" + d.courtCode() + ") REJECTED " + code);
        if (code == null) {
            return;
        }
        switch (code) {
            case "TIMEOUT_PREMATURE" -> {
                // Send TIMEOUT again (new messageId) once the effective dueAt has passed: the scheduler does it.
                if (REPORT.equals(a.operation())) {
                    delegations.replaceResult(d.courtCode(), d.delegationId(), CourtLifecycle.TIMEOUT,
                            CourtLifecycle.TIMEOUT_REQUEUE);
                }
            }
            case "RESULT_AFTER_DUE" -> {
                if (REPORT.equals(a.operation()) && d.resultType() != null
                        && !d.resultType().startsWith(CourtLifecycle.TIMEOUT)) {
                    afterDue(d);
                }
            }
            case "RESULT_ALREADY_REPORTED" -> delegations.close(d.courtCode(), d.delegationId(), "RESULT");
            // The court says it is withdrawn or filed: it takes nothing more for it (§7.3, §8.1, §8.2).
            case "DELEGATION_CLOSED" -> delegations.close(d.courtCode(), d.delegationId(), "WITHDRAWN");
            default -> {
                // ALREADY_ACKNOWLEDGED and other codes: recorded and shown to operators, never retried (§11)
            }
        }
    }

    /** RESULT_AFTER_DUE: TIMEOUT now (new message), the refused result in resultNote; or once dueAt has passed. */
    private void afterDue(Delegation d) {
        // No grace here: the late result is known, so there is nothing left to wait for.
        if (lifecycle.now().isAfter(d.dueAt())) {
            lifecycle.reportTimeout(d, d.resultType());
        } else {
            delegations.replaceResult(d.courtCode(), d.delegationId(), d.resultType(), CourtLifecycle.TIMEOUT_REQUEUE);
        }
    }

    private void timeline(Delegation d, String type, String summary) {
        registry.addTimeline(d.disputeId(), lifecycle.now(), type, CourtLifecycle.AGENCY, Direction.IN, summary, null);
    }
}
