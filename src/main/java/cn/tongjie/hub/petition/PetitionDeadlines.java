package cn.tongjie.hub.petition;

import cn.tongjie.hub.registry.Alerts;
import cn.tongjie.hub.registry.DisputeRegistry;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Contract §8 deadlines of the petition office, which the hub serves: 受理告知 (first feedback delivered by slqx 24:00)
 * and 办结 (final feedback delivered by bjqx 24:00), calendar days in Asia/Shanghai, taken from the push (§5.6).
 * Operator alerts once each: a warning some days before, and an overdue alert after the day has passed.
 */
@Component
class PetitionDeadlines {

    /** Warn this many days before slqx: the first feedback needs a mediation body's assignment first. */
    static final int ACK_WARN_DAYS = 3;
    /** Warn this many days before bjqx: time to conclude or to ask for the extension. */
    static final int CONCLUSION_WARN_DAYS = 10;

    private final JdbcClient jdbc;
    private final DisputeRegistry registry;
    private final Alerts alerts;
    private final Clock clock;
    private final ZoneId zone;

    PetitionDeadlines(JdbcClient jdbc, DisputeRegistry registry, Alerts alerts, Clock clock, ZoneId hubZone) {
        this.jdbc = jdbc;
        this.registry = registry;
        this.alerts = alerts;
        this.clock = clock;
        this.zone = hubZone;
    }

    /** @param bjqx the 办结 deadline in force: the extended one once the extension was accepted (§8) */
    record Open(String xfjbh, String tjgzh, LocalDate slqx, LocalDate bjqx, boolean acknowledged, boolean extended) {
    }

    @Transactional
    public void check() {
        LocalDate today = LocalDate.now(clock.withZone(zone));
        // Items without a delivered final feedback; "acknowledged" = fkxh 1 delivered.
        List<Open> open = jdbc.sql("""
                select i.xfjbh, i.tjgzh, i.slqx, coalesce(i.extended_bjqx, i.bjqx),
                       exists (select 1 from petition_feedback f where f.xfjbh = i.xfjbh and f.fkxh = 1
                               and f.status = 'SENT') as acknowledged,
                       i.extended_bjqx is not null as extended
                from petition_item i
                where not exists (select 1 from petition_feedback f where f.xfjbh = i.xfjbh and f.status = 'SENT'
                                  and f.blzt in ('04', '05', '06'))""")
                .query((rs, n) -> new Open(rs.getString(1), rs.getString(2), rs.getObject(3, LocalDate.class),
                        rs.getObject(4, LocalDate.class), rs.getBoolean(5),
                        rs.getBoolean(6)))
                .list();
        for (Open o : open) {
            if (!o.acknowledged()) {
                deadline(o, "ACK", o.slqx(), ACK_WARN_DAYS, today, "受理告知 (first feedback)", "");
            }
            // the extended deadline has its own once-guards: warning and overdue alert are re-armed for the new date
            deadline(o, "CONCLUSION", o.bjqx(), CONCLUSION_WARN_DAYS, today,
                    o.extended() ? "办结 (final feedback, extended)" : "办结 (final feedback)",
                    o.extended() ? ":extended" : "");
        }
    }

    private void deadline(Open o, String what, LocalDate due, int warnDays, LocalDate today, String label,
            String guard) {
        if (today.isAfter(due)) {
            if (registry.recordFact(o.tjgzh(), "petition-deadline:" + what + "-overdue" + guard)) {
                alerts.raise("ERROR", "PETITION_" + what + "_OVERDUE", PetitionIntake.AGENCY, o.tjgzh(),
                        "petition " + o.xfjbh() + ": " + label + " deadline " + due + " missed (超期)");
            }
        } else if (!today.isBefore(due.minusDays(warnDays))) {
            if (registry.recordFact(o.tjgzh(), "petition-deadline:" + what + "-due" + guard)) {
                alerts.raise("WARN", "PETITION_" + what + "_DUE", PetitionIntake.AGENCY, o.tjgzh(),
                        "petition " + o.xfjbh() + ": " + label + " due by " + due + " 24:00");
            }
        }
    }
}
