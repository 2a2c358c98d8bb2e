package cn.tongjie.hub.admin.console;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Every running time limit the hub tracks, read from the connectors' tables and sorted by urgency (soonest first,
 * overdue on top): court delegations' dueAt, 司法确认 application deadlines, the petition office's 受理告知 and 办结
 * (slqx/bjqx, 24:00 of the day), the grid platform's handling limit, and the mediation bodies' assignment due dates.
 * The rules are the connectors' (PetitionDeadlines, GridDeadlines, CourtDeadlines): this board only shows them.
 */
@Component
class DeadlineBoard {

    private static final Logger log = LoggerFactory.getLogger(DeadlineBoard.class);
    /** A date-only limit ends with its day ("by slqx 24:00"); shown as 23:59:59 so it reads as that day. */
    private static final LocalTime END_OF_DAY = LocalTime.of(23, 59, 59);

    private final JdbcClient jdbc;
    private final Clock clock;
    private final ZoneId zone;
    private final Duration gridHandledWithin;
    private final Duration gridHandledWithinUrgent;

    DeadlineBoard(JdbcClient jdbc, Clock clock, ZoneId hubZone,
            @Value("${tongjie.grid.handled-within:24h}") Duration gridHandledWithin,
            @Value("${tongjie.grid.handled-within-urgent:2h}") Duration gridHandledWithinUrgent) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.zone = hubZone;
        this.gridHandledWithin = gridHandledWithin;
        this.gridHandledWithinUrgent = gridHandledWithinUrgent;
    }

    /**
     * @param kind   COURT_DELEGATION, COURT_APPLICATION, PETITION_ACK, PETITION_CONCLUSION, GRID_HANDLING, ASSIGNMENT
     * @param ref    the agency's own reference (court number, xfjbh, grid eventId, externalRef)
     * @param state  OVERDUE, DUE_TODAY or RUNNING
     */
    record Deadline(String kind, String agency, String ref, String disputeId, OffsetDateTime dueAt, String state,
            long minutesLeft) {
    }

    List<Deadline> running(int limit) {
        OffsetDateTime now = OffsetDateTime.now(clock);
        List<Deadline> all = new ArrayList<>();
        query(all, now, "COURT_DELEGATION", "court", """
                select court_number_norm, dispute_id, due_at from court_delegation where state = 'OPEN'""", false);
        query(all, now, "COURT_APPLICATION", "court", """
                select application_id, dispute_id, deadline from court_application
                where state in ('AWAITING_OPERATOR', 'QUEUED')""", true);
        query(all, now, "PETITION_ACK", "petition", """
                select i.xfjbh, i.tjgzh, i.slqx from petition_item i
                where not exists (select 1 from petition_feedback f where f.xfjbh = i.xfjbh and f.fkxh = 1
                                  and f.status = 'SENT')
                  and not exists (select 1 from petition_feedback f where f.xfjbh = i.xfjbh and f.status = 'SENT'
                                  and f.blzt in ('04', '05', '06'))""", true);
        query(all, now, "PETITION_CONCLUSION", "petition", """
                select i.xfjbh, i.tjgzh, coalesce(i.extended_bjqx, i.bjqx) from petition_item i
                where not exists (select 1 from petition_feedback f where f.xfjbh = i.xfjbh and f.status = 'SENT'
                                  and f.blzt in ('04', '05', '06'))""", true);
        try {
            jdbc.sql("""
                    select event_id, tracking_id, urgency, reported_at from grid_event
                    where final_sent = false and handled_sent = false""")
                    .query((rs, n) -> {
                        Duration limitFor = rs.getInt(3) == 3 ? gridHandledWithinUrgent : gridHandledWithin;
                        all.add(deadline("GRID_HANDLING", "grid", rs.getString(1), rs.getString(2),
                                rs.getObject(4, OffsetDateTime.class).plus(limitFor), now));
                        return null;
                    }).list();
        } catch (org.springframework.dao.DataAccessException e) {
            log.debug("deadline query failed: {}", e.getMessage());
        }
        query(all, now, "ASSIGNMENT", null, """
                select external_ref, dispute_id, due_date, agency from assignment
                where status in ('PENDING', 'RECEIVED', 'ACCEPTED', 'IN_MEDIATION')""", true);
        all.sort(Comparator.comparing(Deadline::dueAt).thenComparing(Deadline::ref));
        return all.size() > limit ? all.subList(0, limit) : all;
    }

    /** @param dateOnly the third column is a calendar date: the limit ends at 24:00 of that day in the hub's zone */
    private void query(List<Deadline> into, OffsetDateTime now, String kind, String agency, String sql,
            boolean dateOnly) {
        try {
            jdbc.sql(sql).query((rs, n) -> {
                OffsetDateTime due = dateOnly
                        ? rs.getObject(3, LocalDate.class).atTime(END_OF_DAY).atZone(zone).toOffsetDateTime()
                        : rs.getObject(3, OffsetDateTime.class);
                String a = agency != null ? agency : rs.getString(4);
                into.add(deadline(kind, a, rs.getString(1), rs.getString(2), due, now));
                return null;
            }).list();
        } catch (org.springframework.dao.DataAccessException e) {
            // one connector's table missing must not hide the others' deadlines
            log.debug("deadline query {} failed: {}", kind, e.getMessage());
        }
    }

    private Deadline deadline(String kind, String agency, String ref, String disputeId, OffsetDateTime due,
            OffsetDateTime now) {
        long minutes = Duration.between(now, due).toMinutes();
        LocalDate today = now.atZoneSameInstant(zone).toLocalDate();
        String state = due.isBefore(now) ? "OVERDUE"
                : due.atZoneSameInstant(zone).toLocalDate().equals(today) ? "DUE_TODAY" : "RUNNING";
        return new Deadline(kind, agency, ref, disputeId, due.atZoneSameInstant(zone).toOffsetDateTime(), state,
                minutes);
    }
}
