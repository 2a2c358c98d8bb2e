package cn.tongjie.hub.registry;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.function.IntSupplier;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The outbox relay's lease across hub nodes: the lock of the single {@code outbox_relay_lease} row, taken with
 * {@code for update nowait} on a connection of its own and held while one relay pass runs. A node that finds it held
 * skips the pass (the holder is relaying; the next timer round or wake-up tries again), so two nodes never send the
 * same pending row. The connection is not the thread's transactional one, so the relay's own statements commit as
 * before; a node that dies loses its connection and with it the lock.
 */
@Component
public class OutboxLease {

    private static final Logger log = LoggerFactory.getLogger(OutboxLease.class);

    private final DataSource dataSource;

    OutboxLease(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Runs {@code pass} while holding the lease and returns its result; returns 0 without running it when held. */
    public int runIfFree(IntSupplier pass) {
        try (Connection c = dataSource.getConnection()) {
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                if (!tryLock(c)) {
                    return 0;
                }
                return pass.getAsInt();
            } finally {
                rollbackQuietly(c);
                c.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            // no connection: nothing could be marked sent either; the next round tries again
            log.warn("Outbox relay lease not available ({}); relay pass skipped", e.getClass().getSimpleName());
            return 0;
        }
    }

    private static boolean tryLock(Connection c) {
        try (PreparedStatement ps = c.prepareStatement(
                "select id from outbox_relay_lease where id = 1 for update nowait")) {
            ps.executeQuery().close();
            return true;
        } catch (SQLException held) {
            // PostgreSQL 55P03 / H2 lock time-out: another node holds the lease
            return false;
        }
    }

    private static void rollbackQuietly(Connection c) {
        try {
            c.rollback();
        } catch (SQLException ignored) {
            // the connection is closed next; its lock goes with it
        }
    }
}
