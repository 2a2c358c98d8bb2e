package cn.tongjie.hub.reliability;

import com.zaxxer.hikari.SQLExceptionOverride;
import java.sql.SQLException;
import java.util.Set;

/**
 * Tells Hikari that an H2 remote connection whose socket dropped is dead. PostgreSQL reports a dropped connection with
 * SQLSTATE 08xxx, which Hikari evicts by itself; H2's TCP client uses its own codes (90067 "connection is broken",
 * 90121 "database is already closed" once the client session is gone, 90028 I/O error), which Hikari does not know —
 * without this the pool keeps handing out dead connections after the database is back. Only DatabaseOutageIT needs it:
 * the hub's default H2 store is embedded (no socket to drop), production runs PostgreSQL.
 */
public class H2DroppedConnectionEviction implements SQLExceptionOverride {

    private static final Set<Integer> DROPPED = Set.of(90067, 90121, 90028);

    @java.lang.Override
    public Override adjudicate(SQLException e) {
        return DROPPED.contains(e.getErrorCode()) ? Override.MUST_EVICT : Override.CONTINUE_EVICT;
    }
}
