package cn.tongjie.hub.registry;

import java.time.OffsetDateTime;

/** A quarantined record: where it came from, its exact bytes and headers, and why it was refused. */
public record QuarantineEntry(
        Long id,
        String agency,
        String source,
        Integer kafkaPartition,
        Long kafkaOffset,
        OffsetDateTime recordTimestamp,
        byte[] keyBytes,
        byte[] valueBytes,
        String headersJson,
        String reasonsJson,
        String primaryReason,
        String status,
        OffsetDateTime quarantinedAt) {
}
