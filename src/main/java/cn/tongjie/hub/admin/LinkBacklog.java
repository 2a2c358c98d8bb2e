package cn.tongjie.hub.admin;

import java.time.OffsetDateTime;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * What waits to go out over one agency link, read from the store-and-forward table of that link: backlog, how often
 * the most-tried waiting message failed, the oldest waiting message and the last delivery that succeeded.
 */
record LinkBacklog(long pending, long retrying, int maxAttempts, OffsetDateTime oldestPending,
        OffsetDateTime lastSuccess) {

    /** One store-and-forward table: where the waiting rows are and when the delivered ones went out. */
    record Source(String table, String pendingWhere, String sentColumn, String sentWhere) {
    }

    static final Source LEGAL = assignments("legal-service");
    static final Source WOMENS_FEDERATION = assignments("womens-federation");
    static final Source PETITION = new Source("petition_feedback", "status = 'PENDING'", "sent_at", "status = 'SENT'");
    static final Source GRID = new Source("grid_status_out", "state = 'PENDING'", "sent_at", "state = 'SENT'");
    static final Source TRADE_UNION = new Source("union_file", "uploaded_at is null", "uploaded_at",
            "uploaded_at is not null");

    static Source court(String digits) {
        // digits come from the configuration's court keys (two or four digits), never from a request
        if (!digits.matches("\\d{2,4}")) {
            return new Source("court_outbound", "1 = 0", "answered_at", "1 = 0");
        }
        return new Source("court_outbound", "status = 'PENDING' and court_code = '" + digits + "'", "answered_at",
                "status = 'ACCEPTED' and court_code = '" + digits + "'");
    }

    private static Source assignments(String agency) {
        return new Source("assignment", "status = 'PENDING' and agency = '" + agency + "'", "updated_at",
                "status <> 'PENDING' and agency = '" + agency + "'");
    }

    static LinkBacklog read(JdbcClient jdbc, Source s) {
        List<Object[]> rows = jdbc.sql("select count(*), coalesce(sum(case when attempts > 0 then 1 else 0 end), 0), "
                        + "coalesce(max(attempts), 0), min(created_at) from " + s.table() + " where " + s.pendingWhere())
                .query((rs, n) -> new Object[] {rs.getLong(1), rs.getLong(2), rs.getInt(3),
                        rs.getObject(4, OffsetDateTime.class)})
                .list();
        OffsetDateTime last = jdbc.sql("select max(" + s.sentColumn() + ") from " + s.table() + " where "
                + s.sentWhere()).query((rs, n) -> rs.getObject(1, OffsetDateTime.class)).list().get(0); // null: never
        Object[] r = rows.get(0);
        return new LinkBacklog((Long) r[0], (Long) r[1], (Integer) r[2], (OffsetDateTime) r[3], last);
    }
}
