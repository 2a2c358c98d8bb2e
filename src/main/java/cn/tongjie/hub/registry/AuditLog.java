package cn.tongjie.hub.registry;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * Audit trail of admin actions (who, what, when, from where, outcome — refused ones included) and noteworthy inbound
 * decisions (e.g. police STALE records, §4.2.4).
 */
@Repository
public class AuditLog {

    /** Outcome of an action that was carried out. */
    public static final String OK = "OK";
    /** Outcome of a request refused for lack of a role (HTTP 403). */
    public static final String DENIED = "DENIED";
    /** Outcome of a request refused for missing or wrong credentials (HTTP 401). */
    public static final String UNAUTHENTICATED = "UNAUTHENTICATED";

    private final JdbcClient jdbc;
    private final Clock clock;

    AuditLog(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** Records a completed action; the remote address is taken from the current HTTP request, if there is one. */
    public void record(String actor, String action, String target, String detail) {
        record(actor, action, target, detail, currentRemoteAddress(), OK);
    }

    public void record(String actor, String action, String target, String detail, String remoteAddr, String outcome) {
        jdbc.sql("""
                insert into audit_log (at, actor, action, target, detail, remote_addr, outcome)
                values (:at, :actor, :action, :t, :d, :ra, :o)""")
                .param("at", OffsetDateTime.now(clock)).param("actor", cut(actor, 60)).param("action", cut(action, 60))
                .param("t", cut(target, 200)).param("d", cut(detail, 2000)).param("ra", cut(remoteAddr, 64))
                .param("o", outcome).update();
    }

    public long count(String action, String target) {
        return jdbc.sql("select count(*) from audit_log where action = :a and target = :t")
                .param("a", action).param("t", target).query(Long.class).single();
    }

    /** One audit entry. */
    public record Entry(long id, OffsetDateTime at, String actor, String action, String target, String detail,
            String remoteAddr, String outcome) {
    }

    /** Newest first; every filter is optional (null). */
    public List<Entry> search(String actor, String action, String outcome, OffsetDateTime from, OffsetDateTime to,
            int limit) {
        StringBuilder sql = new StringBuilder(
                "select id, at, actor, action, target, detail, remote_addr, outcome from audit_log where 1 = 1");
        java.util.Map<String, Object> params = new java.util.HashMap<>();
        // only the filters given: a null parameter has no portable SQL type on PostgreSQL
        if (actor != null) {
            sql.append(" and actor = :actor");
            params.put("actor", actor);
        }
        if (action != null) {
            sql.append(" and action = :action");
            params.put("action", action);
        }
        if (outcome != null) {
            sql.append(" and outcome = :outcome");
            params.put("outcome", outcome);
        }
        if (from != null) {
            sql.append(" and at >= :from");
            params.put("from", from);
        }
        if (to != null) {
            sql.append(" and at < :to");
            params.put("to", to);
        }
        sql.append(" order by id desc limit ").append(Math.max(1, Math.min(limit, 1000)));
        return jdbc.sql(sql.toString()).params(params)
                .query((rs, n) -> new Entry(rs.getLong("id"), rs.getObject("at", OffsetDateTime.class),
                        rs.getString("actor"), rs.getString("action"), rs.getString("target"), rs.getString("detail"),
                        rs.getString("remote_addr"), rs.getString("outcome")))
                .list();
    }

    private static String currentRemoteAddress() {
        return RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes s
                ? s.getRequest().getRemoteAddr() : null;
    }

    private static String cut(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}
