package cn.tongjie.hub.court;

import cn.tongjie.hub.canonical.CanonicalDispute;
import cn.tongjie.hub.common.ErrorCode;
import cn.tongjie.hub.common.HubException;
import cn.tongjie.hub.court.CourtTransferSupport.Person;
import cn.tongjie.hub.registry.Alerts;
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
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tongliao.court.docking.v1.AgreementFormType;
import tongliao.court.docking.v1.AgreementType;
import tongliao.court.docking.v1.ApplicantType;
import tongliao.court.docking.v1.ApplicantsType;
import tongliao.court.docking.v1.ApplyJudicialConfirmationType;
import tongliao.court.docking.v1.CauseOfActionType;
import tongliao.court.docking.v1.MediationResultTypeType;
import tongliao.court.docking.v1.MediatorType;
import tongliao.court.docking.v1.PerformanceModeType;
import tongliao.court.docking.v1.ReportMediationResultType;

/**
 * 司法确认 applications the hub prepares (contract §8.3, table court_application). Two ways in: a legacy delegation
 * whose SUCCESS result the court accepted with willApplyJudicialConfirmation, or an operator starting one for a
 * hub-originated agreement. The hub fills in everything a system holds; the operator adds the documents, the
 * application date, the parties' consent and any applicant data the dispute lacks. Complete ⇒ queued at once.
 */
@Service
class JudicialConfirmations {

    private static final Logger log = LoggerFactory.getLogger(JudicialConfirmations.class);
    static final String AWAITING_OPERATOR = "AWAITING_OPERATOR";
    static final String PURPOSE = "APPLICATION";
    private static final String AGENCY = "court";

    /** One application row. */
    record Application(String applicationId, String disputeId, String courtCode, String relatedDelegationId,
            LocalDate agreementDate, LocalDate deadline, String state, String reasonCode, String reasonText,
            String remindedDays, Long reportOutboundId, String causeCode, String causeName, ObjectNode inputs,
            String messageId, OffsetDateTime acceptedAt, boolean reviewReminded, OffsetDateTime createdAt) {
    }

    private final JdbcClient jdbc;
    private final Delegations delegations;
    private final DisputeRegistry registry;
    private final CourtOutbound outbound;
    private final CourtDocuments documents;
    private final Jurisdiction jurisdiction;
    private final RoutingRules rules;
    private final Alerts alerts;
    private final AuditLog audit;
    private final ObjectMapper mapper;
    private final JudicialConfirmationProperties props;
    private final Clock clock;
    private final SharingPolicies sharing;

    JudicialConfirmations(JdbcClient jdbc, Delegations delegations, DisputeRegistry registry, CourtOutbound outbound,
            CourtDocuments documents, Jurisdiction jurisdiction, RoutingRules rules, Alerts alerts, AuditLog audit,
            ObjectMapper mapper, JudicialConfirmationProperties props, Clock clock,
            SharingPolicies sharing) {
        this.sharing = sharing;
        this.jdbc = jdbc;
        this.delegations = delegations;
        this.registry = registry;
        this.outbound = outbound;
        this.documents = documents;
        this.jurisdiction = jurisdiction;
        this.rules = rules;
        this.alerts = alerts;
        this.audit = audit;
        this.mapper = mapper;
        this.props = props;
        this.clock = clock;
    }

    // ------------------------------------------------------------------------------------------ court answers

    /** Runs inside the court sender's transaction: the application row changes exactly when the answer is recorded. */
    @EventListener
    public void onAnswered(CourtOutbound.Answered a) {
        if ("ReportMediationResult".equals(a.operation()) && "ACCEPTED".equals(a.outcome())) {
            legacySuccessAccepted(a);
        } else if ("ApplyJudicialConfirmation".equals(a.operation())) {
            applicationAnswered(a);
        }
    }

    private void legacySuccessAccepted(CourtOutbound.Answered a) {
        String payload = jdbc.sql("select payload from court_outbound where id = :id").param("id", a.id())
                .query(String.class).single();
        ReportMediationResultType report = CourtTransferSupport.unmarshal(payload, ReportMediationResultType.class);
        AgreementType agreement = report.getAgreement();
        if (report.getResultType() != MediationResultTypeType.SUCCESS || agreement == null
                || !agreement.isWillApplyJudicialConfirmation()) {
            return;
        }
        Delegation d = delegations.find(a.courtCode(), report.getDelegationId()).orElse(null);
        // §8.2: a POST_FILING success ends in a 调解书, never 司法确认; §8.3 check 6: cause 0101 never applies.
        if (d == null || !d.legacy() || "0101".equals(d.causeCode())) {
            return;
        }
        String id = d.disputeId() + "-JC1";
        if (find(id).isPresent()) {
            return; // the same answer published twice (redelivery) creates one application
        }
        LocalDate agreementDate = CourtTimes.toDate(agreement.getAgreementDate());
        insert(id, d.disputeId(), d.courtCode(), d.delegationId(), agreementDate, a.id(), d.causeCode(),
                d.causeName());
        registry.addTimeline(d.disputeId(), OffsetDateTime.now(clock), "JC_APPLICATION_AWAITING_OPERATOR", AGENCY,
                Direction.INTERNAL, "司法确认 application " + id + " to " + d.courtCode() + " awaits the operator "
                        + "(documents, consent); the court must receive it by " + agreementDate.plusDays(30), null);
        log.info("Judicial confirmation {} created for delegation {}", id, d.delegationId());
    }

    private void applicationAnswered(CourtOutbound.Answered a) {
        Optional<Application> found = jdbc.sql("select * from court_application where message_id = :m")
                .param("m", a.messageId()).query(this::map).optional();
        if (found.isEmpty()) {
            return;
        }
        Application app = found.get();
        OffsetDateTime now = OffsetDateTime.now(clock);
        switch (a.outcome()) {
            case "ACCEPTED" -> {
                jdbc.sql("update court_application set state = 'ACCEPTED', accepted_at = :now, updated_at = :now "
                        + "where application_id = :id and state = 'QUEUED'").param("now", now)
                        .param("id", app.applicationId()).update();
                registry.addTimeline(app.disputeId(), now, "JC_APPLICATION_ACCEPTED", AGENCY, Direction.OUT,
                        "court " + app.courtCode() + " recorded application " + app.applicationId(), null);
            }
            case "REJECTED" -> {
                jdbc.sql("update court_application set state = 'REJECTED', reason_code = :r, updated_at = :now "
                        + "where application_id = :id").param("r", a.reasonCode()).param("now", now)
                        .param("id", app.applicationId()).update();
                registry.addTimeline(app.disputeId(), now, "JC_APPLICATION_REJECTED", AGENCY, Direction.OUT,
                        "court " + app.courtCode() + " refused application " + app.applicationId() + ": "
                                + a.reasonCode(), null);
                alerts.raise("ERROR", "JC_APPLICATION_REJECTED", AGENCY, app.disputeId(),
                        app.applicationId() + " refused by " + app.courtCode() + ": " + a.reasonCode());
            }
            default -> alerts.raise("ERROR", "JC_APPLICATION_FAILED", AGENCY, app.disputeId(),
                    app.applicationId() + " not delivered to " + app.courtCode() + ": " + a.reasonCode()
                            + " (message " + a.messageId() + ")");
        }
    }

    // ------------------------------------------------------------------------------------------ operator

    /**
     * An operator starts an application for a hub-originated agreement (the parties want 司法确认). Refused for court
     * disputes (the delegating court's own flow applies), for a mediation that did not succeed, and for cause 0101.
     */
    @Transactional
    public Application start(String disputeId, String causeCode, String actor) {
        Dispute d = registry.findForUpdate(disputeId).orElseThrow(() -> new HubException(ErrorCode.TJ_ILLEGAL_STATE,
                "no dispute " + disputeId));
        if (delegations.ofDispute(disputeId).isPresent() || AGENCY.equals(d.sourceAgency())) {
            throw new HubException(ErrorCode.TJ_ILLEGAL_STATE, disputeId + " came from a court: the application "
                    + "follows the delegation's accepted SUCCESS result, not an operator start");
        }
        JsonNode outcome = CourtTransfers.outcome(jdbc, mapper, disputeId)
                .orElseThrow(() -> new HubException(ErrorCode.TJ_ILLEGAL_STATE, disputeId
                        + " has no concluded mediation"));
        if (!"SUCCESS".equals(outcome.path("result").asText())) {
            throw new HubException(ErrorCode.TJ_ILLEGAL_STATE, disputeId + " mediation did not end in an agreement");
        }
        String cause = causeCode != null ? causeCode : CourtTransfers.causeOfCategory(d.category());
        String causeName = jurisdiction.causeName(cause).orElseThrow(() -> new HubException(
                ErrorCode.TJ_INBOUND_INVALID, "cause " + cause + " is not in codes/cause-of-action.csv"));
        if ("0101".equals(cause)) {
            throw new HubException(ErrorCode.TJ_ILLEGAL_STATE, "离婚纠纷 (0101) is never eligible for 司法确认");
        }
        String id = disputeId + "-JC1";
        if (find(id).isPresent()) {
            throw new HubException(ErrorCode.TJ_ILLEGAL_STATE, "application " + id + " exists already");
        }
        LocalDate agreementDate = CourtTimes.beijingDate(OffsetDateTime.parse(outcome.path("concludedAt").asText()));
        String region = mediationRegion(outcome, null);
        insert(id, disputeId, jurisdiction.courtOf(region).orElse(""), null, agreementDate, null, cause, causeName);
        audit.record(actor, "COURT_JC_START", id, "hub-originated agreement of " + disputeId);
        registry.addTimeline(disputeId, OffsetDateTime.now(clock), "JC_APPLICATION_AWAITING_OPERATOR", AGENCY,
                Direction.INTERNAL, "operator started 司法确认 application " + id, null);
        return find(id).orElseThrow();
    }

    /**
     * Merges operator input (applicationDate, consent, mediationRegionCode, parties.{seq}.{phone,address,idType,
     * idNumber,legalRepresentative,...}, agreementForm, performanceMode, mediatorName) and queues the application when
     * nothing is missing any more. Returns the application as it now stands.
     */
    @Transactional
    public Application supply(String applicationId, JsonNode input, String actor) {
        Application app = requireAwaiting(applicationId);
        if (!input.isObject()) {
            throw new HubException(ErrorCode.TJ_INBOUND_INVALID, "expected a JSON object");
        }
        ObjectNode merged = mergeDeep(app.inputs().deepCopy(), (ObjectNode) input);
        if (merged.has("consent") && !merged.path("consent").asBoolean(false)) {
            throw new HubException(ErrorCode.TJ_INBOUND_INVALID, "consent must be true: the parties apply jointly");
        }
        if (merged.hasNonNull("mediationRegionCode")) {
            String court = jurisdiction.courtOf(merged.get("mediationRegionCode").asText()).orElseThrow(() ->
                    new HubException(ErrorCode.TJ_INBOUND_INVALID, "mediationRegionCode must be a county or "
                            + "township of 通辽 (contract §15); a city-level code has no competent court"));
            if (app.relatedDelegationId() == null) {
                jdbc.sql("update court_application set court_code = :c where application_id = :id")
                        .param("c", court).param("id", applicationId).update();
            }
        }
        jdbc.sql("update court_application set inputs = :i, updated_at = :now where application_id = :id")
                .param("i", merged.toString()).param("now", OffsetDateTime.now(clock)).param("id", applicationId)
                .update();
        audit.record(actor, "COURT_JC_INPUT", applicationId, "fields " + fieldNames(input));
        return submitIfComplete(applicationId);
    }

    @Transactional
    public Application addDocument(String applicationId, String docType, String title, String fileName,
            String mimeType, byte[] content, String actor) {
        Application app = requireAwaiting(applicationId);
        if (!List.of("AGREEMENT", "JC_APPLICATION", "ID_PROOF", "POWER_OF_ATTORNEY", "MEDIATION_RECORD", "OTHER")
                .contains(docType)) {
            throw new HubException(ErrorCode.TJ_INBOUND_INVALID, "docType " + docType + " does not belong to a "
                    + "司法确认 application");
        }
        long id = documents.add(app.disputeId(), applicationId, PURPOSE, docType, title, fileName, mimeType, content,
                actor);
        audit.record(actor, "COURT_JC_DOCUMENT", applicationId, docType + " document " + id + " (" + content.length
                + " bytes)");
        return submitIfComplete(applicationId);
    }

    /** What the operator still has to supply; empty when the application can be queued. */
    public List<String> missing(Application app) {
        List<String> missing = new ArrayList<>();
        if (!AWAITING_OPERATOR.equals(app.state())) {
            return missing;
        }
        if (app.courtCode() == null || app.courtCode().isBlank()) {
            missing.add("mediationRegionCode (the body is city-level: name the county/township, contract §15)");
        }
        if (!app.inputs().path("consent").asBoolean(false)) {
            missing.add("consent");
        }
        if (!app.inputs().hasNonNull("applicationDate")) {
            missing.add("applicationDate");
        }
        List<String> docTypes = documents.of(app.applicationId()).stream().map(CourtDocuments.Document::docType)
                .toList();
        for (String required : List.of("AGREEMENT", "JC_APPLICATION")) {
            if (!docTypes.contains(required)) {
                missing.add("document " + required);
            }
        }
        Dispute d = registry.find(app.disputeId()).orElseThrow();
        List<Person> persons = CourtTransferSupport.persons(
                CourtTransferSupport.dispute(mapper, sharing.view(AGENCY, d.snapshot())), app.inputs());
        if (persons.size() < 2) {
            missing.add("applicants (at least 2 parties to the agreement)");
        }
        for (Person p : persons) {
            String at = "parties." + p.seq() + ".";
            if (p.idType() == null || p.idNumber() == null) {
                missing.add(at + "idNumber");
            }
            if (p.phone() == null) {
                missing.add(at + "phone");
            }
            if (p.address() == null) {
                missing.add(at + "address");
            }
            if (!p.natural() && p.legalRepresentative() == null) {
                missing.add(at + "legalRepresentative");
            }
        }
        if (app.relatedDelegationId() == null) {
            JsonNode outcome = CourtTransfers.outcome(jdbc, mapper, app.disputeId()).orElse(mapper.createObjectNode());
            if (mediatorName(outcome, app.inputs()) == null) {
                missing.add("mediatorName");
            }
        }
        return missing;
    }

    private Application submitIfComplete(String applicationId) {
        Application app = find(applicationId).orElseThrow();
        if (!missing(app).isEmpty()) {
            return app;
        }
        LocalDate today = CourtTimes.beijingDate(OffsetDateTime.now(clock));
        LocalDate lastSend = app.agreementDate().plusDays(props.lastSendDay());
        if (today.isAfter(lastSend)) {
            // §8.3: the court must receive it by day 30; after day 29 retries could no longer reach it in time.
            throw new HubException(ErrorCode.TJ_ILLEGAL_STATE, "too late: the last day to send " + applicationId
                    + " was " + lastSend + " (agreementDate " + app.agreementDate() + " + " + props.lastSendDay()
                    + " days)");
        }
        ApplyJudicialConfirmationType request = build(app);
        String objectKey = app.relatedDelegationId() != null ? app.relatedDelegationId() : app.applicationId();
        String messageId = outbound.enqueue(app.courtCode(), objectKey, app.disputeId(), request);
        OffsetDateTime now = OffsetDateTime.now(clock);
        jdbc.sql("update court_application set state = 'QUEUED', message_id = :m, updated_at = :now "
                + "where application_id = :id and state = 'AWAITING_OPERATOR'").param("m", messageId)
                .param("now", now).param("id", applicationId).update();
        registry.addTimeline(app.disputeId(), now, "JC_APPLICATION_QUEUED", AGENCY, Direction.OUT,
                "司法确认 application " + applicationId + " queued for " + app.courtCode() + " (message " + messageId
                        + ")", null);
        log.info("Judicial confirmation {} queued for {}", applicationId, app.courtCode());
        return find(applicationId).orElseThrow();
    }

    ApplyJudicialConfirmationType build(Application app) {
        Dispute d = registry.find(app.disputeId()).orElseThrow();
        CanonicalDispute dispute = CourtTransferSupport.dispute(mapper, sharing.view(AGENCY, d.snapshot()));
        ApplyJudicialConfirmationType r = new ApplyJudicialConfirmationType();
        r.setApplicationId(app.applicationId());
        r.setHubDisputeId(app.disputeId());
        r.setRelatedDelegationId(app.relatedDelegationId());
        CauseOfActionType cause = new CauseOfActionType();
        cause.setCode(app.causeCode());
        cause.setName(app.causeName());
        r.setCauseOfAction(cause);
        ApplicantsType applicants = new ApplicantsType();
        for (Person p : CourtTransferSupport.persons(dispute, app.inputs())) {
            applicants.getApplicant().add(applicant(p));
        }
        r.setApplicants(applicants);
        r.setApplicationDate(CourtTimes.toXmlDate(LocalDate.parse(app.inputs().get("applicationDate").asText())));
        if (app.reportOutboundId() != null) {
            // The agreement the court already holds from the accepted result, unchanged (§16 item 4 compares it).
            String payload = jdbc.sql("select payload from court_outbound where id = :id")
                    .param("id", app.reportOutboundId()).query(String.class).single();
            ReportMediationResultType report = CourtTransferSupport.unmarshal(payload,
                    ReportMediationResultType.class);
            r.setAgreement(report.getAgreement());
            r.setMediationOrg(report.getMediationOrg());
            r.getMediator().addAll(report.getMediator());
        } else {
            JsonNode outcome = CourtTransfers.outcome(jdbc, mapper, app.disputeId()).orElseThrow();
            r.setAgreement(agreement(outcome, app));
            r.setMediationOrg(CourtTransferSupport.mediationOrg(rules, outcome.path("target").path("code").asText(),
                    outcome.path("target").path("name").asText(null), mediationRegion(outcome, app.inputs())));
            MediatorType m = new MediatorType();
            m.setName(mediatorName(outcome, app.inputs()));
            m.setPhone(CourtTransferSupport.first(CourtTransferSupport.text(app.inputs(), "mediatorPhone"),
                    outcome.path("mediator").path("phone").asText(null)));
            r.getMediator().add(m);
        }
        r.setAttachments(CourtTransferSupport.attachments(documents.of(app.applicationId()), app.applicationId()));
        return r;
    }

    static ApplicantType applicant(Person p) {
        ApplicantType a = new ApplicantType();
        a.setSeq(p.seq());
        a.setPersonType(CourtTransferSupport.personTypeOf(p));
        a.setName(p.party().name());
        if (p.natural()) {
            a.setGender(CourtTransferSupport.gender(p.party().gender()));
            a.setEthnicity(p.party().ethnicity());
        }
        a.setIdType(CourtTransferSupport.idTypeOf(p));
        a.setIdNumber(p.idNumber());
        a.getPhone().add(p.phone());
        a.setAddress(p.address());
        a.setLegalRepresentative(CourtTransferSupport.legalRepresentative(p));
        return a;
    }

    /** The agreement of a hub-originated mediation, from the body's conclusion (legal-service §7.1 conclusion). */
    private static AgreementType agreement(JsonNode outcome, Application app) {
        AgreementType a = new AgreementType();
        a.setAgreementNo(outcome.path("agreementNo").asText());
        a.setAgreementDate(CourtTimes.toXmlDate(app.agreementDate()));
        String form = CourtTransferSupport.text(app.inputs(), "agreementForm");
        a.setAgreementForm(form != null ? AgreementFormType.valueOf(form) : AgreementFormType.WRITTEN);
        a.setAgreementText(CourtTransferSupport.clip(outcome.path("agreementText").asText(), 4000));
        BigDecimal amount = outcome.hasNonNull("agreedAmount") ? outcome.get("agreedAmount").decimalValue() : null;
        String deadline = outcome.path("performanceDeadline").asText(null);
        String mode = CourtTransferSupport.text(app.inputs(), "performanceMode");
        // Without the operator's word: no sum → non-monetary; a sum with a later deadline → deferred; else immediate.
        a.setPerformanceMode(mode != null ? PerformanceModeType.valueOf(mode) : amount == null
                ? PerformanceModeType.NON_MONETARY : deadline != null ? PerformanceModeType.DEFERRED
                : PerformanceModeType.IMMEDIATE);
        if (deadline != null) {
            a.setPerformanceDueDate(CourtTimes.toXmlDate(LocalDate.parse(deadline)));
        }
        if (amount != null) {
            a.setAgreedAmount(amount.setScale(2, RoundingMode.UNNECESSARY));
        }
        a.setWillApplyJudicialConfirmation(true);
        return a;
    }

    private String mediationRegion(JsonNode outcome, JsonNode inputs) {
        String override = inputs == null ? null : CourtTransferSupport.text(inputs, "mediationRegionCode");
        if (override != null) {
            return override;
        }
        return rules.target(outcome.path("target").path("code").asText(null)).map(RoutingRules.Target::region)
                .orElse(null);
    }

    private static String mediatorName(JsonNode outcome, JsonNode inputs) {
        return CourtTransferSupport.first(CourtTransferSupport.text(inputs, "mediatorName"),
                outcome.path("mediator").path("name").asText(null));
    }

    // ------------------------------------------------------------------------------------------ reminders

    /** 30-day window while awaiting the operator; review reminder after the court accepted (§14). */
    @Transactional
    public int remind() {
        int raised = 0;
        LocalDate today = CourtTimes.beijingDate(OffsetDateTime.now(clock));
        for (Application app : jdbc.sql("select * from court_application where state = 'AWAITING_OPERATOR'")
                .query(this::map).list()) {
            List<String> done = new ArrayList<>(app.remindedDays() == null || app.remindedDays().isBlank()
                    ? List.of() : Arrays.asList(app.remindedDays().split(",")));
            long age = java.time.temporal.ChronoUnit.DAYS.between(app.agreementDate(), today);
            for (int day : props.reminderDays()) {
                if (age >= day && !done.contains(String.valueOf(day))) {
                    done.add(String.valueOf(day));
                    boolean last = day >= props.lastSendDay();
                    alerts.raise(last ? "ERROR" : "WARN", "JC_APPLICATION_DUE", AGENCY, app.disputeId(),
                            app.applicationId() + " awaits the operator on day " + day + " after the agreement; "
                                    + "last day to send " + app.agreementDate().plusDays(props.lastSendDay())
                                    + ", missing " + missing(app).size() + " item(s)");
                    raised++;
                }
            }
            if (age > props.lastSendDay() && !done.contains("missed")) {
                done.add("missed");
                alerts.raise("ERROR", "JC_APPLICATION_WINDOW_MISSED", AGENCY, app.disputeId(),
                        app.applicationId() + " can no longer reach the court by " + app.deadline());
                raised++;
            }
            jdbc.sql("update court_application set reminded_days = :r where application_id = :id")
                    .param("r", String.join(",", done)).param("id", app.applicationId()).update();
        }
        OffsetDateTime reviewBefore = OffsetDateTime.now(clock).minusDays(props.reviewReminderDays());
        for (Application app : jdbc.sql("select * from court_application where state = 'ACCEPTED' "
                + "and review_reminded = false and accepted_at <= :b").param("b", reviewBefore).query(this::map)
                .list()) {
            jdbc.sql("update court_application set review_reminded = true where application_id = :id")
                    .param("id", app.applicationId()).update();
            alerts.raise("WARN", "JC_REVIEW_OVERDUE", AGENCY, app.disputeId(), app.applicationId() + " accepted by "
                    + app.courtCode() + " " + props.reviewReminderDays() + " days ago, no ruling yet");
            raised++;
        }
        return raised;
    }

    // ------------------------------------------------------------------------------------------ store

    public Optional<Application> find(String applicationId) {
        return jdbc.sql("select * from court_application where application_id = :id").param("id", applicationId)
                .query(this::map).optional();
    }

    public List<Application> list(int limit) {
        return jdbc.sql("select * from court_application order by created_at desc limit :n")
                .param("n", Math.max(1, Math.min(limit, 500))).query(this::map).list();
    }

    private Application requireAwaiting(String applicationId) {
        Application app = find(applicationId).orElseThrow(() -> new HubException(ErrorCode.TJ_ILLEGAL_STATE,
                "no application " + applicationId));
        if (!AWAITING_OPERATOR.equals(app.state())) {
            throw new HubException(ErrorCode.TJ_ILLEGAL_STATE, applicationId + " is " + app.state()
                    + ": nothing more can be added");
        }
        return app;
    }

    private void insert(String id, String disputeId, String courtCode, String delegationId, LocalDate agreementDate,
            Long reportOutboundId, String causeCode, String causeName) {
        OffsetDateTime now = OffsetDateTime.now(clock);
        jdbc.sql("insert into court_application (application_id, dispute_id, court_code, related_delegation_id, "
                + "agreement_date, deadline, state, created_at, updated_at, inputs, report_outbound_id, cause_code, "
                + "cause_name) values (:id, :d, :c, :rel, :ad, :dl, 'AWAITING_OPERATOR', :now, :now, '{}', :rep, "
                + ":cc, :cn)")
                .param("id", id).param("d", disputeId).param("c", courtCode).param("rel", delegationId)
                .param("ad", agreementDate).param("dl", agreementDate.plusDays(30)).param("now", now)
                .param("rep", reportOutboundId).param("cc", causeCode).param("cn", causeName).update();
    }

    private Application map(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
        Long rep = rs.getObject("report_outbound_id", Long.class);
        return new Application(rs.getString("application_id"), rs.getString("dispute_id"), rs.getString("court_code"),
                rs.getString("related_delegation_id"), rs.getObject("agreement_date", LocalDate.class),
                rs.getObject("deadline", LocalDate.class), rs.getString("state"), rs.getString("reason_code"),
                rs.getString("reason_text"), rs.getString("reminded_days"), rep,
                rs.getString("cause_code"), rs.getString("cause_name"),
                CourtTransferSupport.inputs(mapper, rs.getString("inputs")), rs.getString("message_id"),
                rs.getObject("accepted_at", OffsetDateTime.class), rs.getBoolean("review_reminded"),
                rs.getObject("created_at", OffsetDateTime.class));
    }

    static ObjectNode mergeDeep(ObjectNode into, ObjectNode from) {
        from.fields().forEachRemaining(e -> {
            if (e.getValue().isObject() && into.path(e.getKey()).isObject()) {
                mergeDeep((ObjectNode) into.get(e.getKey()), (ObjectNode) e.getValue());
            } else {
                into.set(e.getKey(), e.getValue());
            }
        });
        return into;
    }

    static List<String> fieldNames(JsonNode input) {
        List<String> names = new ArrayList<>();
        input.fieldNames().forEachRemaining(names::add);
        return names; // names only: the values may be personal data (audit detail stays free of it)
    }
}
