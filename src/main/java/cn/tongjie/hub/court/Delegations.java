package cn.tongjie.hub.court;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Store of court delegations (table court_delegation). State changes are conditional updates ("only if still OPEN",
 * "only if no result queued yet"), so two hub nodes, or a court message racing the deadline scheduler, can never both
 * win: the caller acts only when the method returns true.
 */
@Component
public class Delegations {

    private static final String COLUMNS = "court_code, delegation_id, dispute_id, regime, pre_filing_no, case_no, "
            + "court_number_norm, procedure_type, cause_code, cause_name, suggested_org_code, suggested_org_name, "
            + "suggested_mediator, delegated_at, received_at, original_due_at, due_at, state, closed_reason, "
            + "closed_at, ack_decision, ack_queued_at, result_type, result_queued_at, due_warned_at, filed_case_no";

    private final JdbcClient jdbc;
    private final Clock clock;

    Delegations(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    private OffsetDateTime now() {
        return OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
    }

    /** Inserts a new OPEN delegation (original dueAt = current dueAt). */
    public void create(Delegation d) {
        jdbc.sql("insert into court_delegation (" + COLUMNS + ") values (:court, :id, :dispute, :regime, :preFilingNo, "
                + ":caseNo, :norm, :procedure, :causeCode, :causeName, :orgCode, :orgName, :mediator, :delegatedAt, "
                + ":receivedAt, :dueAt, :dueAt, 'OPEN', null, null, null, null, null, null, null, null)")
                .param("court", d.courtCode()).param("id", d.delegationId()).param("dispute", d.disputeId())
                .param("regime", d.regime()).param("preFilingNo", d.preFilingNo()).param("caseNo", d.caseNo())
                .param("norm", d.courtNumberNorm()).param("procedure", d.procedure())
                .param("causeCode", d.causeCode()).param("causeName", d.causeName())
                .param("orgCode", d.suggestedOrgCode()).param("orgName", d.suggestedOrgName())
                .param("mediator", d.suggestedMediator()).param("delegatedAt", d.delegatedAt())
                .param("receivedAt", d.receivedAt()).param("dueAt", d.originalDueAt())
                .update();
    }

    public Optional<Delegation> find(String courtCode, String delegationId) {
        return jdbc.sql("select " + COLUMNS + " from court_delegation where court_code = :c and delegation_id = :d")
                .param("c", courtCode).param("d", delegationId).query(Delegations::map).optional();
    }

    /** Locks the row for the rest of the transaction (court messages about one delegation are serialised). */
    public Optional<Delegation> findForUpdate(String courtCode, String delegationId) {
        return jdbc.sql("select " + COLUMNS + " from court_delegation where court_code = :c and delegation_id = :d "
                + "for update").param("c", courtCode).param("d", delegationId).query(Delegations::map).optional();
    }

    public Optional<Delegation> ofDispute(String disputeId) {
        return jdbc.sql("select " + COLUMNS + " from court_delegation where dispute_id = :d")
                .param("d", disputeId).query(Delegations::map).optional();
    }

    /** Open delegations whose effective dueAt is before {@code before}, oldest first. */
    public List<Delegation> openDueBefore(OffsetDateTime before, int limit) {
        return jdbc.sql("select " + COLUMNS + " from court_delegation where state = 'OPEN' and due_at < :b "
                + "order by due_at limit :n").param("b", before).param("n", limit).query(Delegations::map).list();
    }

    public List<Delegation> list(int limit) {
        return jdbc.sql("select " + COLUMNS + " from court_delegation order by received_at desc limit :n")
                .param("n", limit).query(Delegations::map).list();
    }

    /** ExtendDelegation ACCEPTED: current dueAt := newDueAt, and a new warning may be raised for the new date. */
    public boolean extend(String courtCode, String delegationId, OffsetDateTime newDueAt) {
        return jdbc.sql("update court_delegation set due_at = :due, due_warned_at = null "
                + "where court_code = :c and delegation_id = :d and state = 'OPEN'")
                .param("due", newDueAt).param("c", courtCode).param("d", delegationId).update() == 1;
    }

    /** Closes an OPEN delegation (WITHDRAWN, DECLINED, RESULT, FILED); false if it was already closed. */
    public boolean close(String courtCode, String delegationId, String reason) {
        return jdbc.sql("update court_delegation set state = 'CLOSED', closed_reason = :r, closed_at = :now "
                + "where court_code = :c and delegation_id = :d and state = 'OPEN'")
                .param("r", reason).param("now", now()).param("c", courtCode).param("d", delegationId)
                .update() == 1;
    }

    /** Records that the hub queued its acknowledgement; false if one was queued before (acknowledge once). */
    public boolean markAckQueued(String courtCode, String delegationId, String decision) {
        return jdbc.sql("update court_delegation set ack_decision = :dec, ack_queued_at = :now "
                + "where court_code = :c and delegation_id = :d and ack_decision is null and state = 'OPEN'")
                .param("dec", decision).param("now", now()).param("c", courtCode).param("d", delegationId)
                .update() == 1;
    }

    /**
     * Records that the hub queued a result (SUCCESS, FAILURE, WITHDRAWN or TIMEOUT). False if a result was queued
     * before or the delegation is closed: exactly one caller (court reactor or deadline scheduler, on any node) wins.
     */
    public boolean markResultQueued(String courtCode, String delegationId, String resultType) {
        return jdbc.sql("update court_delegation set result_type = :t, result_queued_at = :now "
                + "where court_code = :c and delegation_id = :d and result_type is null and state = 'OPEN'")
                .param("t", resultType).param("now", now()).param("c", courtCode).param("d", delegationId)
                .update() == 1;
    }

    /**
     * Replaces a queued result type after the court refused it and a new message must follow (TIMEOUT_PREMATURE,
     * RESULT_AFTER_DUE → TIMEOUT, contract §11).
     */
    public boolean replaceResult(String courtCode, String delegationId, String expectedType, String newType) {
        return jdbc.sql("update court_delegation set result_type = :t, result_queued_at = :now "
                + "where court_code = :c and delegation_id = :d and result_type = :e and state = 'OPEN'")
                .param("t", newType).param("now", now()).param("c", courtCode).param("d", delegationId)
                .param("e", expectedType).update() == 1;
    }

    /** The approaching-deadline warning for the current dueAt was raised; false if already raised. */
    public boolean markDueWarned(String courtCode, String delegationId) {
        return jdbc.sql("update court_delegation set due_warned_at = :now "
                + "where court_code = :c and delegation_id = :d and due_warned_at is null and state = 'OPEN'")
                .param("now", now()).param("c", courtCode).param("d", delegationId).update() == 1;
    }

    /** Legacy delegation filed by NotifyCaseFiled(delegationId, FILED): keep the 民初 number. */
    public void recordFiledCaseNo(String courtCode, String delegationId, String caseNo) {
        jdbc.sql("update court_delegation set filed_case_no = :n where court_code = :c and delegation_id = :d")
                .param("n", caseNo).param("c", courtCode).param("d", delegationId).update();
    }

    private static Delegation map(ResultSet rs, int row) throws SQLException {
        return new Delegation(rs.getString("court_code"), rs.getString("delegation_id"), rs.getString("dispute_id"),
                rs.getString("regime"), rs.getString("pre_filing_no"), rs.getString("case_no"),
                rs.getString("court_number_norm"), rs.getString("procedure_type"), rs.getString("cause_code"),
                rs.getString("cause_name"), rs.getString("suggested_org_code"), rs.getString("suggested_org_name"),
                rs.getString("suggested_mediator"), ts(rs, "delegated_at"), ts(rs, "received_at"),
                ts(rs, "original_due_at"), ts(rs, "due_at"), rs.getString("state"), rs.getString("closed_reason"),
                ts(rs, "closed_at"), rs.getString("ack_decision"), ts(rs, "ack_queued_at"),
                rs.getString("result_type"), ts(rs, "result_queued_at"), ts(rs, "due_warned_at"),
                rs.getString("filed_case_no"));
    }

    private static OffsetDateTime ts(ResultSet rs, String column) throws SQLException {
        return rs.getObject(column, OffsetDateTime.class);
    }
}
