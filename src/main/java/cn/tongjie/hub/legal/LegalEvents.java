package cn.tongjie.hub.legal;

import cn.tongjie.hub.canonical.CanonicalEvents;
import cn.tongjie.hub.canonical.EventData;
import cn.tongjie.hub.canonical.EventType;
import cn.tongjie.hub.registry.Alerts;
import cn.tongjie.hub.registry.Assignment;
import cn.tongjie.hub.registry.AssignmentStatus;
import cn.tongjie.hub.registry.Assignments;
import cn.tongjie.hub.registry.DisputeRegistry;
import cn.tongjie.hub.registry.DisputeStatus;
import cn.tongjie.hub.registry.TimelineEntry.Direction;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Case events from the legal-service system (§7): stored once per eventId, correlated by externalRef (orphans kept
 * until the assignment is known), and the case state derived from the whole set of events — never from the last
 * arrival — so out-of-order and repeated deliveries give the same result. Every derived fact is announced once.
 */
@Service
class LegalEvents {

    private static final Logger log = LoggerFactory.getLogger(LegalEvents.class);
    private static final String AGENCY = LegalDelivery.AGENCY;

    private final JdbcClient jdbc;
    private final Assignments assignments;
    private final DisputeRegistry registry;
    private final CanonicalEvents events;
    private final Alerts alerts;
    private final ObjectMapper mapper;

    LegalEvents(JdbcClient jdbc, Assignments assignments, DisputeRegistry registry, CanonicalEvents events,
            Alerts alerts, ObjectMapper mapper) {
        this.jdbc = jdbc;
        this.assignments = assignments;
        this.registry = registry;
        this.events = events;
        this.alerts = alerts;
        this.mapper = mapper;
    }

    enum Answer { STORED, DUPLICATE, EVENT_ID_CONFLICT, CASE_MISMATCH }

    /** Stores a schema-valid event and applies it; the answer decides the HTTP response (§7.2). */
    @Transactional
    public Answer receive(JsonNode event) {
        String eventId = event.get("eventId").asText();
        String externalRef = event.get("externalRef").asText();
        String caseNo = event.get("caseNo").asText();
        Optional<String> stored = jdbc.sql("select content from legal_event where event_id = :id").param("id", eventId)
                .query(String.class).optional();
        if (stored.isPresent()) {
            // "Identical content" = equal as JSON values (member order and whitespace irrelevant).
            return readTree(stored.get()).equals(event) ? Answer.DUPLICATE : Answer.EVENT_ID_CONFLICT;
        }
        Optional<Assignment> assignment = assignments.findForUpdate(externalRef);
        if (assignment.isPresent() && assignment.get().caseNo() != null && !assignment.get().caseNo().equals(caseNo)) {
            return Answer.CASE_MISMATCH;
        }
        insert(event);
        if (assignment.isEmpty()) {
            // §7.4: answer 200 and keep it; applied as soon as the assignment is recorded.
            log.info("Legal-service event {} for unknown externalRef {} kept as orphan", eventId, externalRef);
            return Answer.STORED;
        }
        Assignment a = assignment.get();
        if (a.caseNo() == null) {
            // The 201 and the first callback race (§7.4): the event binds the caseNo.
            assignments.bindCaseNo(externalRef, caseNo);
            registry.addXref(a.disputeId(), AGENCY, "caseNo", caseNo);
        }
        registry.addTimeline(a.disputeId(), OffsetDateTime.parse(event.get("occurredAt").asText()),
                "LEGAL_" + event.get("eventType").asText(), AGENCY, Direction.IN,
                describe(event), event.toString());
        apply(externalRef);
        return Answer.STORED;
    }

    private void insert(JsonNode event) {
        jdbc.sql("""
                insert into legal_event (event_id, external_ref, case_no, event_type, occurred_at, received_at, content)
                values (:id, :ref, :case, :type, :occ, :at, :content)""")
                .param("id", event.get("eventId").asText()).param("ref", event.get("externalRef").asText())
                .param("case", event.get("caseNo").asText()).param("type", event.get("eventType").asText())
                .param("occ", OffsetDateTime.parse(event.get("occurredAt").asText()))
                .param("at", registry.now()).param("content", event.toString()).update();
    }

    /**
     * §7.5 reconciliation: applies a getCase view. Events already stored are skipped (by eventId), new ones are stored
     * and the state derived exactly as if they had arrived one by one. Returns how many events were new.
     */
    @Transactional
    public int reconcile(String externalRef, JsonNode caseView) {
        Assignment a = assignments.findForUpdate(externalRef).orElseThrow(() -> new cn.tongjie.hub.common.HubException(
                cn.tongjie.hub.common.ErrorCode.TJ_ILLEGAL_STATE, "no assignment " + externalRef));
        int added = 0;
        for (JsonNode e : caseView.path("events")) {
            if (!CaseEventValidator.validate(e).isEmpty() || !externalRef.equals(e.path("externalRef").asText())) {
                alerts.raise("WARN", "LEGAL_RECONCILE_BAD_EVENT", AGENCY, a.disputeId(),
                        "getCase of " + externalRef + " returned an event that breaks the contract: "
                                + e.path("eventId").asText());
                continue;
            }
            boolean known = jdbc.sql("select count(*) from legal_event where event_id = :id")
                    .param("id", e.get("eventId").asText()).query(Integer.class).single() > 0;
            if (known) {
                continue;
            }
            insert(e);
            registry.addTimeline(a.disputeId(), OffsetDateTime.parse(e.get("occurredAt").asText()),
                    "LEGAL_" + e.get("eventType").asText(), AGENCY, Direction.IN, describe(e) + " (reconciled)",
                    e.toString());
            added++;
        }
        if (a.caseNo() == null && caseView.hasNonNull("caseNo")) {
            assignments.bindCaseNo(externalRef, caseView.get("caseNo").asText());
            registry.addXref(a.disputeId(), AGENCY, "caseNo", caseView.get("caseNo").asText());
        }
        apply(externalRef);
        return added;
    }

    /** Called when createCase succeeded: announce the assignment and apply any events that arrived before it. */
    @Transactional
    public void assignmentRegistered(String externalRef) {
        Assignment a = assignments.findForUpdate(externalRef).orElseThrow();
        List<JsonNode> orphans = jdbc.sql("select content from legal_event where external_ref = :r and applied = false")
                .param("r", externalRef).query(String.class).list().stream().map(this::readTree).toList();
        for (JsonNode e : orphans) {
            registry.addTimeline(a.disputeId(), OffsetDateTime.parse(e.get("occurredAt").asText()),
                    "LEGAL_" + e.get("eventType").asText(), AGENCY, Direction.IN, describe(e) + " (arrived early)",
                    e.toString());
        }
        apply(externalRef);
    }

    /** Events older than 24 h that still match no assignment (§7.4: alert). */
    @Transactional
    public int alertOldOrphans(OffsetDateTime before) {
        List<String> refs = jdbc.sql("""
                select distinct e.external_ref from legal_event e
                where e.applied = false and e.received_at < :before
                  and not exists (select 1 from assignment a where a.external_ref = e.external_ref)""")
                .param("before", before).query(String.class).list();
        for (String ref : refs) {
            if (registry.recordFact("orphan", "legal-orphan-alert:" + ref)) {
                alerts.raise("WARN", "LEGAL_ORPHAN_EVENT", AGENCY, null,
                        "case events for unknown externalRef " + ref + " unmatched for more than 24 h");
            }
        }
        return refs.size();
    }

    /** Derives the case state from the set of stored events (§7.3) and announces every new fact once. */
    private void apply(String externalRef) {
        Assignment a = assignments.find(externalRef).orElseThrow();
        List<JsonNode> all = jdbc.sql("""
                select content from legal_event where external_ref = :r order by occurred_at, arrival_seq""")
                .param("r", externalRef).query(String.class).list().stream().map(this::readTree).toList();
        jdbc.sql("update legal_event set applied = true where external_ref = :r and applied = false")
                .param("r", externalRef).update();
        String caseNo = a.caseNo() != null ? a.caseNo()
                : all.stream().map(e -> e.get("caseNo").asText()).findFirst().orElse(null);
        String d = a.disputeId();

        if (caseNo != null && a.status() != AssignmentStatus.WITHDRAWN
                && registry.recordFact(d, "legal:assigned:" + externalRef)) {
            events.publish(EventType.MEDIATION_ASSIGNED, d, AGENCY, new EventData.MediationAssigned(d, externalRef,
                    caseNo, target(a), a.dueDate().toString(), a.urgent(), a.ruleId(), registry.now().toString()));
            registry.updateStatus(d, DisputeStatus.ASSIGNED, null);
        }
        if (all.isEmpty()) {
            return;
        }
        Optional<JsonNode> concluded = first(all, "CONCLUDED");
        Optional<JsonNode> declined = first(all, "DECLINED");
        Optional<JsonNode> mediatorEvent = last(all, "MEDIATOR_ASSIGNED");
        Optional<JsonNode> accepted = first(all, "ACCEPTED");
        Optional<JsonNode> followUp = last(all, "FOLLOW_UP");

        AssignmentStatus state = concluded.isPresent() ? AssignmentStatus.CONCLUDED
                : declined.isPresent() ? AssignmentStatus.DECLINED
                : mediatorEvent.isPresent() ? AssignmentStatus.IN_MEDIATION
                : accepted.isPresent() ? AssignmentStatus.ACCEPTED
                : AssignmentStatus.RECEIVED;
        if (a.status() == AssignmentStatus.WITHDRAWN) {
            state = AssignmentStatus.WITHDRAWN;
        }
        JsonNode mediator = mediatorEvent.map(e -> e.get("mediator")).orElse(null);
        String result = concluded.map(e -> e.path("conclusion").path("result").asText()).orElse(null);
        Boolean performed = followUp.map(e -> e.path("followUp").path("performed").asBoolean()).orElse(null);
        OffsetDateTime concludedAt = concluded
                .map(e -> OffsetDateTime.parse(e.path("conclusion").path("concludedAt").asText())).orElse(null);
        assignments.applyCaseState(externalRef, state, result, mediator == null ? null : mediator.path("name").asText(),
                mediator == null ? null : mediator.path("phone").asText(null), performed, concludedAt);

        // Facts, each announced once whatever the arrival order.
        EventData.Mediator currentMediator = mediator == null ? null : new EventData.Mediator(
                mediator.path("mediatorId").asText(null), mediator.path("name").asText(), mediator.path("phone").asText(null));
        if (accepted.isPresent() && registry.recordFact(d, "legal:accepted:" + externalRef)) {
            events.publish(EventType.MEDIATION_ACCEPTED, d, AGENCY, new EventData.MediationAccepted(d, externalRef,
                    caseNo, target(a), accepted.get().get("occurredAt").asText()));
        }
        if (mediatorEvent.isPresent()
                && registry.recordFact(d, "legal:mediator:" + externalRef + ":" + mediatorEvent.get().get("eventId").asText())) {
            events.publish(EventType.MEDIATION_MEDIATOR_ASSIGNED, d, AGENCY, new EventData.MediatorAssigned(d,
                    externalRef, caseNo, target(a), currentMediator, mediatorEvent.get().get("occurredAt").asText()));
        }
        if (concluded.isPresent() && registry.recordFact(d, "legal:concluded:" + externalRef)) {
            JsonNode c = concluded.get().get("conclusion");
            String outcome = c.get("result").asText();
            // 司法确认: joint application within 30 days of the agreement (§9); tracked as a deadline.
            String confirmBy = "SUCCESS".equals(outcome) ? concludedAt.toLocalDate().plusDays(30).toString() : null;
            events.publish(EventType.MEDIATION_CONCLUDED, d, AGENCY, new EventData.MediationConcluded(d, externalRef,
                    caseNo, target(a), outcome, c.get("concludedAt").asText(), text(c, "agreementNo"),
                    text(c, "agreementText"), c.hasNonNull("agreedAmount") ? c.get("agreedAmount").decimalValue() : null,
                    text(c, "performanceDeadline"), text(c, "failureReason"), currentMediator, confirmBy));
            registry.updateStatus(d, DisputeStatus.CONCLUDED, outcome);
        } else if (concluded.isEmpty() && declined.isPresent()
                && registry.recordFact(d, "legal:declined:" + externalRef)) {
            JsonNode dec = declined.get().get("declined");
            events.publish(EventType.MEDIATION_DECLINED, d, AGENCY, new EventData.MediationDeclined(d, externalRef,
                    caseNo, target(a), dec.get("reasonCode").asText(), dec.path("reason").asText(),
                    declined.get().get("occurredAt").asText()));
            registry.updateStatus(d, DisputeStatus.ASSIGNING, null);
        } else if (concluded.isEmpty() && declined.isEmpty() && state != AssignmentStatus.RECEIVED
                && state != AssignmentStatus.WITHDRAWN) {
            registry.updateStatus(d, state == AssignmentStatus.IN_MEDIATION ? DisputeStatus.IN_MEDIATION
                    : DisputeStatus.ACCEPTED, null);
        }
        if (followUp.isPresent()
                && registry.recordFact(d, "legal:followup:" + externalRef + ":" + followUp.get().get("eventId").asText())) {
            JsonNode f = followUp.get().get("followUp");
            events.publish(EventType.MEDIATION_FOLLOWED_UP, d, AGENCY, new EventData.MediationFollowedUp(d,
                    externalRef, caseNo, target(a), f.get("performed").asBoolean(), f.get("followUpAt").asText(),
                    text(f, "note")));
        }
    }

    private static EventData.Target target(Assignment a) {
        return new EventData.Target(AGENCY, a.targetCode(), a.targetName());
    }

    private static String text(JsonNode n, String field) {
        return n.hasNonNull(field) ? n.get(field).asText() : null;
    }

    private static Optional<JsonNode> first(List<JsonNode> all, String type) {
        return all.stream().filter(e -> type.equals(e.get("eventType").asText())).findFirst();
    }

    /** The one with the latest occurredAt (ties: the later arrival — the list is ordered by occurredAt, arrival). */
    private static Optional<JsonNode> last(List<JsonNode> all, String type) {
        return all.stream().filter(e -> type.equals(e.get("eventType").asText()))
                .reduce((x, y) -> y);
    }

    /** Timeline text: the event's type and codes, never names or phone numbers. */
    private static String describe(JsonNode e) {
        String type = e.get("eventType").asText();
        return switch (type) {
            case "DECLINED" -> "case " + e.get("caseNo").asText() + " DECLINED (" + e.path("declined").path("reasonCode").asText() + ")";
            case "CONCLUDED" -> "case " + e.get("caseNo").asText() + " CONCLUDED " + e.path("conclusion").path("result").asText()
                    + (e.path("conclusion").hasNonNull("agreementNo") ? " agreement " + e.path("conclusion").get("agreementNo").asText() : "");
            case "MEDIATOR_ASSIGNED" -> "case " + e.get("caseNo").asText() + " mediator " + e.path("mediator").path("mediatorId").asText() + " assigned";
            case "FOLLOW_UP" -> "case " + e.get("caseNo").asText() + " follow-up: performed=" + e.path("followUp").path("performed").asText();
            default -> "case " + e.get("caseNo").asText() + " " + type;
        };
    }

    private JsonNode readTree(String json) {
        try {
            return mapper.readTree(json);
        } catch (JsonProcessingException e) {
            throw new cn.tongjie.hub.common.HubException(cn.tongjie.hub.common.ErrorCode.TJ_INTERNAL,
                    "stored event unreadable", e);
        }
    }
}
