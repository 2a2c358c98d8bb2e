package cn.tongjie.hub.court;

import cn.tongjie.hub.registry.Alerts;
import cn.tongjie.hub.registry.DisputeRegistry;
import cn.tongjie.hub.registry.TimelineEntry.Direction;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The deadline scheduler of court delegations (contract §8.1, §8.2, §14). Every hub node runs the pass; the
 * selections only propose candidates, and each action runs in its own transaction under the delegation's row lock
 * and a conditional update, so two nodes never both send a TIMEOUT and a failure on one delegation never blocks the
 * others.
 */
@Component
class CourtDeadlines {

    private static final Logger log = LoggerFactory.getLogger(CourtDeadlines.class);

    /** What one pass did (tests and the log read it). */
    record Pass(int acknowledged, int ackLateAlerts, int dueWarnings, int timeouts, int timeoutRiskAlerts) {
    }

    private final CourtLifecycle lifecycle;
    private final CourtLifecycleStore store;
    private final Delegations delegations;
    private final DisputeRegistry registry;
    private final Alerts alerts;
    private final CourtLifecycleProperties props;
    private final TransactionTemplate tx;

    CourtDeadlines(CourtLifecycle lifecycle, CourtLifecycleStore store, Delegations delegations,
            DisputeRegistry registry, Alerts alerts, CourtLifecycleProperties props, PlatformTransactionManager txm) {
        this.lifecycle = lifecycle;
        this.store = store;
        this.delegations = delegations;
        this.registry = registry;
        this.alerts = alerts;
        this.props = props;
        this.tx = new TransactionTemplate(txm);
    }

    Pass pass() {
        OffsetDateTime now = lifecycle.now();
        int n = props.batchSize();
        // Acknowledgement fallback first: a TIMEOUT of the same pass must not pre-empt an acknowledgement that is due.
        int acknowledged = each(store.acceptedUnacknowledged(now.minus(props.ackFallbackAfter()), n),
                d -> lifecycle.acknowledgeIfDue(d, now));
        int ackLate = each(store.unacknowledged(now.minus(props.ackLimit()), n), d -> ackLate(d));
        int warned = each(store.dueSoon(now, now.plus(props.dueWarningLead()), n), d -> dueWarning(d));
        OffsetDateTime timeoutBefore = now.minus(props.timeoutGrace());
        int timeouts = each(store.timeoutDue(timeoutBefore, n), d -> d.resultType() == null
                && lifecycle.reportTimeout(d, null));
        timeouts += each(store.timeoutRequeueDue(timeoutBefore, n),
                d -> CourtLifecycle.TIMEOUT_REQUEUE.equals(d.resultType())
                        && lifecycle.reportTimeout(d, CourtLifecycle.TIMEOUT_REQUEUE));
        int risk = each(store.timeoutAtRisk(now.minus(props.timeoutRiskAfter()), n), d -> timeoutAtRisk(d));
        Pass p = new Pass(acknowledged, ackLate, warned, timeouts, risk);
        if (acknowledged + ackLate + warned + timeouts + risk > 0) {
            log.info("Court deadline pass: {}", p);
        }
        return p;
    }

    /** §8.1 SHOULD: acknowledged within 72 h of receipt; once per delegation. */
    private boolean ackLate(Delegation d) {
        if (d.ackDecision() != null || d.resultType() != null
                || !registry.recordFact(d.disputeId(), "court:ack-late")) {
            return false;
        }
        alerts.raise("WARN", "COURT_ACK_LATE", CourtLifecycle.AGENCY, d.disputeId(), "delegation " + d.delegationId()
                + " of " + d.courtCode() + " not acknowledged " + props.ackLimit().toHours()
                + " h after receipt: no mediation body has accepted it yet");
        return true;
    }

    /** Once per effective dueAt (an extension clears due_warned_at). */
    private boolean dueWarning(Delegation d) {
        if (d.resultType() != null || !delegations.markDueWarned(d.courtCode(), d.delegationId())) {
            return false;
        }
        alerts.raise("WARN", "COURT_DUE_APPROACHING", CourtLifecycle.AGENCY, d.disputeId(), "delegation "
                + d.delegationId() + " of " + d.courtCode() + " is due at " + d.dueAt().withOffsetSameInstant(
                        CourtTimes.BEIJING) + " and no result has been reported");
        registry.addTimeline(d.disputeId(), lifecycle.now(), "COURT_DUE_APPROACHING", CourtLifecycle.AGENCY,
                Direction.INTERNAL, "court mediation period ends " + d.dueAt().withOffsetSameInstant(CourtTimes.BEIJING),
                null);
        return true;
    }

    /** A TIMEOUT must reach the court within dueAt + 24 h; alert while there is still time to act. */
    private boolean timeoutAtRisk(Delegation d) {
        if (!registry.recordFact(d.disputeId(), "court:timeout-risk:" + d.dueAt().toEpochSecond())) {
            return false;
        }
        alerts.raise("ERROR", "COURT_TIMEOUT_AT_RISK", CourtLifecycle.AGENCY, d.disputeId(), "TIMEOUT of delegation "
                + d.delegationId() + " (" + d.courtCode() + ") not yet accepted by the court; it must arrive by "
                + d.dueAt().plusHours(24).withOffsetSameInstant(CourtTimes.BEIJING));
        return true;
    }

    private int each(List<CourtLifecycleStore.Key> keys, Predicate<Delegation> action) {
        int done = 0;
        for (CourtLifecycleStore.Key k : keys) {
            try {
                Boolean acted = tx.execute(s -> lifecycle.lock(k.courtCode(), k.delegationId())
                        .filter(Delegation::open).map(action::test).orElse(false));
                done += Boolean.TRUE.equals(acted) ? 1 : 0;
            } catch (RuntimeException e) {
                // Another node holding the row (lock timeout) or a transient store error: the next pass retries.
                log.warn("Court deadline check of {} skipped this pass: {}", k.delegationId(), e.toString());
            }
        }
        return done;
    }
}
