package cn.tongjie.hub.registry;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Hub ids {@code TJ-yyyyMMdd-NNNNNN} (common/README.md: 6–37 chars of [A-Za-z0-9-]); per-assignment references append
 * {@code -NN}. The counter lives in the database so ids stay unique across restarts and hub nodes.
 */
@Component
public class HubIds {

    private static final DateTimeFormatter DAY = DateTimeFormatter.BASIC_ISO_DATE;

    private final JdbcClient jdbc;
    private final Clock clock;
    private final ZoneId zone;

    HubIds(JdbcClient jdbc, Clock clock, ZoneId hubZone) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.zone = hubZone;
    }

    /** A new dispute id; runs in its own transaction so the counter row is not locked for the caller's whole unit of work. */
    @Transactional(propagation = Propagation.REQUIRES_NEW)
    public String nextDisputeId() {
        String day = LocalDate.now(clock.withZone(zone)).format(DAY);
        // MERGE is standard SQL on both H2 and PostgreSQL 15+. Two nodes racing on the first id of a day may hit the
        // primary key once; the caller's unit of work then fails and is redelivered, so no id is ever reused.
        jdbc.sql("""
                merge into hub_id_sequence t using (select cast(:day as varchar(8)) as d) s on t.seq_day = s.d
                when matched then update set last_value = t.last_value + 1
                when not matched then insert (seq_day, last_value) values (s.d, 1)""")
                .param("day", day).update();
        int value = jdbc.sql("select last_value from hub_id_sequence where seq_day = :day").param("day", day)
                .query(Integer.class).single();
        return "TJ-" + day + "-" + String.format("%06d", value);
    }

    public static String assignmentRef(String disputeId, int seq) {
        return disputeId + "-" + String.format("%02d", seq);
    }
}
