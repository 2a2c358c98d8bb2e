package cn.tongjie.hub.court;

import cn.tongjie.hub.canonical.CanonicalEvents;
import cn.tongjie.hub.canonical.EventData;
import cn.tongjie.hub.canonical.EventType;
import cn.tongjie.hub.common.CaseNumbers;
import cn.tongjie.hub.common.ErrorCode;
import cn.tongjie.hub.common.HubException;
import cn.tongjie.hub.registry.Alerts;
import cn.tongjie.hub.registry.Dispute;
import cn.tongjie.hub.registry.DisputeRegistry;
import cn.tongjie.hub.registry.TimelineEntry.Direction;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tongliao.court.docking.v1.DelegateMediationType;
import tongliao.court.docking.v1.ExtendDelegationType;
import tongliao.court.docking.v1.FilingOutcomeType;
import tongliao.court.docking.v1.JcOutcomeType;
import tongliao.court.docking.v1.NotifyCaseFiledType;
import tongliao.court.docking.v1.NotifyJudicialConfirmationType;
import tongliao.court.docking.v1.ReceiptType;
import tongliao.court.docking.v1.WithdrawDelegationType;

/**
 * Contract §10 steps 13–15 for the five CourtDocking operations: duplicate detection (§12), the operation checks of
 * §7 against stored state, and the effect. One transaction records the receipt together with the effect, so a
 * request either has both or neither; a fault rolls everything back (nothing recorded, §9.3).
 */
@Service
class CourtInboundOperations {

    private static final Logger log = LoggerFactory.getLogger(CourtInboundOperations.class);
    static final String AGENCY = "court";
    /** §7.2: the cap is counted from the original dueAt, exactly 30 × 24 h. */
    static final Duration EXTENSION_CAP = Duration.ofDays(30);
    /** court_transfer / court_application states in which the court had accepted the hub's message. */
    private static final Set<String> TRANSFER_ACCEPTED = Set.of("ACCEPTED", "FILED", "NOT_FILED");
    private static final Set<String> APPLICATION_ACCEPTED = Set.of("ACCEPTED", "CONFIRMED", "RULED_REJECTED");

    /** What an operation decided; reason null for ACCEPTED. */
    record Outcome(String status, CourtResultCode reason, String reasonText, String field, String disputeId) {
        static Outcome accepted(String disputeId) {
            return new Outcome("ACCEPTED", null, null, null, disputeId);
        }

        static Outcome rejected(CourtResultCode reason, String text, String field, String disputeId) {
            return new Outcome("REJECTED", reason, text, field, disputeId);
        }
    }

    /** Steps 14–15 of one operation; runs inside the receipt's transaction. */
    @FunctionalInterface
    interface Operation {
        Outcome apply();
    }

    private final CourtInboundStore store;
    private final CourtChecks checks;
    private final Delegations delegations;
    private final DelegationIntake intake;
    private final DisputeRegistry registry;
    private final CanonicalEvents events;
    private final Alerts alerts;
    private final JdbcClient jdbc;
    private final ObjectMapper mapper;
    private final TransactionTemplate tx;

    CourtInboundOperations(CourtInboundStore store, CourtChecks checks, Delegations delegations,
            DelegationIntake intake, DisputeRegistry registry, CanonicalEvents events, Alerts alerts, JdbcClient jdbc,
            ObjectMapper mapper, PlatformTransactionManager transactions) {
        this.store = store;
        this.checks = checks;
        this.delegations = delegations;
        this.intake = intake;
        this.registry = registry;
        this.events = events;
        this.alerts = alerts;
        this.jdbc = jdbc;
        this.mapper = mapper;
        this.tx = new TransactionTemplate(transactions);
    }

    // ------------------------------------------------------------------------------------------ §7.1

    ReceiptType delegateMediation(DelegateMediationType m, String court, OffsetDateTime receivedAt) {
        CourtChecks.materialise(m.getAttachments());
        return handle("DelegateMediation", m, m.getMessageId(), court, receivedAt,
                "DelegateMediation|" + m.getDelegationId(), "/DelegateMediation/delegationId", () -> {
                    checks.delegateMediation(m, receivedAt);
                    return Outcome.accepted(intake.intake(m, receivedAt));
                });
    }

    // ------------------------------------------------------------------------------------------ §7.2

    ReceiptType extendDelegation(ExtendDelegationType m, String court, OffsetDateTime receivedAt) {
        OffsetDateTime newDueAt = CourtTimes.toInstant(m.getNewDueAt());
        return handle("ExtendDelegation", m, m.getMessageId(), court, receivedAt,
                "ExtendDelegation|" + m.getDelegationId() + "|" + newDueAt.toInstant(),
                "/ExtendDelegation/delegationId", () -> {
                    String idField = "/ExtendDelegation/delegationId";
                    String dueField = "/ExtendDelegation/newDueAt";
                    if (!m.isConsentRecorded()) {
                        throw CourtChecks.fault(CourtResultCode.CONSENT_REQUIRED, "/ExtendDelegation/consentRecorded",
                                "延长调解期限须经双方当事人同意");
                    }
                    Delegation d = delegation(court, m.getDelegationId(), idField);
                    if (!d.open()) {
                        return Outcome.rejected(CourtResultCode.DELEGATION_CLOSED, "委派/委托调解已结束", idField,
                                d.disputeId());
                    }
                    if (receivedAt.isAfter(d.dueAt())) {
                        return Outcome.rejected(CourtResultCode.DELEGATION_EXPIRED, "调解期限已届满，不能延长", idField,
                                d.disputeId());
                    }
                    if (!newDueAt.isAfter(d.dueAt())) {
                        return Outcome.rejected(CourtResultCode.EXTENSION_NOT_LATER, "新的期限不晚于当前期限", dueField,
                                d.disputeId());
                    }
                    if (newDueAt.isAfter(d.originalDueAt().plus(EXTENSION_CAP))) {
                        return Outcome.rejected(CourtResultCode.EXTENSION_LIMIT_EXCEEDED,
                                "延长后的期限超过原期限届满后30日", dueField, d.disputeId());
                    }
                    delegations.extend(court, d.delegationId(), newDueAt.withOffsetSameInstant(ZoneOffset.UTC));
                    moveMediationDeadline(d.disputeId(), m.getNewDueAt().toXMLFormat());
                    registry.addTimeline(d.disputeId(), receivedAt, "COURT_DELEGATION_EXTENDED", AGENCY, Direction.IN,
                            "court " + court + " extended delegation " + d.delegationId() + " to "
                                    + m.getNewDueAt().toXMLFormat() + " (was " + CourtTimes.toXml(d.dueAt())
                                    .toXMLFormat() + "), messageId " + m.getMessageId(), null);
                    return Outcome.accepted(d.disputeId());
                });
    }

    // ------------------------------------------------------------------------------------------ §7.3

    /**
     * A result the hub has queued (result_type set) but the court has not accepted yet does not close the
     * delegation: the court has not received a result, so its withdrawal is ACCEPTED and the delegation closes as
     * WITHDRAWN. The court sender must then drop that unsent result (§7.3 "sends nothing more"); if it was already
     * on the wire, the court's own answer decides.
     */
    ReceiptType withdrawDelegation(WithdrawDelegationType m, String court, OffsetDateTime receivedAt) {
        String idField = "/WithdrawDelegation/delegationId";
        return handle("WithdrawDelegation", m, m.getMessageId(), court, receivedAt,
                "WithdrawDelegation|" + m.getDelegationId(), idField, () -> {
                    Delegation d = delegation(court, m.getDelegationId(), idField);
                    if (!d.open()) {
                        return Outcome.rejected(CourtResultCode.DELEGATION_CLOSED, "委派/委托调解已结束", idField,
                                d.disputeId());
                    }
                    delegations.close(court, d.delegationId(), "WITHDRAWN");
                    String reason = m.getWithdrawReasonCode().value();
                    registry.addTimeline(d.disputeId(), receivedAt, "COURT_DELEGATION_WITHDRAWN", AGENCY,
                            Direction.IN, "court " + court + " withdrew delegation " + d.delegationId() + " ("
                                    + reason + ")" + (d.resultType() != null ? "; the queued " + d.resultType()
                                    + " result is not to be sent" : "") + ", messageId " + m.getMessageId(), null);
                    events.publish(EventType.DISPUTE_WITHDRAWN, d.disputeId(), AGENCY, new EventData.DisputeWithdrawn(
                            d.disputeId(), AGENCY, reason, m.getWithdrawReasonText(),
                            m.getWithdrawnAt().toXMLFormat()));
                    return Outcome.accepted(d.disputeId());
                });
    }

    // ------------------------------------------------------------------------------------------ §7.4

    ReceiptType notifyCaseFiled(NotifyCaseFiledType m, String court, OffsetDateTime receivedAt) {
        boolean byTransfer = m.getTransferId() != null;
        String keyField = byTransfer ? "/NotifyCaseFiled/transferId" : "/NotifyCaseFiled/delegationId";
        String key = "NotifyCaseFiled|" + (byTransfer ? "transferId|" + m.getTransferId()
                : "delegationId|" + m.getDelegationId());
        return handle("NotifyCaseFiled", m, m.getMessageId(), court, receivedAt, key, keyField, () -> {
            CourtChecks.caseFiled(m);
            return byTransfer ? caseFiledForTransfer(m, court, receivedAt)
                    : caseFiledForDelegation(m, court, receivedAt);
        });
    }

    private Outcome caseFiledForTransfer(NotifyCaseFiledType m, String court, OffsetDateTime receivedAt) {
        Optional<Map<String, Object>> row = jdbc.sql("select state, dispute_id from court_transfer "
                + "where transfer_id = :t and court_code = :c for update")
                .param("t", m.getTransferId()).param("c", court).query().listOfRows().stream().findFirst();
        if (row.isEmpty() || !TRANSFER_ACCEPTED.contains((String) row.get().get("state"))) {
            throw CourtChecks.fault(CourtResultCode.UNKNOWN_TRANSFER, "/NotifyCaseFiled/transferId",
                    "本院未收到或未接收该转立案申请");
        }
        String disputeId = (String) row.get().get("dispute_id");
        boolean filed = m.getFilingOutcome() == FilingOutcomeType.FILED;
        jdbc.sql("update court_transfer set state = :s, filed_case_no = :n, reason_code = :r, decided_at = :at, "
                + "updated_at = :now where transfer_id = :t and court_code = :c")
                .param("s", filed ? "FILED" : "NOT_FILED").param("n", m.getCaseNo())
                .param("r", filed ? null : m.getNotFiledReasonCode().value())
                .param("at", utc(CourtTimes.toInstant(m.getDecidedAt()))).param("now", utc(receivedAt))
                .param("t", m.getTransferId()).param("c", court).update();
        if (filed) {
            registry.addXref(disputeId, AGENCY, "caseNo", CaseNumbers.normalise(m.getCaseNo()));
        } else {
            // After NOT_FILED (e.g. MATERIALS_INCOMPLETE) an operator decides whether to transfer again (§8.4).
            alerts.raise("INFO", "COURT_TRANSFER_NOT_FILED", AGENCY, disputeId, "court " + court + " did not file "
                    + "transfer " + m.getTransferId() + ": " + m.getNotFiledReasonCode().value());
        }
        registry.addTimeline(disputeId, receivedAt, "COURT_CASE_FILED", AGENCY, Direction.IN, "court " + court
                + (filed ? " filed transfer " + m.getTransferId() + " as " + m.getCaseNo()
                        : " did not file transfer " + m.getTransferId() + " (" + m.getNotFiledReasonCode().value()
                        + ")") + ", messageId " + m.getMessageId(), null);
        return Outcome.accepted(disputeId);
    }

    private Outcome caseFiledForDelegation(NotifyCaseFiledType m, String court, OffsetDateTime receivedAt) {
        String idField = "/NotifyCaseFiled/delegationId";
        Delegation d = delegation(court, m.getDelegationId(), idField);
        if (!d.legacy()) {
            return Outcome.rejected(CourtResultCode.NOT_APPLICABLE, "立案后委托调解的案件已立案，不适用立案通知", idField,
                    d.disputeId());
        }
        if (m.getFilingOutcome() == FilingOutcomeType.FILED) {
            delegations.recordFiledCaseNo(court, d.delegationId(), m.getCaseNo());
            registry.addXref(d.disputeId(), AGENCY, "caseNo", CaseNumbers.normalise(m.getCaseNo()));
            boolean wasOpen = delegations.close(court, d.delegationId(), "FILED");
            if (wasOpen) {
                // the court took the case over: mediation stops and nothing more is reported
                events.publish(EventType.DISPUTE_WITHDRAWN, d.disputeId(), AGENCY, new EventData.DisputeWithdrawn(
                        d.disputeId(), AGENCY, "FILED", null, m.getDecidedAt().toXMLFormat()));
            }
            registry.addTimeline(d.disputeId(), receivedAt, "COURT_CASE_FILED", AGENCY, Direction.IN, "court "
                    + court + " filed legacy delegation " + d.delegationId() + " as " + m.getCaseNo()
                    + (wasOpen ? "; the open delegation is closed" : "") + ", messageId " + m.getMessageId(), null);
        } else {
            // NOT_FILED changes no delegation state; an operator sees it (mediation may still be running).
            registry.addTimeline(d.disputeId(), receivedAt, "COURT_CASE_NOT_FILED", AGENCY, Direction.IN, "court "
                    + court + " did not file legacy delegation " + d.delegationId() + " ("
                    + m.getNotFiledReasonCode().value() + "), messageId " + m.getMessageId(), null);
            alerts.raise("INFO", "COURT_DELEGATION_NOT_FILED", AGENCY, d.disputeId(), "court " + court
                    + " did not file legacy delegation " + d.delegationId() + ": "
                    + m.getNotFiledReasonCode().value());
        }
        return Outcome.accepted(d.disputeId());
    }

    // ------------------------------------------------------------------------------------------ §7.5

    ReceiptType notifyJudicialConfirmation(NotifyJudicialConfirmationType m, String court,
            OffsetDateTime receivedAt) {
        CourtChecks.materialise(m.getAttachments());
        String idField = "/NotifyJudicialConfirmation/applicationId";
        return handle("NotifyJudicialConfirmation", m, m.getMessageId(), court, receivedAt,
                "NotifyJudicialConfirmation|" + m.getApplicationId(), idField, () -> {
                    CourtChecks.judicialConfirmation(m);
                    Optional<Map<String, Object>> row = jdbc.sql("select state, dispute_id from court_application "
                            + "where application_id = :a and court_code = :c for update")
                            .param("a", m.getApplicationId()).param("c", court).query().listOfRows().stream()
                            .findFirst();
                    if (row.isEmpty() || !APPLICATION_ACCEPTED.contains((String) row.get().get("state"))) {
                        throw CourtChecks.fault(CourtResultCode.UNKNOWN_APPLICATION, idField,
                                "本院未收到或未接收该司法确认申请");
                    }
                    CourtChecks.attachments("/NotifyJudicialConfirmation", m.getAttachments());
                    String disputeId = (String) row.get().get("dispute_id");
                    boolean confirmed = m.getOutcome() == JcOutcomeType.CONFIRMED;
                    jdbc.sql("update court_application set state = :s, ruling_no = :n, ruled_at = :d, "
                            + "reason_code = :r, updated_at = :now where application_id = :a and court_code = :c")
                            .param("s", confirmed ? "CONFIRMED" : "RULED_REJECTED").param("n", m.getRulingNo())
                            .param("d", CourtTimes.toDate(m.getRuledAt()))
                            .param("r", confirmed ? null : m.getRejectionReasonCode().value())
                            .param("now", utc(receivedAt)).param("a", m.getApplicationId()).param("c", court)
                            .update();
                    registry.addXref(disputeId, AGENCY, "rulingNo", CaseNumbers.normalise(m.getRulingNo()));
                    registry.addTimeline(disputeId, receivedAt, "COURT_JUDICIAL_CONFIRMATION", AGENCY, Direction.IN,
                            "court " + court + (confirmed ? " confirmed" : " refused to confirm") + " application "
                                    + m.getApplicationId() + " by ruling " + m.getRulingNo()
                                    + (confirmed ? "" : " (" + m.getRejectionReasonCode().value() + ")")
                                    + ", messageId " + m.getMessageId(), null);
                    if (!confirmed) {
                        // The parties may mediate again or sue: operators follow up (§8.3 ruling 驳回申请).
                        alerts.raise("INFO", "COURT_JC_RULED_REJECTED", AGENCY, disputeId, "court " + court
                                + " rejected judicial confirmation " + m.getApplicationId() + ": "
                                + m.getRejectionReasonCode().value());
                    }
                    return Outcome.accepted(disputeId);
                });
    }

    // ------------------------------------------------------------------------------------------ §12

    private ReceiptType handle(String operation, Object body, String messageId, String court,
            OffsetDateTime receivedAt, String businessKey, String keyField, Operation op) {
        OffsetDateTime at = Receipts.receiptTime(receivedAt);
        String fingerprint = CourtInboundFingerprint.of(operation, body);
        try {
            return tx.execute(s -> {
                Optional<ReceiptType> duplicate = duplicate(operation, court, messageId, fingerprint, businessKey,
                        keyField);
                if (duplicate.isPresent()) {
                    return duplicate.get();
                }
                Outcome o = op.apply();
                CourtInboundStore.Recorded r = new CourtInboundStore.Recorded(operation, messageId, businessKey,
                        fingerprint, Receipts.newReceiptId(at), at, o.status(),
                        o.reason() == null ? null : o.reason().name(), o.reasonText(), o.field(), o.disputeId());
                store.record(court, r);
                return r.receipt();
            });
        } catch (DataIntegrityViolationException | ConcurrencyFailureException raced) {
            // A concurrent twin (same messageId or business key) committed first, or still holds the lock.
            log.info("Court {} {} {} lost a race ({}); answering from the record", court, operation, messageId,
                    raced.getClass().getSimpleName());
            return retryLookup(operation, court, messageId, fingerprint, businessKey, keyField);
        } catch (TransientDataAccessException | DataAccessResourceFailureException
                | CannotCreateTransactionException down) {
            log.warn("Court {} {} {} not recorded: store unavailable ({})", court, operation, messageId,
                    down.getClass().getSimpleName());
            throw unavailable();
        }
    }

    private ReceiptType retryLookup(String operation, String court, String messageId, String fingerprint,
            String businessKey, String keyField) {
        try {
            Optional<ReceiptType> original = tx.execute(s -> duplicate(operation, court, messageId, fingerprint,
                    businessKey, keyField));
            return original.orElseThrow(CourtInboundOperations::unavailable);
        } catch (TransientDataAccessException | DataAccessResourceFailureException
                | CannotCreateTransactionException down) {
            throw unavailable();
        }
    }

    /** §12: the original receipt for the same content, DUPLICATE_CONFLICT for other content, empty if new. */
    private Optional<ReceiptType> duplicate(String operation, String court, String messageId, String fingerprint,
            String businessKey, String keyField) {
        Optional<CourtInboundStore.Recorded> byMessage = store.byMessageId(court, messageId);
        if (byMessage.isPresent()) {
            CourtInboundStore.Recorded r = byMessage.get();
            if (r.operation().equals(operation) && r.fingerprint().equals(fingerprint)) {
                return Optional.of(r.receipt());
            }
            throw CourtChecks.fault(CourtResultCode.DUPLICATE_CONFLICT, "/" + operation + "/messageId",
                    "该messageId已用于内容不同的报文");
        }
        Optional<CourtInboundStore.Recorded> byKey = store.byBusinessKey(court, businessKey);
        if (byKey.isPresent()) {
            if (byKey.get().fingerprint().equals(fingerprint)) {
                return Optional.of(byKey.get().receipt());
            }
            throw CourtChecks.fault(CourtResultCode.DUPLICATE_CONFLICT, keyField, "该业务编号已用于内容不同的报文");
        }
        return Optional.empty();
    }

    private static CourtFaultException unavailable() {
        return CourtChecks.fault(CourtResultCode.SERVICE_UNAVAILABLE, null, "服务暂时不可用，请稍后重试");
    }

    private Delegation delegation(String court, String delegationId, String field) {
        return delegations.findForUpdate(court, delegationId).orElseThrow(() -> CourtChecks.fault(
                CourtResultCode.UNKNOWN_DELEGATION, field, "本平台无该委派/委托调解记录"));
    }

    /** The snapshot's mediationDueAt follows the effective dueAt (triage and the admin view read it). */
    private void moveMediationDeadline(String disputeId, String newDueAt) {
        Dispute d = registry.findForUpdate(disputeId).orElseThrow(() -> new HubException(ErrorCode.TJ_INTERNAL,
                "delegation without dispute " + disputeId));
        try {
            ObjectNode snapshot = (ObjectNode) mapper.readTree(d.snapshot());
            snapshot.put("mediationDueAt", newDueAt);
            registry.replaceSnapshot(d, snapshot.toString(), d.sourceVersion(), d.category(), d.regionCode(),
                    d.urgent(), d.mass());
        } catch (JsonProcessingException | ClassCastException e) {
            throw new HubException(ErrorCode.TJ_INTERNAL, "snapshot of " + disputeId + " unreadable", e);
        }
    }

    private static OffsetDateTime utc(OffsetDateTime t) {
        return t.withOffsetSameInstant(ZoneOffset.UTC);
    }
}
