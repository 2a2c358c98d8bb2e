package cn.tongjie.hub.indicators;

import java.time.OffsetDateTime;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Where the indicators' facts live in the hub's store. Region of a fact: the dispute's region code (the place of the
 * dispute, so a case from 开发区 lands in the 150571 row); for a court row without a dispute, the court's own area
 * ("15" + court digits: 0502 → 150502, 05 → 1505, the city only).
 */
@Repository
class IndicatorData {

    private static final String REGION = "coalesce(d.region_code, '15' || c.court_code)";

    private final JdbcClient jdbc;

    IndicatorData(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Facts of the period. Court tables are read whole (a case number counts at its first receipt, which may lie
     * before the period); conclusions only from {@code from} on (updated_at is never before the conclusion arrived).
     */
    Indicators.Facts load(OffsetDateTime from) {
        var cases = jdbc.sql("""
                select c.case_no as num, %1$s as region, c.received_at as at
                  from court_delegation c left join dispute d on d.dispute_id = c.dispute_id where c.case_no is not null
                union all
                select c.filed_case_no, %1$s, coalesce(c.closed_at, c.received_at)
                  from court_delegation c left join dispute d on d.dispute_id = c.dispute_id
                  where c.filed_case_no is not null
                union all
                select c.filed_case_no, %1$s, coalesce(c.decided_at, c.updated_at)
                  from court_transfer c left join dispute d on d.dispute_id = c.dispute_id
                  where c.filed_case_no is not null""".formatted(REGION))
                .query((rs, n) -> new Indicators.CaseFiled(rs.getString(1), rs.getString(2),
                        rs.getObject(3, OffsetDateTime.class)))
                .list();
        var delegations = jdbc.sql("""
                select %s as region, c.received_at, c.ack_decision
                  from court_delegation c left join dispute d on d.dispute_id = c.dispute_id""".formatted(REGION))
                .query((rs, n) -> new Indicators.DelegationReceived(rs.getString(1),
                        rs.getObject(2, OffsetDateTime.class), "ACCEPTED".equals(rs.getString(3))))
                .list();
        var results = jdbc.sql("""
                select %s as region, c.result_queued_at, c.result_type
                  from court_delegation c left join dispute d on d.dispute_id = c.dispute_id
                  where c.result_type is not null and c.result_queued_at is not null""".formatted(REGION))
                .query((rs, n) -> new Indicators.DelegationResult(rs.getString(1),
                        rs.getObject(2, OffsetDateTime.class),
                        // a TIMEOUT the court refused as premature waits to be sent again: still a TIMEOUT
                        rs.getString(3).startsWith("TIMEOUT") ? "TIMEOUT" : rs.getString(3)))
                .list();
        var conclusions = jdbc.sql("""
                select d.dispute_id, d.region_code, d.outcome, d.created_at, d.updated_at,
                  (select max(a.concluded_at) from assignment a where a.dispute_id = d.dispute_id) as concluded_at,
                  (select count(*) from assignment a where a.dispute_id = d.dispute_id and a.performed = true) as perf_yes,
                  (select count(*) from assignment a where a.dispute_id = d.dispute_id and a.performed is not null)
                    as perf_known,
                  (select count(*) from court_application ca where ca.dispute_id = d.dispute_id
                    and ca.state <> 'AWAITING_OPERATOR') as jc
                from dispute d where d.status = 'CONCLUDED' and d.updated_at >= :from""")
                .param("from", from)
                .query((rs, n) -> {
                    OffsetDateTime concludedAt = rs.getObject("concluded_at", OffsetDateTime.class);
                    long known = rs.getLong("perf_known");
                    return new Indicators.Conclusion(rs.getString("dispute_id"), rs.getString("region_code"),
                            rs.getObject("created_at", OffsetDateTime.class),
                            // the body's own conclusion time; the hub's last update when no body reported one
                            concludedAt != null ? concludedAt : rs.getObject("updated_at", OffsetDateTime.class),
                            "SUCCESS".equals(rs.getString("outcome")), rs.getLong("jc") > 0,
                            known == 0 ? null : rs.getLong("perf_yes") > 0);
                })
                .list();
        return new Indicators.Facts(cases, delegations, results, conclusions);
    }
}
