package cn.tongjie.hub.court;

import cn.tongjie.hub.canonical.EventData;
import cn.tongjie.hub.registry.Alerts;
import cn.tongjie.hub.registry.DisputeRegistry;
import cn.tongjie.hub.routing.RoutingRules;
import cn.tongjie.hub.registry.TimelineEntry.Direction;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import tongliao.court.docking.v1.AckDecisionType;
import tongliao.court.docking.v1.AcknowledgeDelegationType;
import tongliao.court.docking.v1.MediationOrgType;
import tongliao.court.docking.v1.MediationResultTypeType;
import tongliao.court.docking.v1.MediatorType;
import tongliao.court.docking.v1.ReportMediationResultType;

/**
 * The hub's messages of a delegation's life cycle (contract §8.1, §8.2, §14): AcknowledgeDelegation ACCEPTED or
 * DECLINED, ReportMediationResult, TIMEOUT. Callers (court reactor, deadline scheduler, answer listener) hold the
 * transaction and the delegation row lock; every message is guarded by a conditional update of {@link Delegations} in
 * the same transaction as its enqueue, so exactly one caller on one node sends it.
 */
@Service
class CourtLifecycle {

    private static final Logger log = LoggerFactory.getLogger(CourtLifecycle.class);

    /** Agency name of the court on timelines and alerts. */
    static final String AGENCY = "court";
    /** result_type while a refused TIMEOUT waits to be sent again (TIMEOUT_PREMATURE, §11). */
    static final String TIMEOUT_REQUEUE = "TIMEOUT_REQUEUE";
    static final String ACCEPTED = "ACCEPTED";
    static final String DECLINED = "DECLINED";
    static final String TIMEOUT = "TIMEOUT";
    private static final int NAME_MAX = 100;
    private static final String PLAIN_TIMEOUT_NOTE = "调解期限届满，未能在期限内调结。";

    /** Where the mediator of an acknowledgement or result came from (docs/court-mapping.md, "Mediator"). */
    enum MediatorSource { NAMED, SUGGESTED, DEFAULT, BODY_NAME }

    record MediatorChoice(MediatorType mediator, MediatorSource source) {
    }

    private final Delegations delegations;
    private final CourtOutbound outbound;
    private final CourtLifecycleStore store;
    private final DisputeRegistry registry;
    private final Alerts alerts;
    private final CourtLifecycleProperties props;
    private final RoutingRules routing;
    private final Clock clock;

    CourtLifecycle(Delegations delegations, CourtOutbound outbound, CourtLifecycleStore store,
            DisputeRegistry registry, Alerts alerts, CourtLifecycleProperties props, RoutingRules routing,
            Clock clock) {
        this.delegations = delegations;
        this.outbound = outbound;
        this.store = store;
        this.registry = registry;
        this.alerts = alerts;
        this.props = props;
        this.routing = routing;
        this.clock = clock;
    }

    /**
     * How the court sees a mediation body: roster code, org type and region come from the body's routing target
     * (config/routing-rules.yaml, the one place administrators describe bodies); tongjie.court.lifecycle.bodies may
     * override them and adds the default mediator.
     */
    private CourtLifecycleProperties.Body body(String code) {
        CourtLifecycleProperties.Body configured = props.body(code).orElse(null);
        RoutingRules.Target target = code == null ? null : routing.target(code).orElse(null);
        if (configured == null && target == null) {
            return null;
        }
        return new CourtLifecycleProperties.Body(
                first(configured == null ? null : configured.orgType(), target == null ? null : target.orgType()),
                first(configured == null ? null : configured.regionCode(), target == null ? null : target.region()),
                first(configured == null ? null : configured.rosterCode(),
                        target == null ? null : target.courtRosterCode()),
                configured == null ? null : configured.defaultMediator());
    }

    private static String first(String a, String b) {
        return a != null && !a.isBlank() ? a : b;
    }

    OffsetDateTime now() {
        return OffsetDateTime.now(clock);
    }

    /** Re-reads the delegation with a row lock: court messages, the reactor and the scheduler serialise on it. */
    Optional<Delegation> lock(String courtCode, String delegationId) {
        return delegations.findForUpdate(courtCode, delegationId);
    }

    // ------------------------------------------------------------------ acknowledgement

    /**
     * Acknowledges ACCEPTED when it is time: a body accepted and named a mediator; or the body's agency names none
     * (union, women's federation); or the fallback time (ack limit minus margin after receipt) has come.
     */
    boolean acknowledgeIfDue(Delegation d, OffsetDateTime now) {
        if (!d.open() || d.ackDecision() != null || d.resultType() != null) {
            return false;
        }
        Optional<CourtLifecycleStore.Mediation> m = store.find(d.disputeId());
        if (m.isEmpty() || !m.get().accepted()) {
            return false;
        }
        CourtLifecycleStore.Mediation med = m.get();
        boolean named = med.hasMediator();
        boolean onAcceptance = props.ackOnAcceptanceAgencies().contains(med.bodyAgency());
        boolean fallbackTime = !now.isBefore(d.receivedAt().plus(props.ackFallbackAfter()));
        if (!named && !onAcceptance && !fallbackTime) {
            return false;
        }
        return acknowledgeAccepted(d, med, null, med.acceptedAt());
    }

    private boolean acknowledgeAccepted(Delegation d, CourtLifecycleStore.Mediation med, EventData.Mediator named,
            OffsetDateTime decidedAt) {
        if (!delegations.markAckQueued(d.courtCode(), d.delegationId(), ACCEPTED)) {
            return false;
        }
        AcknowledgeDelegationType a = new AcknowledgeDelegationType();
        a.setDelegationId(d.delegationId());
        a.setHubDisputeId(d.disputeId());
        a.setDecision(AckDecisionType.ACCEPTED);
        a.setDecidedAt(CourtTimes.toXml(decidedAt));
        a.setMediationOrg(org(d, med.bodyAgency(), med.bodyCode(), med.bodyName()));
        MediatorChoice choice = mediator(d, med, named);
        a.getMediator().add(choice.mediator());
        String messageId = outbound.enqueue(d.courtCode(), d.delegationId(), d.disputeId(), a);
        registry.addTimeline(d.disputeId(), now(), "COURT_ACK_QUEUED", AGENCY, Direction.OUT,
                "AcknowledgeDelegation ACCEPTED queued for " + d.delegationId() + " (body " + med.bodyCode()
                        + ", mediator " + choice.source() + ", messageId " + messageId + ")", null);
        if (choice.source() != MediatorSource.NAMED) {
            alerts.raise("INFO", "COURT_ACK_FALLBACK_MEDIATOR", AGENCY, d.disputeId(), "delegation "
                    + d.delegationId() + " acknowledged before the body named a mediator; mediator of record from "
                    + choice.source());
        }
        log.info("Court acknowledgement ACCEPTED queued for {} ({})", d.delegationId(), d.disputeId());
        return true;
    }

    /** No body will take it (dispute.unresolved) before the hub acknowledged: AcknowledgeDelegation DECLINED. */
    boolean decline(Delegation d, EventData.DisputeUnresolved u) {
        if (!d.open() || d.ackDecision() != null || d.resultType() != null
                || !delegations.markAckQueued(d.courtCode(), d.delegationId(), DECLINED)) {
            return false;
        }
        AcknowledgeDelegationType a = new AcknowledgeDelegationType();
        a.setDelegationId(d.delegationId());
        a.setHubDisputeId(d.disputeId());
        a.setDecision(AckDecisionType.DECLINED);
        a.setDecidedAt(CourtTimes.toXml(OffsetDateTime.parse(u.at())));
        a.setDeclineReasonCode(CourtResultMapping.declineReason(u.reasonCode()));
        a.setDeclineReasonText(CourtResultMapping.truncate(u.reason(), CourtResultMapping.TEXT_500));
        String messageId = outbound.enqueue(d.courtCode(), d.delegationId(), d.disputeId(), a);
        registry.addTimeline(d.disputeId(), now(), "COURT_ACK_QUEUED", AGENCY, Direction.OUT,
                "AcknowledgeDelegation DECLINED (" + a.getDeclineReasonCode().value() + ") queued for "
                        + d.delegationId() + " (messageId " + messageId + ")", null);
        return true;
    }

    // ------------------------------------------------------------------ results

    /**
     * A mediation concluded: ReportMediationResult (SUCCESS / FAILURE / WITHDRAWN, or TIMEOUT when it ended after the
     * effective dueAt), preceded by an ACCEPTED acknowledgement if none was queued yet (§13: Acknowledge before Result).
     */
    boolean reportConcluded(Delegation d, EventData.MediationConcluded c) {
        if (!d.open() || d.resultType() != null || DECLINED.equals(d.ackDecision())) {
            return false;
        }
        OffsetDateTime concludedAt = OffsetDateTime.parse(c.concludedAt());
        EventData.Target t = c.target();
        if (d.ackDecision() == null) {
            CourtLifecycleStore.Mediation med = store.find(d.disputeId()).filter(CourtLifecycleStore.Mediation::accepted)
                    .filter(m -> t.code().equals(m.bodyCode())).orElse(null);
            if (med == null) {
                // The body concluded without its acceptance reaching the hub: it evidently took the case.
                store.accepted(d, t.agency(), t.code(), t.name(), now());
                med = store.find(d.disputeId()).orElseThrow();
            }
            acknowledgeAccepted(d, med, c.mediator(), med.acceptedAt());
        }
        ReportMediationResultType r = CourtResultMapping.result(c, d, props.willApplyJudicialConfirmation());
        store.resultSummary(d, CourtResultMapping.lateNote(c));
        CourtLifecycleStore.Mediation med = store.find(d.disputeId()).orElse(null);
        return queueResult(d, r, null, t.agency(), t.code(), t.name(), med, c.mediator(),
                "mediation concluded " + c.result() + " at " + concludedAt);
    }

    /**
     * No body will go on after the hub had acknowledged ACCEPTED: FAILURE now (the court gets the case back before
     * dueAt), TIMEOUT if that moment is already past the effective dueAt.
     */
    boolean reportUnresolved(Delegation d, EventData.DisputeUnresolved u) {
        if (!d.open() || d.resultType() != null || !ACCEPTED.equals(d.ackDecision())) {
            return false;
        }
        CourtLifecycleStore.Mediation med = store.find(d.disputeId()).orElse(null);
        if (med == null || med.bodyName() == null) {
            return false; // no organisation of record: the deadline scheduler reports TIMEOUT instead
        }
        OffsetDateTime at = OffsetDateTime.parse(u.at());
        ReportMediationResultType r = new ReportMediationResultType();
        if (CourtResultMapping.late(at, d.dueAt())) {
            r.setResultType(MediationResultTypeType.TIMEOUT);
            r.setConcludedAt(CourtTimes.toXml(d.dueAt()));
            r.setResultNote(CourtResultMapping.truncate(u.reason(), CourtResultMapping.TEXT_500));
        } else {
            r.setResultType(MediationResultTypeType.FAILURE);
            r.setConcludedAt(CourtTimes.toXml(at));
            r.setFailureReasonCode(CourtResultMapping.failureOfUnresolved(u.reasonCode()));
            r.setFailureReasonText(CourtResultMapping.truncate(u.reason(), CourtResultMapping.TEXT_500));
        }
        return queueResult(d, r, null, med.bodyAgency(), med.bodyCode(), med.bodyName(), med, null,
                "no mediation body will continue (" + u.reasonCode() + ")");
    }

    /**
     * TIMEOUT with concludedAt = effective dueAt exactly. {@code replacing} is the result_type a refused message left
     * (TIMEOUT_REQUEUE, or SUCCESS/FAILURE/WITHDRAWN after RESULT_AFTER_DUE), null for a first report.
     */
    boolean reportTimeout(Delegation d, String replacing) {
        if (!d.open() || DECLINED.equals(d.ackDecision())) {
            return false;
        }
        CourtLifecycleStore.Mediation med = store.find(d.disputeId()).orElse(null);
        ReportMediationResultType r = new ReportMediationResultType();
        r.setResultType(MediationResultTypeType.TIMEOUT);
        r.setConcludedAt(CourtTimes.toXml(d.dueAt()));
        r.setResultNote(CourtResultMapping.truncate(med != null && med.resultSummary() != null ? med.resultSummary()
                : PLAIN_TIMEOUT_NOTE, CourtResultMapping.TEXT_500));
        boolean known = med != null && med.bodyName() != null;
        return queueResult(d, r, replacing, known ? med.bodyAgency() : null, known ? med.bodyCode() : null,
                known ? med.bodyName() : null, med, null, "effective dueAt " + d.dueAt() + " passed");
    }

    private boolean queueResult(Delegation d, ReportMediationResultType r, String replacing, String agency,
            String code, String name, CourtLifecycleStore.Mediation med, EventData.Mediator named, String why) {
        String type = r.getResultType().value();
        boolean won = replacing == null ? delegations.markResultQueued(d.courtCode(), d.delegationId(), type)
                : delegations.replaceResult(d.courtCode(), d.delegationId(), replacing, type);
        if (!won) {
            return false;
        }
        r.setDelegationId(d.delegationId());
        r.setHubDisputeId(d.disputeId());
        boolean timeout = r.getResultType() == MediationResultTypeType.TIMEOUT;
        if (name != null) {
            r.setMediationOrg(org(d, agency, code, name));
            MediatorChoice choice = mediator(d, med, named);
            // TIMEOUT: mediator 0..5, so only a person the body really named (§8.2); the others need 1..5.
            if (!timeout || choice.source() == MediatorSource.NAMED) {
                r.getMediator().add(choice.mediator());
            }
        }
        if (r.getAgreement() != null && CourtResultMapping.overLength(r.getAgreement().getAgreementText(),
                CourtResultMapping.TEXT_4000 - 1)) {
            alerts.raise("WARN", "COURT_AGREEMENT_TEXT_TRUNCATED", AGENCY, d.disputeId(), "agreement text of "
                    + d.delegationId() + " exceeds 4000 characters; the court receives it truncated");
        }
        String messageId = outbound.enqueue(d.courtCode(), d.delegationId(), d.disputeId(), r);
        registry.addTimeline(d.disputeId(), now(), "COURT_RESULT_QUEUED", AGENCY, Direction.OUT,
                "ReportMediationResult " + type + " queued for " + d.delegationId() + ": " + why + " (messageId "
                        + messageId + ")", null);
        log.info("Court result {} queued for {} ({})", type, d.delegationId(), d.disputeId());
        return true;
    }

    // ------------------------------------------------------------------ organisation and mediator

    /** mediationOrg (§6.6): name as the body calls itself; orgCode, orgType and regionCode per docs/court-mapping.md. */
    MediationOrgType org(Delegation d, String agency, String code, String name) {
        CourtLifecycleProperties.Body body = body(code);
        MediationOrgType o = new MediationOrgType();
        o.setOrgCode(CourtResultMapping.orgCodeFor(body == null ? null : body.rosterCode(), d.courtCode()));
        o.setOrgName(CourtResultMapping.truncate(name != null ? name : code, NAME_MAX));
        o.setOrgType(CourtResultMapping.orgType(body == null ? null : body.orgType(), agency, code));
        o.setRegionCode(CourtResultMapping.regionCode(body == null ? null : body.regionCode(), code));
        return o;
    }

    /**
     * The mediator (§6.6): the one the body named (in the event, or the current one on record); else the court's
     * suggested mediator when the body is the suggested organisation; else the body's configured default mediator;
     * else the body's own name as mediator of record.
     */
    MediatorChoice mediator(Delegation d, CourtLifecycleStore.Mediation med, EventData.Mediator named) {
        if (named != null && named.name() != null && !named.name().isBlank()) {
            return new MediatorChoice(person(named.name(), named.phone()), MediatorSource.NAMED);
        }
        if (med != null && med.hasMediator()) {
            return new MediatorChoice(person(med.mediatorName(), med.mediatorPhone()), MediatorSource.NAMED);
        }
        String bodyCode = med == null ? null : med.bodyCode();
        String bodyName = med == null ? null : med.bodyName();
        CourtLifecycleProperties.Body body = body(bodyCode);
        boolean suggestedBody = d.suggestedOrgCode() != null && body != null
                && d.suggestedOrgCode().equals(body.rosterCode())
                || d.suggestedOrgName() != null && d.suggestedOrgName().equals(bodyName);
        if (suggestedBody && d.suggestedMediator() != null && !d.suggestedMediator().isBlank()) {
            return new MediatorChoice(person(d.suggestedMediator(), null), MediatorSource.SUGGESTED);
        }
        if (body != null && body.defaultMediator() != null && !body.defaultMediator().isBlank()) {
            return new MediatorChoice(person(body.defaultMediator(), null), MediatorSource.DEFAULT);
        }
        return new MediatorChoice(person(bodyName != null ? bodyName : "调解组织", null), MediatorSource.BODY_NAME);
    }

    private static MediatorType person(String name, String phone) {
        MediatorType m = new MediatorType();
        m.setName(CourtResultMapping.truncate(name, NAME_MAX));
        m.setPhone(CourtResultMapping.phone(phone));
        return m;
    }
}
