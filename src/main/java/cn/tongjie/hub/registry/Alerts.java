package cn.tongjie.hub.registry;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Operator alerts, kept in the store (the console lists them) and logged at WARN without personal data. */
@Repository
public class Alerts {

    private static final Logger log = LoggerFactory.getLogger(Alerts.class);

    private final JdbcClient jdbc;
    private final Clock clock;

    Alerts(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** message must not contain personal data: codes, ids and field paths only. */
    public void raise(String severity, String code, String agency, String disputeId, String message) {
        jdbc.sql("""
                insert into alert (at, severity, code, agency, dispute_id, message, status)
                values (:at, :sev, :code, :agency, :d, :m, 'OPEN')""")
                .param("at", OffsetDateTime.now(clock)).param("sev", severity).param("code", code)
                .param("agency", agency).param("d", disputeId).param("m", message).update();
        log.warn("ALERT {} {} agency={} dispute={} {}", severity, code, agency, disputeId, message);
    }

    public List<Alert> open(int limit) {
        return jdbc.sql("select * from alert where status = 'OPEN' order by id desc limit " + Math.min(limit, 500))
                .query((rs, n) -> new Alert(rs.getLong("id"), rs.getObject("at", OffsetDateTime.class),
                        rs.getString("severity"), rs.getString("code"), rs.getString("agency"),
                        rs.getString("dispute_id"), rs.getString("message")))
                .list();
    }

    public record Alert(long id, OffsetDateTime at, String severity, String code, String agency, String disputeId,
            String message) {
    }
}
