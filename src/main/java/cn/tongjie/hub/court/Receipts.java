package cn.tongjie.hub.court;

import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.UUID;
import tongliao.court.docking.v1.ReceiptStatusType;
import tongliao.court.docking.v1.ReceiptType;

/**
 * Receipts the hub answers with (contract §9.1). receiptId is the hub's own opaque id: {@code TJR-<Beijing date>-}
 * and 32 hex digits of a random UUID, so it is unique without a database sequence and matches
 * {@code [A-Za-z0-9][A-Za-z0-9._-]{7,63}}.
 */
final class Receipts {

    private static final DateTimeFormatter DAY = DateTimeFormatter.BASIC_ISO_DATE;

    private Receipts() {
    }

    static String newReceiptId(OffsetDateTime receivedAt) {
        return "TJR-" + receivedAt.withOffsetSameInstant(CourtTimes.BEIJING).toLocalDate().format(DAY) + "-"
                + UUID.randomUUID().toString().replace("-", "");
    }

    /** The receipt time as it is stored and echoed: Beijing offset, milliseconds (the XML carries no more). */
    static OffsetDateTime receiptTime(OffsetDateTime receivedAt) {
        return receivedAt.withOffsetSameInstant(CourtTimes.BEIJING).truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
    }

    /** RFC 3339 at +08:00 with seconds always written (OffsetDateTime.toString drops ":00"). */
    static String rfc3339(OffsetDateTime t) {
        return receiptTime(t).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
    }

    static ReceiptType of(String receiptId, String messageId, OffsetDateTime receivedAt, String status,
            String reasonCode, String reasonText, String field) {
        ReceiptType r = new ReceiptType();
        r.setReceiptId(receiptId);
        r.setMessageId(messageId);
        r.setReceivedAt(CourtTimes.toXml(receivedAt));
        r.setStatus(ReceiptStatusType.fromValue(status));
        r.setReasonCode(reasonCode);
        r.setReasonText(reasonText);
        r.setField(field);
        return r;
    }
}
