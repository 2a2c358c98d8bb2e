package cn.tongjie.hub.registry;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Assignments: the store-and-forward queue towards mediation bodies and the record of each case's state. */
@Repository
public class Assignments {

    private final JdbcClient jdbc;
    private final Clock clock;
    private final ApplicationEventPublisher events;

    Assignments(JdbcClient jdbc, Clock clock, ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.events = events;
    }

    /** Published when an assignment is queued; the agency's delivery worker sends it once the transaction commits. */
    public record Queued(String agency, String externalRef) {
    }

    public void create(String externalRef, String disputeId, int seq, String agency, String targetCode,
            String targetName, String ruleId, boolean urgent, LocalDate dueDate) {
        OffsetDateTime now = OffsetDateTime.now(clock);
        jdbc.sql("""
                insert into assignment (external_ref, dispute_id, seq, agency, target_code, target_name, rule_id, urgent,
                  due_date, status, attempts, next_attempt_at, created_at, updated_at)
                values (:ref, :d, :seq, :agency, :code, :name, :rule, :urgent, :due, 'PENDING', 0, :now, :now, :now)""")
                .param("ref", externalRef).param("d", disputeId).param("seq", seq).param("agency", agency)
                .param("code", targetCode).param("name", targetName).param("rule", ruleId).param("urgent", urgent)
                .param("due", dueDate).param("now", now).update();
        events.publishEvent(new Queued(agency, externalRef));
    }

    public Optional<Assignment> find(String externalRef) {
        return jdbc.sql("select * from assignment where external_ref = :r").param("r", externalRef)
                .query(Assignments::map).optional();
    }

    public Optional<Assignment> findForUpdate(String externalRef) {
        return jdbc.sql("select * from assignment where external_ref = :r for update").param("r", externalRef)
                .query(Assignments::map).optional();
    }

    public List<Assignment> ofDispute(String disputeId) {
        return jdbc.sql("select * from assignment where dispute_id = :d order by seq").param("d", disputeId)
                .query(Assignments::map).list();
    }

    public Optional<Assignment> latestOf(String disputeId) {
        return jdbc.sql("select * from assignment where dispute_id = :d order by seq desc limit 1").param("d", disputeId)
                .query(Assignments::map).optional();
    }

    /** Due deliveries of one agency, oldest first: assignments go out in the order they were created. */
    public List<Assignment> due(String agency, int limit) {
        return jdbc.sql("""
                select * from assignment where agency = :a and status = 'PENDING' and next_attempt_at <= :now
                order by created_at, external_ref limit :lim""")
                .param("lim", limit).param("a", agency).param("now", OffsetDateTime.now(clock)).query(Assignments::map).list();
    }

    public long countPending(String agency) {
        return jdbc.sql("select count(*) from assignment where agency = :a and status = 'PENDING'")
                .param("a", agency).query(Long.class).single();
    }

    public void received(String externalRef, String caseNo) {
        jdbc.sql("""
                update assignment set status = case when status = 'PENDING' then 'RECEIVED' else status end,
                  case_no = :c, last_error = null, attempts = attempts + 1, next_attempt_at = null, updated_at = :now
                where external_ref = :r""")
                .param("c", caseNo).param("now", OffsetDateTime.now(clock)).param("r", externalRef).update();
    }

    public void bindCaseNo(String externalRef, String caseNo) {
        jdbc.sql("update assignment set case_no = :c, updated_at = :now where external_ref = :r and case_no is null")
                .param("c", caseNo).param("now", OffsetDateTime.now(clock)).param("r", externalRef).update();
    }

    public void retryLater(String externalRef, OffsetDateTime next, String error) {
        jdbc.sql("""
                update assignment set attempts = attempts + 1, next_attempt_at = :n, last_error = :e, updated_at = :now
                where external_ref = :r""")
                .param("n", next).param("e", trim(error)).param("now", OffsetDateTime.now(clock))
                .param("r", externalRef).update();
    }

    public void setStatus(String externalRef, AssignmentStatus status, String error) {
        jdbc.sql("""
                update assignment set status = :s, last_error = coalesce(:e, last_error), next_attempt_at = null,
                  updated_at = :now where external_ref = :r""")
                .param("s", status.name()).param("e", trim(error)).param("now", OffsetDateTime.now(clock))
                .param("r", externalRef).update();
    }

    /** State derived from the full set of case events (legal-service §7.3). */
    public void applyCaseState(String externalRef, AssignmentStatus status, String result, String mediatorName,
            String mediatorPhone, Boolean performed, OffsetDateTime concludedAt) {
        jdbc.sql("""
                update assignment set status = :s, result = :res, mediator_name = :mn, mediator_phone = :mp,
                  performed = :perf, concluded_at = :ca, updated_at = :now where external_ref = :r""")
                .param("s", status.name()).param("res", result).param("mn", mediatorName).param("mp", mediatorPhone)
                .param("perf", performed).param("ca", concludedAt).param("now", OffsetDateTime.now(clock))
                .param("r", externalRef).update();
    }

    public void retarget(String externalRef, String targetCode, String targetName, String ruleId, boolean urgent) {
        jdbc.sql("""
                update assignment set target_code = :c, target_name = :n, rule_id = :rule, urgent = :u, updated_at = :now
                where external_ref = :r and status = 'PENDING' and attempts = 0""")
                .param("c", targetCode).param("n", targetName).param("rule", ruleId).param("u", urgent)
                .param("now", OffsetDateTime.now(clock)).param("r", externalRef).update();
    }

    private static String trim(String s) {
        return s == null ? null : s.substring(0, Math.min(1000, s.length()));
    }

    static Assignment map(ResultSet rs, int n) throws SQLException {
        return new Assignment(rs.getString("external_ref"), rs.getString("dispute_id"), rs.getInt("seq"),
                rs.getString("agency"), rs.getString("target_code"), rs.getString("target_name"),
                rs.getString("rule_id"), rs.getBoolean("urgent"), rs.getObject("due_date", LocalDate.class),
                AssignmentStatus.valueOf(rs.getString("status")), rs.getString("case_no"), rs.getString("result"),
                rs.getString("mediator_name"), rs.getString("mediator_phone"), (Boolean) rs.getObject("performed"),
                rs.getObject("concluded_at", OffsetDateTime.class), rs.getInt("attempts"),
                rs.getObject("next_attempt_at", OffsetDateTime.class), rs.getString("last_error"),
                rs.getObject("created_at", OffsetDateTime.class), rs.getObject("updated_at", OffsetDateTime.class));
    }
}
