package cn.tongjie.hub.registry;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Hub ids {@code TJ-yyyyMMdd-NNNNNN} (common/README.md: 6–37 chars of [A-Za-z0-9-]); per-assignment references append
 * {@code -NN}. The counter lives in the database so ids stay unique across restarts and hub nodes.
 *
 * <p>Each node reserves a block of {@link #BLOCK} numbers per day in one short transaction of its own and hands them
 * out from memory. Before, every dispute cost a transaction of its own on the counter row, and the six intake
 * consumers raced on the first id of each day (MERGE → duplicate key → redelivery). Numbers stay unique and increase
 * within a node; a restart (or a second node) leaves a gap of at most one block, which ids may have: they are
 * references, not counts.
 */
@Component
public class HubIds {

    private static final DateTimeFormatter DAY = DateTimeFormatter.BASIC_ISO_DATE;
    /** Numbers reserved per database round trip: a day's 6-digit space (999,999) is not used up by gaps. */
    static final int BLOCK = 20;

    private final JdbcClient jdbc;
    private final Clock clock;
    private final ZoneId zone;
    /** Runs the reservation in a transaction of its own. */
    private final TransactionTemplate ownTransaction;

    private String blockDay;
    private int next;
    private int last;

    HubIds(JdbcClient jdbc, Clock clock, ZoneId hubZone, PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.zone = hubZone;
        this.ownTransaction = new TransactionTemplate(transactions);
        // its own transaction, so the counter row is not locked for the caller's whole unit of work
        this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    /** A new dispute id: the next number of this node's block for today, reserving a new block when it is used up. */
    public synchronized String nextDisputeId() {
        String day = LocalDate.now(clock.withZone(zone)).format(DAY);
        if (!day.equals(blockDay) || next > last) {
            int end = ownTransaction.execute(s -> reserve(day));
            blockDay = day;
            next = end - BLOCK + 1;
            last = end;
        }
        return "TJ-" + day + "-" + String.format("%06d", next++);
    }

    /** Moves the day's counter on by one block and returns the block's last number. */
    private int reserve(String day) {
        // MERGE is standard SQL on both H2 and PostgreSQL 15+. Two nodes racing on the first block of a day may hit the
        // primary key once; the caller's unit of work then fails and is redelivered, so no id is ever reused.
        jdbc.sql("""
                merge into hub_id_sequence t using (select cast(:day as varchar(8)) as d) s on t.seq_day = s.d
                when matched then update set last_value = t.last_value + :block
                when not matched then insert (seq_day, last_value) values (s.d, :block)""")
                .param("day", day).param("block", BLOCK).update();
        return jdbc.sql("select last_value from hub_id_sequence where seq_day = :day").param("day", day)
                .query(Integer.class).single();
    }

    public static String assignmentRef(String disputeId, int seq) {
        return disputeId + "-" + String.format("%02d", seq);
    }
}
