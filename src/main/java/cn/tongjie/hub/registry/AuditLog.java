package cn.tongjie.hub.registry;

import java.time.Clock;
import java.time.OffsetDateTime;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Audit trail of admin actions and noteworthy inbound decisions (e.g. police STALE records, §4.2.4). */
@Repository
public class AuditLog {

    private final JdbcClient jdbc;
    private final Clock clock;

    AuditLog(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    public void record(String actor, String action, String target, String detail) {
        jdbc.sql("insert into audit_log (at, actor, action, target, detail) values (:at, :actor, :action, :t, :d)")
                .param("at", OffsetDateTime.now(clock)).param("actor", actor).param("action", action)
                .param("t", target).param("d", detail).update();
    }

    public long count(String action, String target) {
        return jdbc.sql("select count(*) from audit_log where action = :a and target = :t")
                .param("a", action).param("t", target).query(Long.class).single();
    }
}
