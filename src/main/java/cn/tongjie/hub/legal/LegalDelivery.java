package cn.tongjie.hub.legal;

import cn.tongjie.hub.common.ErrorCode;
import cn.tongjie.hub.common.HubException;
import cn.tongjie.hub.mapping.MappingEngine;
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
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * createCase delivery (legal-service §5, §8): builds the request from the current dispute snapshot, and turns each
 * answer into the contract's action — 201/409 store the caseNo, 422/400/401 stop and alert, 503/5xx/time-outs retry
 * with back-off (at least Retry-After / maintenanceUntil), for up to 7 days. The assignment row is the durable queue,
 * so an outage or a restart only delays delivery.
 */
@Service
class LegalDelivery {

    private static final Logger log = LoggerFactory.getLogger(LegalDelivery.class);
    static final String AGENCY = "legal-service";

    private final Assignments assignments;
    private final DisputeRegistry registry;
    private final MappingEngine mappings;
    private final LegalEvents legalEvents;
    private final Alerts alerts;
    private final ObjectMapper mapper;
    private final LegalServiceProperties props;
    private final MeterRegistry meters;
    private final Clock clock;
    private final SharingPolicies sharing;

    LegalDelivery(Assignments assignments, DisputeRegistry registry, MappingEngine mappings, LegalEvents legalEvents,
            Alerts alerts, ObjectMapper mapper, LegalServiceProperties props, MeterRegistry meters, Clock clock,
            SharingPolicies sharing) {
        this.sharing = sharing;
        this.assignments = assignments;
        this.registry = registry;
        this.mappings = mappings;
        this.legalEvents = legalEvents;
        this.alerts = alerts;
        this.mapper = mapper;
        this.props = props;
        this.meters = meters;
        this.clock = clock;
    }

    List<Assignment> due() {
        return assignments.due(AGENCY, 50);
    }

    /** The createCase body for an assignment, from the dispute's current snapshot (corrections included). */
    String requestBody(Assignment a) {
        Dispute d = registry.find(a.disputeId()).orElseThrow(() -> new HubException(ErrorCode.TJ_INTERNAL,
                "assignment " + a.externalRef() + " without dispute"));
        return requestBody(mappings, sharing.view(AGENCY, d.snapshot()), a);
    }

    /** The createCase body from the legal-service view of the dispute (sharing policy) and nothing else. */
    static String requestBody(MappingEngine mappings, ObjectNode view, Assignment a) {
        ObjectNode in = view.objectNode();
        in.set("dispute", view);
        in.putObject("assignment").put("externalRef", a.externalRef()).put("committeeCode", a.targetCode())
                .put("dueDate", a.dueDate().toString()).put("urgent", a.urgent());
        return mappings.apply("legal-service/dispute-to-create-case", in).toString();
    }

    /** True when the request cannot be valid for the contract (§5.4 parties rule): an operator must complete it. */
    String incompleteReason(String body) {
        JsonNode req = readTree(body);
        boolean applicant = false;
        boolean respondent = false;
        for (JsonNode p : req.path("parties")) {
            applicant |= "APPLICANT".equals(p.path("role").asText());
            respondent |= "RESPONDENT".equals(p.path("role").asText());
        }
        if (req.path("parties").size() < 2 || !applicant || !respondent) {
            return "PARTIES_INCOMPLETE: the source named no " + (!applicant ? "applicant" : "respondent")
                    + " (legal-service §5.4 needs at least one APPLICANT and one RESPONDENT)";
        }
        return null;
    }

    @Transactional
    public void blocked(Assignment a, String reason) {
        assignments.setStatus(a.externalRef(), AssignmentStatus.REJECTED, reason);
        registry.updateStatus(a.disputeId(), DisputeStatus.BLOCKED, null);
        registry.addTimeline(a.disputeId(), registry.now(), "ASSIGNMENT_BLOCKED", AGENCY, Direction.INTERNAL,
                "not sent: " + reason, null);
        alerts.raise("WARN", "ASSIGNMENT_INCOMPLETE", AGENCY, a.disputeId(), a.externalRef() + " " + reason);
    }

    /** 201 or 409 DUPLICATE_EXTERNAL_REF: the case exists at the legal-service system. */
    @Transactional
    public void created(Assignment a, int status, String responseBody) {
        JsonNode body = readTree(responseBody);
        String caseNo = body.path("caseNo").asText(null);
        if (caseNo == null) {
            retry(a, "HTTP " + status + " without caseNo", null);
            return;
        }
        assignments.received(a.externalRef(), caseNo);
        registry.addXref(a.disputeId(), AGENCY, "caseNo", caseNo);
        registry.addTimeline(a.disputeId(), registry.now(), "LEGAL_CASE_CREATED", AGENCY, Direction.OUT,
                "createCase " + a.externalRef() + " → " + status + " caseNo " + caseNo
                        + (status == 409 ? " (repeat of an earlier attempt; adopted)" : ""), null);
        meters.counter("tongjie.delivery", "agency", AGENCY, "outcome", status == 201 ? "created" : "duplicate-adopted")
                .increment();
        log.info("Assignment {} registered at legal-service as {} (HTTP {})", a.externalRef(), caseNo, status);
        legalEvents.assignmentRegistered(a.externalRef());
    }

    /** 422 / 400 / 401: the contract says never retry; an operator fixes the cause. */
    @Transactional
    public void rejected(Assignment a, int status, String responseBody) {
        JsonNode body = readTree(responseBody);
        StringBuilder errors = new StringBuilder(body.path("errorCode").asText("HTTP " + status));
        for (JsonNode e : body.path("errors")) {
            errors.append("; ").append(e.path("field").asText()).append(' ').append(e.path("code").asText());
        }
        assignments.setStatus(a.externalRef(), AssignmentStatus.REJECTED, errors.toString());
        registry.updateStatus(a.disputeId(), DisputeStatus.BLOCKED, null);
        registry.addTimeline(a.disputeId(), registry.now(), "LEGAL_CASE_REJECTED", AGENCY, Direction.OUT,
                "createCase " + a.externalRef() + " → " + status + " " + errors, responseBody);
        alerts.raise("ERROR", "LEGAL_CREATE_CASE_REJECTED", AGENCY, a.disputeId(),
                a.externalRef() + " HTTP " + status + ": " + errors);
        meters.counter("tongjie.delivery", "agency", AGENCY, "outcome", "rejected").increment();
    }

    /** 503 / other 5xx / time-out / connection refused / circuit open: try again later, never give the dispute up early. */
    @Transactional
    public void retry(Assignment a, String error, String retryAfterHint) {
        OffsetDateTime now = OffsetDateTime.now(clock);
        if (Duration.between(a.createdAt(), now).compareTo(props.retryGiveUpAfter()) > 0) {
            assignments.setStatus(a.externalRef(), AssignmentStatus.FAILED, error);
            registry.updateStatus(a.disputeId(), DisputeStatus.BLOCKED, null);
            alerts.raise("ERROR", "LEGAL_DELIVERY_GAVE_UP", AGENCY, a.disputeId(),
                    a.externalRef() + " undeliverable for " + props.retryGiveUpAfter() + ": " + error);
            return;
        }
        long factor = 1L << Math.min(a.attempts(), 20);
        Duration backoff = props.retryInitial().multipliedBy(factor);
        if (backoff.compareTo(props.retryMax()) > 0) {
            backoff = props.retryMax();
        }
        OffsetDateTime next = now.plus(backoff);
        OffsetDateTime hinted = parseRetryHint(retryAfterHint, now);
        if (hinted != null && hinted.isAfter(next)) {
            next = hinted;
        }
        assignments.retryLater(a.externalRef(), next, error);
        meters.counter("tongjie.delivery", "agency", AGENCY, "outcome", "retry").increment();
        log.warn("Assignment {} not delivered ({}); next attempt at {}", a.externalRef(), error, next);
    }

    /**
     * The later of Retry-After (delta-seconds or HTTP-date) and maintenanceUntil, encoded by the route as
     * "retryAfter|maintenanceUntil".
     */
    static OffsetDateTime parseRetryHint(String hint, OffsetDateTime now) {
        if (hint == null || hint.isBlank()) {
            return null;
        }
        OffsetDateTime best = null;
        for (String part : hint.split("\\|")) {
            String p = part.trim();
            if (p.isEmpty()) {
                continue;
            }
            OffsetDateTime t = null;
            try {
                if (p.matches("\\d+")) {
                    t = now.plusSeconds(Long.parseLong(p));
                } else if (p.contains("GMT")) {
                    t = ZonedDateTime.parse(p, DateTimeFormatter.RFC_1123_DATE_TIME).toOffsetDateTime();
                } else {
                    t = OffsetDateTime.parse(p);
                }
            } catch (RuntimeException ignored) {
                // an unreadable hint is ignored; the back-off still applies
            }
            if (t != null && (best == null || t.isAfter(best))) {
                best = t;
            }
        }
        return best;
    }

    private JsonNode readTree(String json) {
        try {
            return json == null || json.isBlank() ? mapper.createObjectNode() : mapper.readTree(json);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return mapper.createObjectNode();
        }
    }
}
