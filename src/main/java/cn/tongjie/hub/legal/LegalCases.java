package cn.tongjie.hub.legal;

import cn.tongjie.hub.common.ErrorCode;
import cn.tongjie.hub.common.HubException;
import cn.tongjie.hub.registry.Assignment;
import cn.tongjie.hub.registry.AssignmentStatus;
import cn.tongjie.hub.registry.Assignments;
import cn.tongjie.hub.registry.AuditLog;
import cn.tongjie.hub.registry.DisputeRegistry;
import cn.tongjie.hub.registry.TimelineEntry.Direction;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Lazy;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * The legal-service operations besides createCase: withdrawCase (§6, on an operator's request) and getCase for the
 * daily reconciliation (§7.5). Both go through their own direct: routes in {@link LegalRoutes}.
 */
@Service
public class LegalCases {

    private static final Logger log = LoggerFactory.getLogger(LegalCases.class);
    private static final Set<String> REASONS = Set.of("PARTY_WITHDREW", "RESOLVED_ELSEWHERE", "REASSIGNED", "DUPLICATE",
            "OTHER");

    private final Assignments assignments;
    private final DisputeRegistry registry;
    private final LegalEvents legalEvents;
    private final AuditLog audit;
    private final JdbcClient jdbc;
    private final ObjectMapper mapper;
    private final ProducerTemplate template;
    private final Clock clock;
    private final ZoneId zone;

    LegalCases(Assignments assignments, DisputeRegistry registry, LegalEvents legalEvents, AuditLog audit,
            JdbcClient jdbc, ObjectMapper mapper, @Lazy ProducerTemplate template, Clock clock,
            ZoneId hubZone) {
        this.assignments = assignments;
        this.registry = registry;
        this.legalEvents = legalEvents;
        this.audit = audit;
        this.jdbc = jdbc;
        this.mapper = mapper;
        this.template = template;
        this.clock = clock;
        this.zone = hubZone;
    }

    /** Outcome of a withdrawal request, as the operator sees it. */
    public record WithdrawResult(int httpStatus, String outcome, String detail) {
    }

    /** §6 withdrawCase. 200 ⇒ WITHDRAWN; 409 CASE_CLOSED ⇒ the case stays as it is (its final event is fetched). */
    public WithdrawResult withdraw(String externalRef, String reason, String reasonText, String actor) {
        if (!REASONS.contains(reason) || ("OTHER".equals(reason) && (reasonText == null || reasonText.isBlank()))) {
            throw new HubException(ErrorCode.TJ_ILLEGAL_STATE, "reason must be one of " + REASONS
                    + " (OTHER needs a reasonText)");
        }
        Assignment a = assignments.find(externalRef).orElseThrow(() -> new HubException(ErrorCode.TJ_ILLEGAL_STATE,
                "no assignment " + externalRef));
        if (a.caseNo() == null || !a.status().open()) {
            throw new HubException(ErrorCode.TJ_ILLEGAL_STATE, externalRef + " has no open case at the legal-service system ("
                    + a.status() + ")");
        }
        var body = mapper.createObjectNode().put("externalRef", externalRef).put("reason", reason);
        if (reasonText != null && !reasonText.isBlank()) {
            body.put("reasonText", reasonText);
        }
        body.put("requestedAt", OffsetDateTime.now(clock.withZone(zone)).truncatedTo(ChronoUnit.SECONDS).toString());
        Exchange done = template.send("direct:legal-withdraw-case", e -> {
            e.getIn().setHeader("caseNo", a.caseNo());
            e.getIn().setBody(body.toString());
        });
        int status = done.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class);
        JsonNode answer = read(done.getMessage().getBody(String.class));
        audit.record(actor, "LEGAL_WITHDRAW", externalRef, "reason " + reason + " → HTTP " + status);
        if (status == 200) {
            assignments.setStatus(externalRef, AssignmentStatus.WITHDRAWN, null);
            registry.addTimeline(a.disputeId(), registry.now(), "LEGAL_CASE_WITHDRAWN", LegalDelivery.AGENCY,
                    Direction.OUT, "case " + a.caseNo() + " withdrawn (" + reason + ") at "
                            + answer.path("withdrawnAt").asText(), null);
            return new WithdrawResult(200, "WITHDRAWN", answer.path("withdrawnAt").asText());
        }
        if (status == 409 && "CASE_CLOSED".equals(answer.path("errorCode").asText())) {
            // Too late: the case stays as the legal system closed it; make sure the hub knows the closing event.
            registry.addTimeline(a.disputeId(), registry.now(), "LEGAL_WITHDRAW_TOO_LATE", LegalDelivery.AGENCY,
                    Direction.OUT, "withdrawal refused: case already " + answer.path("currentStatus").asText(), null);
            reconcileOne(externalRef, a.caseNo());
            return new WithdrawResult(409, "CASE_CLOSED", answer.path("currentStatus").asText());
        }
        return new WithdrawResult(status, answer.path("errorCode").asText("HTTP " + status),
                answer.path("message").asText(""));
    }

    /** §7.5: getCase for one case and apply what the hub has not seen. Returns the number of new events. */
    public int reconcileOne(String externalRef, String caseNo) {
        Exchange done = template.send("direct:legal-get-case", e -> e.getIn().setHeader("caseNo", caseNo));
        int status = done.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class);
        if (done.isFailed() || status != 200) {
            log.warn("getCase {} not available (HTTP {}); next reconciliation will retry", caseNo, status);
            return 0;
        }
        return legalEvents.reconcile(externalRef, read(done.getMessage().getBody(String.class)));
    }

    /**
     * Once a day, outside the Sunday 02:00–06:00 maintenance window: every open case whose last event is older than
     * three days is fetched with getCase (§7.5). Returns the number of cases checked.
     */
    public int reconcileDue(boolean force) {
        ZonedDateTime now = ZonedDateTime.now(clock.withZone(zone));
        boolean maintenance = now.getDayOfWeek() == DayOfWeek.SUNDAY && now.getHour() >= 2 && now.getHour() < 6;
        if (!force && (maintenance || now.getHour() < 7
                || !registry.recordFact("legal-reconciliation", "day:" + now.toLocalDate()))) {
            return 0;
        }
        OffsetDateTime before = now.toOffsetDateTime().minusDays(3);
        List<String[]> due = jdbc.sql("""
                select a.external_ref, a.case_no from assignment a
                where a.agency = 'legal-service' and a.case_no is not null
                  and a.status in ('RECEIVED', 'ACCEPTED', 'IN_MEDIATION')
                  and coalesce((select max(e.received_at) from legal_event e where e.external_ref = a.external_ref),
                               a.updated_at) < :before
                order by a.created_at""")
                .param("before", before)
                .query((rs, n) -> new String[] {rs.getString(1), rs.getString(2)}).list();
        int added = 0;
        for (String[] c : due) {
            added += reconcileOne(c[0], c[1]);
        }
        if (!due.isEmpty()) {
            log.info("Reconciliation checked {} legal-service cases, {} new events", due.size(), added);
        }
        return due.size();
    }

    private JsonNode read(String json) {
        try {
            return json == null || json.isBlank() ? mapper.createObjectNode() : mapper.readTree(json);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return mapper.createObjectNode();
        }
    }
}
