package cn.tongjie.hub.court;

import java.time.OffsetDateTime;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tongliao.court.docking.v1.ReceiptType;

/**
 * The idempotency records of contract §12 (table court_inbound): every CourtDocking request the hub answered with a
 * receipt, keyed by (courtCode, messageId) and by (courtCode, business key), with the receipt itself so a duplicate
 * gets it back element by element. Faulted requests never reach this table.
 */
@Repository
class CourtInboundStore {

    /** One recorded request and its receipt. */
    record Recorded(String operation, String messageId, String businessKey, String fingerprint, String receiptId,
            OffsetDateTime receivedAt, String status, String reasonCode, String reasonText, String field,
            String disputeId) {

        /** The original receipt, as it was first answered. */
        ReceiptType receipt() {
            return Receipts.of(receiptId, messageId, receivedAt, status, reasonCode, reasonText, field);
        }
    }

    private static final String COLUMNS = "operation, message_id, business_key, fingerprint, receipt_id, received_at, "
            + "status, reason_code, reason_text, field, dispute_id";

    private final JdbcClient jdbc;

    CourtInboundStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Optional<Recorded> byMessageId(String courtCode, String messageId) {
        return jdbc.sql("select " + COLUMNS + " from court_inbound where court_code = :c and message_id = :m")
                .param("c", courtCode).param("m", messageId).query(CourtInboundStore::map).optional();
    }

    Optional<Recorded> byBusinessKey(String courtCode, String businessKey) {
        return jdbc.sql("select " + COLUMNS + " from court_inbound where court_code = :c and business_key = :k")
                .param("c", courtCode).param("k", businessKey).query(CourtInboundStore::map).optional();
    }

    /** Inserts the record; a concurrent twin makes this fail on a unique constraint (the caller's transaction ends). */
    void record(String courtCode, Recorded r) {
        jdbc.sql("insert into court_inbound (court_code, " + COLUMNS + ") values (:c, :op, :m, :k, :fp, :rid, :at, "
                + ":st, :rc, :rt, :f, :d)")
                .param("c", courtCode).param("op", r.operation()).param("m", r.messageId())
                .param("k", r.businessKey()).param("fp", r.fingerprint()).param("rid", r.receiptId())
                .param("at", r.receivedAt()).param("st", r.status()).param("rc", r.reasonCode())
                .param("rt", r.reasonText()).param("f", r.field()).param("d", r.disputeId()).update();
    }

    private static Recorded map(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
        return new Recorded(rs.getString("operation"), rs.getString("message_id"), rs.getString("business_key"),
                rs.getString("fingerprint"), rs.getString("receipt_id"),
                rs.getObject("received_at", OffsetDateTime.class), rs.getString("status"),
                rs.getString("reason_code"), rs.getString("reason_text"), rs.getString("field"),
                rs.getString("dispute_id"));
    }
}
