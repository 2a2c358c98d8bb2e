package cn.tongjie.hub.grid;

import cn.tongjie.hub.registry.Alerts;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Contract §8 time limits as operator alerts, each raised once per event (letters in grid_event.warned):
 * R "received" not accepted 10 min after the push; S handling due soon (¾ of the limit gone without assigned/resolved/
 * escalated); H handling overdue (24 h after reported_at, 2 h for urgency 3); O open longer than 30 days.
 */
@Component
class GridDeadlines {

    private final GridProperties props;
    private final JdbcClient jdbc;
    private final Alerts alerts;
    private final Clock clock;

    GridDeadlines(GridProperties props, JdbcClient jdbc, Alerts alerts, Clock clock) {
        this.props = props;
        this.jdbc = jdbc;
        this.alerts = alerts;
        this.clock = clock;
    }

    private record Open(String eventId, String trackingId, int urgency, OffsetDateTime reportedAt,
            OffsetDateTime pushedAt, boolean receivedSent, boolean handledSent, String warned) {
    }

    /** Returns how many alerts were raised. */
    @Transactional
    public int check() {
        OffsetDateTime now = OffsetDateTime.now(clock);
        List<Open> open = jdbc.sql("""
                select event_id, tracking_id, urgency, reported_at, pushed_at, received_sent, handled_sent, warned
                from grid_event where final_sent = false""")
                .query((rs, n) -> new Open(rs.getString(1), rs.getString(2), rs.getInt(3),
                        rs.getObject(4, OffsetDateTime.class), rs.getObject(5, OffsetDateTime.class), rs.getBoolean(6),
                        rs.getBoolean(7), rs.getString(8)))
                .list();
        int raised = 0;
        for (Open o : open) {
            List<Pending> pending = new ArrayList<>();
            String warned = o.warned();
            if (!o.receivedSent() && now.isAfter(o.pushedAt().plus(props.receivedWithin()))) {
                warned = raise(pending, warned, "R", "GRID_RECEIVED_OVERDUE",
                        "\"received\" not accepted by the platform within " + props.receivedWithin().toMinutes()
                                + " min of the push (超时未签收)");
            }
            Duration limit = o.urgency() == 3 ? props.handledWithinUrgent() : props.handledWithin();
            if (!o.handledSent()) {
                if (now.isAfter(o.reportedAt().plus(limit))) {
                    warned = raise(pending, warned, "H", "GRID_HANDLING_OVERDUE",
                            "no assigned/resolved/escalated status within " + limit.toHours()
                                    + " h of reported_at (urgency " + o.urgency() + ")");
                } else if (now.isAfter(o.reportedAt().plus(limit.multipliedBy(3).dividedBy(4)))) {
                    warned = raise(pending, warned, "S", "GRID_HANDLING_DUE_SOON",
                            "assigned/resolved/escalated due by " + o.reportedAt().plus(limit)
                                    + " (urgency " + o.urgency() + ")");
                }
            }
            if (now.isAfter(o.reportedAt().plus(props.openLimit()))) {
                warned = raise(pending, warned, "O", "GRID_OPEN_OVERDUE",
                        "open longer than " + props.openLimit().toDays() + " days (超期)");
            }
            if (warned.equals(o.warned())) {
                continue;
            }
            // Every node runs this check. The conditional update claims the letters: a second node that read the
            // same row waits for the first one's row lock and then updates nothing, so it raises nothing.
            int claimed = jdbc.sql("update grid_event set warned = :w where event_id = :e and warned = :old")
                    .param("w", warned).param("e", o.eventId()).param("old", o.warned()).update();
            if (claimed == 0) {
                continue; // another node reported this event's deadlines meanwhile
            }
            for (Pending p : pending) {
                alerts.raise("WARN", p.code(), GridIntake.AGENCY, o.trackingId(),
                        "grid event " + o.eventId() + ": " + p.message());
                raised++;
            }
        }
        return raised;
    }

    /** An alert decided in this pass, raised only once its letter is claimed in grid_event.warned. */
    private record Pending(String code, String message) {
    }

    private static String raise(List<Pending> pending, String warned, String letter, String code, String message) {
        if (warned.contains(letter)) {
            return warned;
        }
        pending.add(new Pending(code, message));
        return warned + letter;
    }
}
