package cn.tongjie.hub.womensfederation;

import cn.tongjie.hub.canonical.CanonicalEvents;
import cn.tongjie.hub.canonical.EventData;
import cn.tongjie.hub.canonical.EventType;
import cn.tongjie.hub.registry.Assignment;
import cn.tongjie.hub.registry.AssignmentStatus;
import cn.tongjie.hub.registry.Assignments;
import cn.tongjie.hub.registry.DisputeRegistry;
import cn.tongjie.hub.registry.DisputeStatus;
import cn.tongjie.hub.registry.TimelineEntry.Direction;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Results from the federation (§7): one final result per case_ref, stored with its canonical events in one
 * transaction. A repeat with equal content is a duplicate; a different one is a conflict and the first stays.
 */
@Service
class WfResults {

    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    private static final String AGENCY = WfDelivery.AGENCY;
    // Always with seconds (OffsetDateTime.toString drops ":00", which the canonical schema refuses).
    private static final java.time.format.DateTimeFormatter ISO = java.time.format.DateTimeFormatter.ISO_OFFSET_DATE_TIME;

    enum Answer { STORED, DUPLICATE, CONFLICT, NOT_FOUND }

    private final JdbcClient jdbc;
    private final Assignments assignments;
    private final DisputeRegistry registry;
    private final CanonicalEvents events;
    private final ObjectMapper mapper;

    WfResults(JdbcClient jdbc, Assignments assignments, DisputeRegistry registry, CanonicalEvents events,
            ObjectMapper mapper) {
        this.jdbc = jdbc;
        this.assignments = assignments;
        this.registry = registry;
        this.events = events;
        this.mapper = mapper;
    }

    /** Stores a valid result and announces it; the answer decides the HTTP response. */
    @Transactional
    public Answer receive(JsonNode r) {
        String caseRef = r.get("case_ref").asText();
        Optional<Assignment> found = assignments.findForUpdate(caseRef);
        if (found.isEmpty() || !AGENCY.equals(found.get().agency())
                || !r.get("wf_case_id").asText().equals(found.get().caseNo())) {
            return Answer.NOT_FOUND;
        }
        Optional<String> stored = jdbc.sql("select content from wf_result where case_ref = :r").param("r", caseRef)
                .query(String.class).optional();
        if (stored.isPresent()) {
            // "Identical" = equal as JSON values (member order and whitespace irrelevant).
            return readTree(stored.get()).equals(r) ? Answer.DUPLICATE : Answer.CONFLICT;
        }
        Assignment a = found.get();
        String d = a.disputeId();
        String result = r.get("result").asText();
        OffsetDateTime closedAt = Instant.ofEpochMilli(r.get("closed_at").asLong()).atZone(SHANGHAI)
                .toOffsetDateTime();
        boolean protectionOrder = r.get("protection_order_advised").asBoolean();
        jdbc.sql("""
                insert into wf_result (case_ref, wf_case_id, dispute_id, result, closed_at, received_at, content)
                values (:r, :id, :d, :res, :closed, :now, :content)""")
                .param("r", caseRef).param("id", a.caseNo()).param("d", d).param("res", result)
                .param("closed", closedAt).param("now", registry.now()).param("content", r.toString()).update();
        String mediatorName = r.hasNonNull("mediator_name") ? r.get("mediator_name").asText() : null;
        assignments.applyCaseState(caseRef, AssignmentStatus.CONCLUDED, result, mediatorName, null, null, closedAt);
        // Timeline: codes only, no names (the mediator's name stays in the stored result).
        registry.addTimeline(d, closedAt, "WF_RESULT", AGENCY, Direction.IN, "case " + a.caseNo() + " " + result
                + (protectionOrder ? ", protection order advised" : ""), null);
        if (protectionOrder && registry.recordFact(d, "wf:protection-order-advised")) {
            // §7: the dispute is flagged; the fact and the concluded event's reason carry it to the channels.
            registry.addTimeline(d, registry.now(), "PROTECTION_ORDER_ADVISED", AGENCY, Direction.INTERNAL,
                    "applicant advised to apply for a 人身安全保护令", null);
        }
        String outcome = switch (result) {
            case "resolved" -> "SUCCESS";
            case "withdrawn" -> "TERMINATED";
            default -> "FAILURE";
        };
        if (registry.recordFact(d, "wf:concluded:" + caseRef)) {
            EventData.Mediator mediator = mediatorName == null ? null : new EventData.Mediator(null, mediatorName, null);
            String confirmBy = "SUCCESS".equals(outcome) ? closedAt.toLocalDate().plusDays(30).toString() : null;
            events.publish(EventType.MEDIATION_CONCLUDED, d, AGENCY, new EventData.MediationConcluded(d, caseRef,
                    a.caseNo(), WfDelivery.target(a), outcome, ISO.format(closedAt), null,
                    r.hasNonNull("agreement_summary") ? r.get("agreement_summary").asText() : null, null, null,
                    failureReason(result, protectionOrder), mediator, confirmBy));
        }
        registry.updateStatus(d, DisputeStatus.CONCLUDED, outcome);
        return Answer.STORED;
    }

    static String failureReason(String result, boolean protectionOrder) {
        String base = switch (result) {
            case "unresolved" -> "妇联调解未达成协议";
            case "referred_to_court" -> "妇联调解引导诉讼";
            case "withdrawn" -> "当事人撤回";
            default -> null;
        };
        if (base == null) {
            return null;
        }
        return protectionOrder ? base + "，已建议申请人申请人身安全保护令" : base;
    }

    private JsonNode readTree(String json) {
        try {
            return mapper.readTree(json);
        } catch (JsonProcessingException e) {
            throw new cn.tongjie.hub.common.HubException(cn.tongjie.hub.common.ErrorCode.TJ_INTERNAL,
                    "stored result unreadable", e);
        }
    }
}
