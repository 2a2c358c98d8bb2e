package cn.tongjie.hub.womensfederation;

import cn.tongjie.hub.canonical.CanonicalEvents;
import cn.tongjie.hub.canonical.EventData;
import cn.tongjie.hub.canonical.EventType;
import cn.tongjie.hub.common.ErrorCode;
import cn.tongjie.hub.common.HubException;
import cn.tongjie.hub.registry.Alerts;
import cn.tongjie.hub.registry.Assignment;
import cn.tongjie.hub.registry.AssignmentStatus;
import cn.tongjie.hub.registry.Assignments;
import cn.tongjie.hub.registry.Dispute;
import cn.tongjie.hub.registry.DisputeRegistry;
import cn.tongjie.hub.registry.DisputeStatus;
import cn.tongjie.hub.registry.TimelineEntry.Direction;
import cn.tongjie.hub.sharing.SharingPolicies;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * createCase delivery (contract §5, §8): builds the minimised referral from the current dispute snapshot and turns
 * each answer into the contract's action — 201/200 store the wf_case_id, 4xx stop and alert, 5xx/time-outs retry with
 * back-off (30 s doubling to 15 min) for 72 h. The assignment row is the durable queue, so an outage only delays.
 */
@Service
class WfDelivery {

    private static final Logger log = LoggerFactory.getLogger(WfDelivery.class);
    static final String AGENCY = "womens-federation";
    // Always with seconds (OffsetDateTime.toString drops ":00", which the canonical schema refuses).
    private static final java.time.format.DateTimeFormatter ISO = java.time.format.DateTimeFormatter.ISO_OFFSET_DATE_TIME;

    private final Assignments assignments;
    private final DisputeRegistry registry;
    private final CanonicalEvents events;
    private final Alerts alerts;
    private final ObjectMapper mapper;
    private final WomensFederationProperties props;
    private final MeterRegistry meters;
    private final Clock clock;
    private final SharingPolicies sharing;

    WfDelivery(Assignments assignments, DisputeRegistry registry, CanonicalEvents events, Alerts alerts,
            ObjectMapper mapper, WomensFederationProperties props, MeterRegistry meters, Clock clock,
            SharingPolicies sharing) {
        this.sharing = sharing;
        this.assignments = assignments;
        this.registry = registry;
        this.events = events;
        this.alerts = alerts;
        this.mapper = mapper;
        this.props = props;
        this.meters = meters;
        this.clock = clock;
    }

    List<Assignment> due() {
        return assignments.due(AGENCY, 50);
    }

    /** The referral for an assignment, minimised per §6; sent_at is now, everything else is stable across retries. */
    ObjectNode referral(Assignment a) {
        Dispute d = registry.find(a.disputeId()).orElseThrow(() -> new HubException(ErrorCode.TJ_INTERNAL,
                "assignment " + a.externalRef() + " without dispute"));
        // the federation's view (config/sharing-policies.yaml); §6 is applied on top of it while building
        return WfReferrals.build(sharing.view(AGENCY, d.snapshot()),
                new WfReferrals.Assignment(a.externalRef(), a.urgent(), a.createdAt().toInstant(), a.dueDate()),
                clock.instant(), props.normalDueDays(), props.urgentDueHours());
    }

    @Transactional
    public void blocked(Assignment a, String reason) {
        assignments.setStatus(a.externalRef(), AssignmentStatus.REJECTED, reason);
        registry.updateStatus(a.disputeId(), DisputeStatus.BLOCKED, null);
        registry.addTimeline(a.disputeId(), registry.now(), "ASSIGNMENT_BLOCKED", AGENCY, Direction.INTERNAL,
                "not sent: " + reason, null);
        alerts.raise("WARN", "ASSIGNMENT_INCOMPLETE", AGENCY, a.disputeId(), a.externalRef() + " " + reason);
    }

    /** 201 new, or 200 identical repeat (§5.4): the federation holds the case under wf_case_id. */
    @Transactional
    public void created(Assignment a, int status, String responseBody) {
        String wfCaseId = readTree(responseBody).path("wf_case_id").asText("");
        if (!wfCaseId.matches("HYJT-\\d{4}-\\d{7}")) {
            retry(a, "HTTP " + status + " without a valid wf_case_id");
            return;
        }
        assignments.received(a.externalRef(), wfCaseId);
        registry.addXref(a.disputeId(), AGENCY, "wf_case_id", wfCaseId);
        registry.addTimeline(a.disputeId(), registry.now(), "WF_CASE_CREATED", AGENCY, Direction.OUT,
                "createCase " + a.externalRef() + " → " + status + " " + wfCaseId
                        + (status == 200 ? " (repeat of an earlier attempt)" : ""), null);
        meters.counter("tongjie.delivery", "agency", AGENCY, "outcome", status == 201 ? "created" : "duplicate-adopted")
                .increment();
        log.info("Assignment {} registered at the women's federation as {} (HTTP {})", a.externalRef(), wfCaseId,
                status);
        String d = a.disputeId();
        if (registry.recordFact(d, "wf:assigned:" + a.externalRef())) {
            events.publish(EventType.MEDIATION_ASSIGNED, d, AGENCY, new EventData.MediationAssigned(d,
                    a.externalRef(), wfCaseId, target(a), a.dueDate().toString(), a.urgent(), a.ruleId(),
                    ISO.format(registry.now())));
            // The federation has no accept/decline step (§5.4 "received"): receipt is its acceptance.
            events.publish(EventType.MEDIATION_ACCEPTED, d, AGENCY, new EventData.MediationAccepted(d,
                    a.externalRef(), wfCaseId, target(a), ISO.format(registry.now())));
            registry.updateStatus(d, DisputeStatus.ACCEPTED, null);
        }
    }

    /** 400 / 401 / 409 / 422: the contract says never retry (§5.4); an operator fixes the cause. */
    @Transactional
    public void rejected(Assignment a, int status, String responseBody) {
        JsonNode body = readTree(responseBody);
        StringBuilder errors = new StringBuilder(body.path("error").asText("HTTP " + status));
        for (JsonNode e : body.path("errors")) {
            errors.append("; ").append(e.path("field").asText()).append(' ').append(e.path("code").asText());
        }
        assignments.setStatus(a.externalRef(), AssignmentStatus.REJECTED, errors.toString());
        registry.updateStatus(a.disputeId(), DisputeStatus.BLOCKED, null);
        registry.addTimeline(a.disputeId(), registry.now(), "WF_CASE_REJECTED", AGENCY, Direction.OUT,
                "createCase " + a.externalRef() + " → " + status + " " + errors, null);
        alerts.raise("ERROR", "WF_CREATE_CASE_REJECTED", AGENCY, a.disputeId(),
                a.externalRef() + " HTTP " + status + ": " + errors);
        meters.counter("tongjie.delivery", "agency", AGENCY, "outcome", "rejected").increment();
    }

    /** 5xx / time-out / connection error: later, never give the dispute up before 72 h (§8). */
    @Transactional
    public void retry(Assignment a, String error) {
        OffsetDateTime now = OffsetDateTime.now(clock);
        if (a.urgent() && a.attempts() == 0 || urgentByContent(a) && a.attempts() == 0) {
            // §8: an urgent referral that failed once is phoned through by an operator.
            alerts.raise("ERROR", "WF_URGENT_REFERRAL_FAILED", AGENCY, a.disputeId(),
                    a.externalRef() + " urgent referral not delivered (" + error + "); phone the federation");
        }
        if (Duration.between(a.createdAt(), now).compareTo(props.retryGiveUpAfter()) > 0) {
            assignments.setStatus(a.externalRef(), AssignmentStatus.FAILED, error);
            registry.updateStatus(a.disputeId(), DisputeStatus.BLOCKED, null);
            alerts.raise("ERROR", "WF_DELIVERY_GAVE_UP", AGENCY, a.disputeId(),
                    a.externalRef() + " undeliverable for " + props.retryGiveUpAfter() + ": " + error);
            return;
        }
        Duration backoff = props.retryInitial().multipliedBy(1L << Math.min(a.attempts(), 20));
        if (backoff.compareTo(props.retryMax()) > 0) {
            backoff = props.retryMax();
        }
        OffsetDateTime next = now.plus(backoff);
        assignments.retryLater(a.externalRef(), next, error);
        meters.counter("tongjie.delivery", "agency", AGENCY, "outcome", "retry").increment();
        log.warn("Assignment {} not delivered to the women's federation ({}); next attempt at {}", a.externalRef(),
                error, next);
    }

    /** The referral's own priority (risk found in the text) counts as urgent even when the dispute was not. */
    private boolean urgentByContent(Assignment a) {
        try {
            return "urgent".equals(referral(a).path("priority").asText());
        } catch (RuntimeException unreadable) {
            return false;
        }
    }

    static EventData.Target target(Assignment a) {
        return new EventData.Target(AGENCY, a.targetCode(), a.targetName());
    }

    private JsonNode readTree(String json) {
        try {
            return json == null || json.isBlank() ? mapper.createObjectNode() : mapper.readTree(json);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return mapper.createObjectNode();
        }
    }
}
