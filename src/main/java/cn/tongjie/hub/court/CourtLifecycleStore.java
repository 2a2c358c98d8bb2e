package cn.tongjie.hub.court;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * What the hub learnt about the mediation of a court-delegated dispute (table court_mediation), and the scheduler's
 * selections of delegations that need something. Selections only pick candidates; every action is then guarded by
 * the conditional updates of {@link Delegations}, so two nodes selecting the same row cannot both act.
 */
@Repository
class CourtLifecycleStore {

    /** One court_mediation row: the body that accepted and its current mediator. */
    record Mediation(String disputeId, String courtCode, String delegationId, String bodyAgency, String bodyCode,
            String bodyName, OffsetDateTime acceptedAt, String mediatorBodyCode, String mediatorName,
            String mediatorPhone, String resultSummary) {

        boolean accepted() {
            return acceptedAt != null && bodyName != null;
        }

        /** The mediator named by the body that accepted (not one of a body that declined afterwards). */
        boolean hasMediator() {
            return mediatorName != null && bodyCode != null && bodyCode.equals(mediatorBodyCode);
        }
    }

    /** Key of a delegation a scheduler check selected. */
    record Key(String courtCode, String delegationId) {
    }

    private final JdbcClient jdbc;
    private final Clock clock;

    CourtLifecycleStore(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    private OffsetDateTime now() {
        return OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
    }

    Optional<Mediation> find(String disputeId) {
        return jdbc.sql("select * from court_mediation where dispute_id = :d").param("d", disputeId)
                .query((rs, n) -> new Mediation(rs.getString("dispute_id"), rs.getString("court_code"),
                        rs.getString("delegation_id"), rs.getString("body_agency"), rs.getString("body_code"),
                        rs.getString("body_name"), rs.getObject("accepted_at", OffsetDateTime.class),
                        rs.getString("mediator_body_code"), rs.getString("mediator_name"),
                        rs.getString("mediator_phone"), rs.getString("result_summary")))
                .optional();
    }

    private void ensureRow(Delegation d) {
        int updated = jdbc.sql("update court_mediation set updated_at = :now where dispute_id = :d")
                .param("now", now()).param("d", d.disputeId()).update();
        if (updated == 0) {
            jdbc.sql("insert into court_mediation (dispute_id, court_code, delegation_id, updated_at) "
                    + "values (:d, :c, :id, :now)").param("d", d.disputeId()).param("c", d.courtCode())
                    .param("id", d.delegationId()).param("now", now()).update();
        }
    }

    /** A body accepted the dispute (a later acceptance by another body after a re-route replaces it). */
    void accepted(Delegation d, String agency, String code, String name, OffsetDateTime at) {
        ensureRow(d);
        jdbc.sql("update court_mediation set body_agency = :a, body_code = :code, body_name = :name, accepted_at = :at "
                + "where dispute_id = :d").param("a", agency).param("code", code).param("name", name)
                .param("at", at.withOffsetSameInstant(ZoneOffset.UTC)).param("d", d.disputeId()).update();
    }

    /** The body that had accepted declined after all: triage re-routes, the acceptance no longer holds. */
    void declinedBy(String disputeId, String code) {
        jdbc.sql("update court_mediation set body_agency = null, body_code = null, body_name = null, accepted_at = null, "
                + "updated_at = :now where dispute_id = :d and body_code = :code")
                .param("now", now()).param("d", disputeId).param("code", code).update();
    }

    void mediator(Delegation d, String bodyCode, String name, String phone) {
        ensureRow(d);
        jdbc.sql("update court_mediation set mediator_body_code = :b, mediator_name = :n, mediator_phone = :p "
                + "where dispute_id = :d").param("b", bodyCode).param("n", name).param("p", phone)
                .param("d", d.disputeId()).update();
    }

    void resultSummary(Delegation d, String summary) {
        ensureRow(d);
        jdbc.sql("update court_mediation set result_summary = :s where dispute_id = :d")
                .param("s", summary).param("d", d.disputeId()).update();
    }

    // ------------------------------------------------------------------ scheduler selections

    /** OPEN, no result queued, not declined, effective dueAt before {@code before}: TIMEOUT is due. */
    List<Key> timeoutDue(OffsetDateTime before, int limit) {
        return keys("state = 'OPEN' and result_type is null and (ack_decision is null or ack_decision = 'ACCEPTED') "
                + "and due_at < :t order by due_at", before, limit);
    }

    /** OPEN delegations whose TIMEOUT must be sent again once dueAt has passed (TIMEOUT_PREMATURE). */
    List<Key> timeoutRequeueDue(OffsetDateTime before, int limit) {
        return keys("state = 'OPEN' and result_type = '" + CourtLifecycle.TIMEOUT_REQUEUE + "' and due_at < :t "
                + "order by due_at", before, limit);
    }

    /** OPEN, nothing reported, not yet warned, dueAt still ahead but within the lead time (past ones get TIMEOUT). */
    List<Key> dueSoon(OffsetDateTime now, OffsetDateTime until, int limit) {
        return jdbc.sql("select court_code, delegation_id from court_delegation where state = 'OPEN' "
                + "and result_type is null and due_warned_at is null "
                + "and (ack_decision is null or ack_decision = 'ACCEPTED') and due_at > :now and due_at <= :t "
                + "order by due_at limit :n").param("now", now.withOffsetSameInstant(ZoneOffset.UTC))
                .param("t", until.withOffsetSameInstant(ZoneOffset.UTC)).param("n", limit)
                .query((rs, n) -> new Key(rs.getString(1), rs.getString(2))).list();
    }

    /**
     * OPEN, not acknowledged, nothing reported, received at or before {@code receivedBy}, and not yet alerted (so old
     * ones never crowd newer ones out of the batch).
     */
    List<Key> unacknowledged(OffsetDateTime receivedBy, int limit) {
        return keys("state = 'OPEN' and ack_decision is null and result_type is null and received_at <= :t "
                + "and not exists (select 1 from dispute_fact f where f.dispute_id = court_delegation.dispute_id "
                + "and f.fact = 'court:ack-late') order by received_at", receivedBy, limit);
    }

    /** Like {@link #unacknowledged} but a body has accepted: the acknowledgement fallback applies. */
    List<Key> acceptedUnacknowledged(OffsetDateTime receivedBy, int limit) {
        return keys("state = 'OPEN' and ack_decision is null and result_type is null and received_at <= :t "
                + "and exists (select 1 from court_mediation m where m.dispute_id = court_delegation.dispute_id "
                + "and m.accepted_at is not null) order by received_at", receivedBy, limit);
    }

    /** OPEN although a TIMEOUT was queued and dueAt passed before {@code dueBefore}: the court has not accepted it. */
    List<Key> timeoutAtRisk(OffsetDateTime dueBefore, int limit) {
        return keys("state = 'OPEN' and result_type in ('TIMEOUT', '" + CourtLifecycle.TIMEOUT_REQUEUE + "') "
                + "and due_at < :t order by due_at", dueBefore, limit);
    }

    private List<Key> keys(String where, OffsetDateTime t, int limit) {
        return jdbc.sql("select court_code, delegation_id from court_delegation where " + where + " limit :n")
                .param("t", t.withOffsetSameInstant(ZoneOffset.UTC)).param("n", limit)
                .query((rs, n) -> new Key(rs.getString(1), rs.getString(2))).list();
    }
}
