package cn.tongjie.hub.tradeunion;

import cn.tongjie.hub.registry.Alerts;
import cn.tongjie.hub.registry.DisputeRegistry;
import cn.tongjie.hub.registry.TimelineEntry.Direction;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The union's time limits (trade-union §8), checked on every node, each alert raised once per cluster:
 * <ul>
 * <li>no result row by 期限 + 3 days (期限 = 受理日期 + 15) ⇒ UNION_RESULT_OVERDUE for the dispute (the parties may go to
 * arbitration without waiting);</li>
 * <li>a referral file not imported (archived) by the union after 2 working days ⇒ UNION_PICKUP_OVERDUE. The union reads
 * only on working days 08:00–18:00 (§5.1), so a Friday-evening file is not late on Sunday. Public holidays are not
 * known to the hub and count as working days: at worst an alert comes a day early.</li>
 * </ul>
 */
@Service
class UnionDeadlines {

    /** §8: alert when no result has arrived this many days after 期限. */
    static final int RESULT_GRACE_DAYS = 3;
    /** §8: the union's reading delay is not a failure before this many working days. */
    static final int PICKUP_WORKING_DAYS = 2;

    private final JdbcClient jdbc;
    private final DisputeRegistry registry;
    private final Alerts alerts;
    private final Clock clock;

    UnionDeadlines(JdbcClient jdbc, DisputeRegistry registry, Alerts alerts, Clock clock) {
        this.jdbc = jdbc;
        this.registry = registry;
        this.alerts = alerts;
        this.clock = clock;
    }

    /** One pass; returns how many alerts it raised. */
    @Transactional
    public int check() {
        return resultsOverdue() + pickupsOverdue();
    }

    private int resultsOverdue() {
        LocalDate today = LocalDate.now(clock.withZone(ReferralFiles.SHANGHAI));
        // 期限 + 3 days has passed when accepted_on + 15 + 3 < today
        LocalDate acceptedBefore = today.minusDays(ReferralRow.DEADLINE_DAYS + RESULT_GRACE_DAYS);
        record Late(String caseId, String ref, String disputeId, LocalDate acceptedOn) {
        }
        List<Late> late = jdbc.sql("""
                select case_id, external_ref, dispute_id, accepted_on from union_case
                where result is null and rejected_code is null and accepted_on < :before order by case_id""")
                .param("before", acceptedBefore)
                .query((rs, n) -> new Late(rs.getString(1), rs.getString(2), rs.getString(3),
                        rs.getObject(4, LocalDate.class))).list();
        int raised = 0;
        for (Late l : late) {
            if (!registry.recordFact(l.disputeId(), "union:overdue:" + l.caseId())) {
                continue;
            }
            LocalDate due = l.acceptedOn().plusDays(ReferralRow.DEADLINE_DAYS);
            registry.addTimeline(l.disputeId(), OffsetDateTime.now(clock), "UNION_RESULT_OVERDUE", UnionReferrals.AGENCY,
                    Direction.INTERNAL, "no union result for " + l.caseId() + " (期限 " + due + ")", null);
            alerts.raise("WARN", "UNION_RESULT_OVERDUE", UnionReferrals.AGENCY, l.disputeId(), "no result for "
                    + l.caseId() + " more than " + RESULT_GRACE_DAYS + " days after its 期限 " + due
                    + " (trade-union §8); the worker may apply for arbitration without waiting");
            raised++;
        }
        return raised;
    }

    private int pickupsOverdue() {
        ZonedDateTime now = ZonedDateTime.now(clock.withZone(ReferralFiles.SHANGHAI));
        record Waiting(String fileName, OffsetDateTime uploadedAt) {
        }
        List<Waiting> waiting = jdbc.sql("""
                select f.file_name, f.uploaded_at from union_file f
                where f.uploaded_at is not null and f.pickup_alerted_at is null
                  and exists (select 1 from union_case c where c.file_name = f.file_name and c.rejected_code is null
                              and not exists (select 1 from dispute_fact x where x.dispute_id = c.dispute_id
                                              and x.fact = 'union:accepted:' || c.external_ref))
                order by f.file_name""")
                .query((rs, n) -> new Waiting(rs.getString(1), rs.getObject(2, OffsetDateTime.class))).list();
        int raised = 0;
        for (Waiting w : waiting) {
            ZonedDateTime late = afterWorkingDays(w.uploadedAt().atZoneSameInstant(ReferralFiles.SHANGHAI),
                    PICKUP_WORKING_DAYS);
            if (now.isBefore(late)) {
                continue;
            }
            if (jdbc.sql("update union_file set pickup_alerted_at = :now where file_name = :f "
                    + "and pickup_alerted_at is null").param("now", now.toOffsetDateTime())
                    .param("f", w.fileName()).update() == 0) {
                continue; // another node raised it
            }
            alerts.raise("WARN", "UNION_PICKUP_OVERDUE", UnionReferrals.AGENCY, null, w.fileName()
                    + " uploaded " + w.uploadedAt() + " is still not imported by the union after "
                    + PICKUP_WORKING_DAYS + " working days (trade-union §5.1, §8); check the union's import");
            raised++;
        }
        return raised;
    }

    /**
     * The moment {@code days} working days (Mon–Fri, 08:00–18:00 Beijing time) of the union have passed after
     * {@code from}: time outside working hours does not count.
     */
    static ZonedDateTime afterWorkingDays(ZonedDateTime from, int days) {
        ZonedDateTime t = from;
        long remainingMinutes = days * 10L * 60; // a working day is 10 hours
        while (remainingMinutes > 0) {
            boolean workday = t.getDayOfWeek() != DayOfWeek.SATURDAY && t.getDayOfWeek() != DayOfWeek.SUNDAY;
            ZonedDateTime open = t.toLocalDate().atTime(8, 0).atZone(t.getZone());
            ZonedDateTime close = t.toLocalDate().atTime(18, 0).atZone(t.getZone());
            if (!workday || !t.isBefore(close)) {
                t = t.toLocalDate().plusDays(1).atTime(8, 0).atZone(t.getZone());
                continue;
            }
            if (t.isBefore(open)) {
                t = open;
            }
            long available = java.time.Duration.between(t, close).toMinutes();
            if (available >= remainingMinutes) {
                return t.plusMinutes(remainingMinutes);
            }
            remainingMinutes -= available;
            t = t.toLocalDate().plusDays(1).atTime(8, 0).atZone(t.getZone());
        }
        return t;
    }
}
