package cn.tongjie.hub.court;

import cn.tongjie.hub.canonical.CanonicalDispute;
import cn.tongjie.hub.canonical.CanonicalEvents;
import cn.tongjie.hub.canonical.CloudEvent;
import cn.tongjie.hub.canonical.EventType;
import cn.tongjie.hub.common.ErrorCode;
import cn.tongjie.hub.common.HubException;
import cn.tongjie.hub.court.CourtTransferSupport.Person;
import cn.tongjie.hub.registry.Alerts;
import cn.tongjie.hub.registry.Assignment;
import cn.tongjie.hub.registry.Assignments;
import cn.tongjie.hub.registry.AuditLog;
import cn.tongjie.hub.registry.Dispute;
import cn.tongjie.hub.registry.DisputeRegistry;
import cn.tongjie.hub.registry.TimelineEntry.Direction;
import cn.tongjie.hub.routing.RoutingRules;
import cn.tongjie.hub.sharing.SharingPolicies;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tongliao.court.docking.v1.CauseOfActionType;
import tongliao.court.docking.v1.ClaimsType;
import tongliao.court.docking.v1.FailureReasonType;
import tongliao.court.docking.v1.MediationSummaryType;
import tongliao.court.docking.v1.MediatorType;
import tongliao.court.docking.v1.PartiesType;
import tongliao.court.docking.v1.PartyRoleType;
import tongliao.court.docking.v1.PartyType;
import tongliao.court.docking.v1.TransferForFilingType;

/**
 * 调解不成转立案 (contract §8.4, table court_transfer), only for disputes that did not come from a court. The trigger is
 * the canonical {@code mediation.concluded} with result FAILURE: a mediation took place and failed, so the contract's
 * {@code mediation} block (org, mediators, startedAt, endedAt, failure reason) can be filled. {@code dispute.unresolved}
 * (no body took the dispute) is not a trigger: there was no mediation to describe. The operator adds the complaint,
 * the claims and the plaintiff's consent; complete ⇒ queued.
 */
@Service
class CourtTransfers {

    private static final Logger log = LoggerFactory.getLogger(CourtTransfers.class);
    static final String PURPOSE = "TRANSFER";
    private static final String AGENCY = "court";

    /**
     * Default 案由 per canonical category when the operator names none (contract codes/cause-of-action.csv,
     * category_hint read backwards). Categories without one clear cause get 9999 其他民事纠纷; the operator can
     * always name the exact cause.
     */
    static final Map<String, String> CAUSE_OF_CATEGORY = Map.ofEntries(Map.entry("NEIGHBOUR", "0201"),
            Map.entry("HOUSING_HOMESTEAD", "0202"), Map.entry("LAND_FOREST", "0203"), Map.entry("LABOUR", "0402"),
            Map.entry("TRAFFIC", "0501"), Map.entry("MEDICAL", "0502"), Map.entry("DAMAGES", "0505"),
            Map.entry("PROPERTY_MANAGEMENT", "0305"));

    /** One transfer row. */
    record Transfer(String transferId, String disputeId, String courtCode, String state, String reasonCode,
            String filedCaseNo, OffsetDateTime sentAt, boolean overdueAlerted, ObjectNode inputs, String messageId,
            OffsetDateTime createdAt) {
    }

    private final JdbcClient jdbc;
    private final Delegations delegations;
    private final DisputeRegistry registry;
    private final Assignments assignments;
    private final CourtOutbound outbound;
    private final CourtDocuments documents;
    private final Jurisdiction jurisdiction;
    private final RoutingRules rules;
    private final CanonicalEvents events;
    private final Alerts alerts;
    private final AuditLog audit;
    private final ObjectMapper mapper;
    private final JudicialConfirmationProperties props;
    private final Clock clock;
    private final SharingPolicies sharing;

    CourtTransfers(JdbcClient jdbc, Delegations delegations, DisputeRegistry registry, Assignments assignments,
            CourtOutbound outbound, CourtDocuments documents, Jurisdiction jurisdiction, RoutingRules rules,
            CanonicalEvents events, Alerts alerts, AuditLog audit, ObjectMapper mapper,
            JudicialConfirmationProperties props, Clock clock,
            SharingPolicies sharing) {
        this.sharing = sharing;
        this.jdbc = jdbc;
        this.delegations = delegations;
        this.registry = registry;
        this.assignments = assignments;
        this.outbound = outbound;
        this.documents = documents;
        this.jurisdiction = jurisdiction;
        this.rules = rules;
        this.events = events;
        this.alerts = alerts;
        this.audit = audit;
        this.mapper = mapper;
        this.props = props;
        this.clock = clock;
    }

    static String causeOfCategory(String category) {
        return CAUSE_OF_CATEGORY.getOrDefault(category, "9999");
    }

    /** The stored conclusion of a hub-originated mediation (canonical mediation.concluded data). */
    static Optional<JsonNode> outcome(JdbcClient jdbc, ObjectMapper mapper, String disputeId) {
        return jdbc.sql("select data from court_mediation_outcome where dispute_id = :d").param("d", disputeId)
                .query(String.class).optional().map(json -> CourtTransferSupport.inputs(mapper, json));
    }

    // ------------------------------------------------------------------------------------------ canonical events

    @Transactional
    public void onCanonicalEvent(String json) {
        CloudEvent ce = events.parse(json);
        if (ce.subject() == null || EventType.fromCeType(ce.type()).orElse(null) != EventType.MEDIATION_CONCLUDED) {
            return;
        }
        Optional<Dispute> found = registry.find(ce.subject());
        if (found.isEmpty() || AGENCY.equals(found.get().sourceAgency())
                || delegations.ofDispute(ce.subject()).isPresent()) {
            return; // court disputes report their result to the delegating court (§8.2), never via §8.3/§8.4 here
        }
        Dispute d = found.get();
        JsonNode data = ce.data();
        String result = data.path("result").asText();
        if (!registry.recordFact(d.disputeId(), "court-follow-up:concluded")) {
            return; // a redelivered event: the conclusion was recorded already
        }
        jdbc.sql("insert into court_mediation_outcome (dispute_id, result, data, recorded_at) values (:d, :r, :j, :at)")
                .param("d", d.disputeId()).param("r", result).param("j", data.toString())
                .param("at", OffsetDateTime.now(clock)).update();
        if ("FAILURE".equals(result)) {
            String region = rules.target(data.path("target").path("code").asText(null))
                    .map(RoutingRules.Target::region).orElse(null);
            String id = d.disputeId() + "-TF1";
            insert(id, d.disputeId(), jurisdiction.courtOf(region).orElse(""));
            registry.addTimeline(d.disputeId(), OffsetDateTime.now(clock), "TRANSFER_AWAITING_OPERATOR", AGENCY,
                    Direction.INTERNAL, "mediation failed: transfer for filing " + id + " awaits the operator "
                            + "(complaint, claims, plaintiff consent)", null);
            log.info("Transfer {} created for failed mediation of {}", id, d.disputeId());
        }
    }

    // ------------------------------------------------------------------------------------------ court answers

    @EventListener
    public void onAnswered(CourtOutbound.Answered a) {
        if (!"TransferForFiling".equals(a.operation())) {
            return;
        }
        Optional<Transfer> found = jdbc.sql("select * from court_transfer where message_id = :m")
                .param("m", a.messageId()).query(this::map).optional();
        if (found.isEmpty()) {
            return;
        }
        Transfer t = found.get();
        OffsetDateTime now = OffsetDateTime.now(clock);
        switch (a.outcome()) {
            case "ACCEPTED" -> {
                jdbc.sql("update court_transfer set state = 'ACCEPTED', sent_at = :now, updated_at = :now "
                        + "where transfer_id = :id and state = 'QUEUED'").param("now", now)
                        .param("id", t.transferId()).update();
                registry.addTimeline(t.disputeId(), now, "TRANSFER_ACCEPTED", AGENCY, Direction.OUT,
                        "court " + t.courtCode() + " recorded transfer " + t.transferId(), null);
            }
            case "REJECTED" -> {
                jdbc.sql("update court_transfer set state = 'REJECTED', reason_code = :r, updated_at = :now "
                        + "where transfer_id = :id").param("r", a.reasonCode()).param("now", now)
                        .param("id", t.transferId()).update();
                registry.addTimeline(t.disputeId(), now, "TRANSFER_REJECTED", AGENCY, Direction.OUT,
                        "court " + t.courtCode() + " refused transfer " + t.transferId() + ": " + a.reasonCode(),
                        null);
                alerts.raise("ERROR", "TRANSFER_REJECTED", AGENCY, t.disputeId(), t.transferId() + " refused by "
                        + t.courtCode() + ": " + a.reasonCode());
            }
            default -> alerts.raise("ERROR", "TRANSFER_FAILED", AGENCY, t.disputeId(), t.transferId()
                    + " not delivered to " + t.courtCode() + ": " + a.reasonCode() + " (message " + a.messageId() + ")");
        }
    }

    // ------------------------------------------------------------------------------------------ operator

    /**
     * A new transfer after the court refused or did not file the previous one (e.g. NOT_FILED MATERIALS_INCOMPLETE,
     * §8.4): new transferId, empty documents; the operator's earlier input is carried over.
     */
    @Transactional
    public Transfer restart(String disputeId, String actor) {
        List<Transfer> all = ofDispute(disputeId);
        if (all.isEmpty()) {
            throw new HubException(ErrorCode.TJ_ILLEGAL_STATE, disputeId + " has no failed mediation to transfer");
        }
        Transfer last = all.get(all.size() - 1);
        if (!List.of("REJECTED", "NOT_FILED").contains(last.state())) {
            throw new HubException(ErrorCode.TJ_ILLEGAL_STATE, last.transferId() + " is " + last.state()
                    + ": a new transfer only follows a refused or not-filed one");
        }
        String id = disputeId + "-TF" + (all.size() + 1);
        insert(id, disputeId, last.courtCode());
        jdbc.sql("update court_transfer set inputs = :i where transfer_id = :id").param("i", last.inputs().toString())
                .param("id", id).update();
        audit.record(actor, "COURT_TRANSFER_RESTART", id, "after " + last.transferId() + " " + last.state());
        return find(id).orElseThrow();
    }

    /**
     * Merges operator input (consent, claims[], amountInDispute, causeCode, mediationRegionCode, failureReasonCode,
     * parties.{seq}.{legalRepresentative,legalRepresentativeTitle,idNumber,...}) and queues when complete.
     */
    @Transactional
    public Transfer supply(String transferId, JsonNode input, String actor) {
        Transfer t = requireAwaiting(transferId);
        if (!input.isObject()) {
            throw new HubException(ErrorCode.TJ_INBOUND_INVALID, "expected a JSON object");
        }
        ObjectNode merged = JudicialConfirmations.mergeDeep(t.inputs().deepCopy(), (ObjectNode) input);
        if (merged.has("consent") && !merged.path("consent").asBoolean(false)) {
            throw new HubException(ErrorCode.TJ_INBOUND_INVALID, "plaintiffConsent must be true (contract §8.4)");
        }
        if (merged.has("claims")) {
            JsonNode claims = merged.get("claims");
            if (!claims.isArray() || claims.isEmpty() || claims.size() > 20) {
                throw new HubException(ErrorCode.TJ_INBOUND_INVALID, "claims: 1 to 20 texts (contract §8.4)");
            }
            for (JsonNode c : claims) {
                if (c.asText().isBlank() || c.asText().codePointCount(0, c.asText().length()) > 500) {
                    throw new HubException(ErrorCode.TJ_INBOUND_INVALID, "each claim: 1 to 500 characters");
                }
            }
        }
        if (merged.hasNonNull("causeCode") && jurisdiction.causeName(merged.get("causeCode").asText()).isEmpty()) {
            throw new HubException(ErrorCode.TJ_INBOUND_INVALID, "causeCode not in codes/cause-of-action.csv");
        }
        if (merged.hasNonNull("amountInDispute")
                && merged.get("amountInDispute").decimalValue().signum() < 0) {
            throw new HubException(ErrorCode.TJ_INBOUND_INVALID, "amountInDispute must not be negative");
        }
        if (merged.hasNonNull("failureReasonCode")) {
            try {
                FailureReasonType.valueOf(merged.get("failureReasonCode").asText());
            } catch (IllegalArgumentException e) {
                throw new HubException(ErrorCode.TJ_INBOUND_INVALID, "failureReasonCode not in contract §8.2", e);
            }
        }
        if (merged.hasNonNull("mediationRegionCode")) {
            String court = jurisdiction.courtOf(merged.get("mediationRegionCode").asText()).orElseThrow(() ->
                    new HubException(ErrorCode.TJ_INBOUND_INVALID, "mediationRegionCode must be a county or "
                            + "township of 通辽 (contract §15)"));
            jdbc.sql("update court_transfer set court_code = :c where transfer_id = :id").param("c", court)
                    .param("id", transferId).update();
        }
        jdbc.sql("update court_transfer set inputs = :i, updated_at = :now where transfer_id = :id")
                .param("i", merged.toString()).param("now", OffsetDateTime.now(clock)).param("id", transferId)
                .update();
        audit.record(actor, "COURT_TRANSFER_INPUT", transferId, "fields " + JudicialConfirmations.fieldNames(input));
        return submitIfComplete(transferId);
    }

    @Transactional
    public Transfer addDocument(String transferId, String docType, String title, String fileName, String mimeType,
            byte[] content, String actor) {
        Transfer t = requireAwaiting(transferId);
        if (!List.of("COMPLAINT", "EVIDENCE", "ID_PROOF", "POWER_OF_ATTORNEY", "MEDIATION_RECORD",
                "SERVICE_ADDRESS_CONFIRMATION", "OTHER").contains(docType)) {
            throw new HubException(ErrorCode.TJ_INBOUND_INVALID, "docType " + docType + " does not belong to a "
                    + "transfer for filing");
        }
        long id = documents.add(t.disputeId(), transferId, PURPOSE, docType, title, fileName, mimeType, content,
                actor);
        audit.record(actor, "COURT_TRANSFER_DOCUMENT", transferId, docType + " document " + id + " ("
                + content.length + " bytes)");
        return submitIfComplete(transferId);
    }

    public List<String> missing(Transfer t) {
        List<String> missing = new ArrayList<>();
        if (!JudicialConfirmations.AWAITING_OPERATOR.equals(t.state())) {
            return missing;
        }
        if (t.courtCode() == null || t.courtCode().isBlank()) {
            missing.add("mediationRegionCode (the body is city-level: name the county/township, contract §15)");
        }
        if (!t.inputs().path("consent").asBoolean(false)) {
            missing.add("consent");
        }
        if (t.inputs().path("claims").isEmpty()) {
            missing.add("claims");
        }
        if (documents.of(t.transferId()).stream().noneMatch(d -> "COMPLAINT".equals(d.docType()))) {
            missing.add("document COMPLAINT");
        }
        Dispute d = registry.find(t.disputeId()).orElseThrow();
        CanonicalDispute dispute = CourtTransferSupport.dispute(mapper, sharing.view(AGENCY, d.snapshot()));
        List<Person> persons = CourtTransferSupport.persons(dispute, t.inputs());
        if (persons.stream().noneMatch(p -> "APPLICANT".equals(p.party().role()))
                || persons.stream().noneMatch(p -> "RESPONDENT".equals(p.party().role()))) {
            missing.add("parties (at least one applicant who sues and one respondent)");
        }
        for (Person p : persons) {
            if (!p.natural() && p.legalRepresentative() == null) {
                missing.add("parties." + p.seq() + ".legalRepresentative");
            }
        }
        JsonNode outcome = outcome(jdbc, mapper, t.disputeId()).orElse(mapper.createObjectNode());
        if (mediatorName(outcome, t) == null) {
            missing.add("mediatorName");
        }
        if (dispute.summary() == null || dispute.summary().isBlank()) {
            missing.add("caseSummary");
        }
        return missing;
    }

    private Transfer submitIfComplete(String transferId) {
        Transfer t = find(transferId).orElseThrow();
        if (!missing(t).isEmpty()) {
            return t;
        }
        TransferForFilingType request = build(t);
        String messageId = outbound.enqueue(t.courtCode(), t.transferId(), t.disputeId(), request);
        OffsetDateTime now = OffsetDateTime.now(clock);
        jdbc.sql("update court_transfer set state = 'QUEUED', message_id = :m, updated_at = :now "
                + "where transfer_id = :id and state = 'AWAITING_OPERATOR'").param("m", messageId).param("now", now)
                .param("id", transferId).update();
        registry.addTimeline(t.disputeId(), now, "TRANSFER_QUEUED", AGENCY, Direction.OUT, "transfer for filing "
                + transferId + " queued for " + t.courtCode() + " (message " + messageId + ")", null);
        log.info("Transfer {} queued for {}", transferId, t.courtCode());
        return find(transferId).orElseThrow();
    }

    TransferForFilingType build(Transfer t) {
        Dispute d = registry.find(t.disputeId()).orElseThrow();
        CanonicalDispute dispute = CourtTransferSupport.dispute(mapper, sharing.view(AGENCY, d.snapshot()));
        JsonNode outcome = outcome(jdbc, mapper, t.disputeId()).orElseThrow();
        ObjectNode in = t.inputs();
        TransferForFilingType r = new TransferForFilingType();
        r.setTransferId(t.transferId());
        r.setHubDisputeId(t.disputeId());
        String causeCode = CourtTransferSupport.first(CourtTransferSupport.text(in, "causeCode"),
                causeOfCategory(dispute.category()));
        CauseOfActionType cause = new CauseOfActionType();
        cause.setCode(causeCode);
        cause.setName(jurisdiction.causeName(causeCode).orElse("其他民事纠纷"));
        r.setCauseOfAction(cause);
        ClaimsType claims = new ClaimsType();
        in.path("claims").forEach(c -> claims.getClaim().add(c.asText()));
        r.setClaims(claims);
        fromDispute(r, dispute, in);
        r.setMediation(mediation(outcome, t, dispute));
        r.setPlaintiffConsent(true);
        r.setTransferredAt(CourtTimes.toXml(OffsetDateTime.now(clock)));
        r.setAttachments(CourtTransferSupport.attachments(documents.of(t.transferId()), t.transferId()));
        return r;
    }

    /** What a transfer takes from the dispute: amount, summary, parties — from the court's view of it only. */
    static void fromDispute(TransferForFilingType r, CanonicalDispute courtView, ObjectNode in) {
        BigDecimal amount = in.hasNonNull("amountInDispute") ? in.get("amountInDispute").decimalValue()
                : courtView.amount();
        if (amount != null) {
            r.setAmountInDispute(amount.setScale(2, RoundingMode.HALF_UP));
        }
        r.setCaseSummary(CourtTransferSupport.clip(courtView.summary(), 2000));
        PartiesType parties = new PartiesType();
        for (Person p : CourtTransferSupport.persons(courtView, in)) {
            parties.getParty().add(party(p));
        }
        r.setParties(parties);
    }

    private static PartyType party(Person p) {
        PartyType party = new PartyType();
        party.setSeq(p.seq());
        party.setRole(switch (p.party().role()) {
            case "APPLICANT" -> PartyRoleType.原告;
            case "RESPONDENT" -> PartyRoleType.被告;
            default -> PartyRoleType.第三人;
        });
        party.setPersonType(CourtTransferSupport.personTypeOf(p));
        party.setName(p.party().name());
        if (p.natural()) {
            party.setGender(CourtTransferSupport.gender(p.party().gender()));
            party.setEthnicity(p.party().ethnicity());
        }
        party.setIdType(CourtTransferSupport.idTypeOf(p));
        party.setIdNumber(party.getIdType() == null ? null : p.idNumber());
        if (p.phone() != null) {
            party.getPhone().add(p.phone());
        }
        party.setAddress(CourtTransferSupport.clip(p.address(), 200));
        party.setLegalRepresentative(CourtTransferSupport.legalRepresentative(p));
        return party;
    }

    /** The failed mediation: body and mediator from the conclusion, started when the hub assigned the body. */
    private MediationSummaryType mediation(JsonNode outcome, Transfer t, CanonicalDispute dispute) {
        MediationSummaryType m = new MediationSummaryType();
        String targetCode = outcome.path("target").path("code").asText(null);
        m.setMediationOrg(CourtTransferSupport.mediationOrg(rules, targetCode,
                outcome.path("target").path("name").asText(null),
                CourtTransferSupport.text(t.inputs(), "mediationRegionCode")));
        MediatorType mediator = new MediatorType();
        mediator.setName(mediatorName(outcome, t));
        mediator.setPhone(outcome.path("mediator").path("phone").asText(null));
        m.getMediator().add(mediator);
        OffsetDateTime ended = OffsetDateTime.parse(outcome.path("concludedAt").asText());
        String externalRef = outcome.path("externalRef").asText(null);
        OffsetDateTime started = assignments.ofDispute(t.disputeId()).stream()
                .filter(a -> externalRef == null || externalRef.equals(a.externalRef()))
                .map(Assignment::createdAt).findFirst().orElse(ended);
        m.setStartedAt(CourtTimes.toXml(started.isAfter(ended) ? ended : started));
        m.setEndedAt(CourtTimes.toXml(ended));
        String code = CourtTransferSupport.text(t.inputs(), "failureReasonCode");
        m.setFailureReasonCode(code != null ? FailureReasonType.valueOf(code) : FailureReasonType.NO_AGREEMENT);
        m.setFailureReasonText(CourtTransferSupport.clip(CourtTransferSupport.first(
                CourtTransferSupport.text(t.inputs(), "failureReasonText"),
                outcome.path("failureReason").asText(null)), 500));
        return m;
    }

    /**
     * The operator's entry, else the mediator the conclusion named, else the one the body named for the case: the
     * body's events may arrive in any order, so a conclusion can be announced before its MEDIATOR_ASSIGNED was seen.
     */
    private String mediatorName(JsonNode outcome, Transfer t) {
        String fromCase = assignments.find(outcome.path("externalRef").asText(""))
                .map(a -> a.mediatorName()).orElse(null);
        return CourtTransferSupport.first(CourtTransferSupport.text(t.inputs(), "mediatorName"),
                CourtTransferSupport.first(outcome.path("mediator").path("name").asText(null), fromCase));
    }

    // ------------------------------------------------------------------------------------------ overdue

    /** §8.4: alert when no NotifyCaseFiled arrived within the configured days after the court accepted. */
    @Transactional
    public int alertOverdue() {
        OffsetDateTime before = OffsetDateTime.now(clock).minusDays(props.filingAlertDays());
        List<Transfer> due = jdbc.sql("select * from court_transfer where state = 'ACCEPTED' "
                + "and overdue_alerted = false and sent_at <= :b").param("b", before).query(this::map).list();
        for (Transfer t : due) {
            jdbc.sql("update court_transfer set overdue_alerted = true where transfer_id = :id")
                    .param("id", t.transferId()).update();
            alerts.raise("WARN", "TRANSFER_FILING_OVERDUE", AGENCY, t.disputeId(), t.transferId() + " accepted by "
                    + t.courtCode() + " " + props.filingAlertDays() + " days ago, no filing decision yet");
        }
        return due.size();
    }

    // ------------------------------------------------------------------------------------------ store

    public Optional<Transfer> find(String transferId) {
        return jdbc.sql("select * from court_transfer where transfer_id = :id").param("id", transferId)
                .query(this::map).optional();
    }

    public List<Transfer> ofDispute(String disputeId) {
        return jdbc.sql("select * from court_transfer where dispute_id = :d order by created_at, transfer_id")
                .param("d", disputeId).query(this::map).list();
    }

    public List<Transfer> list(int limit) {
        return jdbc.sql("select * from court_transfer order by created_at desc limit :n")
                .param("n", Math.max(1, Math.min(limit, 500))).query(this::map).list();
    }

    private Transfer requireAwaiting(String transferId) {
        Transfer t = find(transferId).orElseThrow(() -> new HubException(ErrorCode.TJ_ILLEGAL_STATE,
                "no transfer " + transferId));
        if (!JudicialConfirmations.AWAITING_OPERATOR.equals(t.state())) {
            throw new HubException(ErrorCode.TJ_ILLEGAL_STATE, transferId + " is " + t.state()
                    + ": nothing more can be added");
        }
        return t;
    }

    private void insert(String id, String disputeId, String courtCode) {
        OffsetDateTime now = OffsetDateTime.now(clock);
        jdbc.sql("insert into court_transfer (transfer_id, dispute_id, court_code, state, created_at, updated_at, "
                + "inputs) values (:id, :d, :c, 'AWAITING_OPERATOR', :now, :now, '{}')")
                .param("id", id).param("d", disputeId).param("c", courtCode).param("now", now).update();
    }

    private Transfer map(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
        return new Transfer(rs.getString("transfer_id"), rs.getString("dispute_id"), rs.getString("court_code"),
                rs.getString("state"), rs.getString("reason_code"), rs.getString("filed_case_no"),
                rs.getObject("sent_at", OffsetDateTime.class), rs.getBoolean("overdue_alerted"),
                CourtTransferSupport.inputs(mapper, rs.getString("inputs")), rs.getString("message_id"),
                rs.getObject("created_at", OffsetDateTime.class));
    }
}
