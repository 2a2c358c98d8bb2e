package cn.tongjie.hub.police;

import java.time.OffsetDateTime;
import java.util.Map;

/** One consumed record of the handover topic, exactly as received. */
record PoliceRecord(String topic, int partition, long offset, OffsetDateTime timestamp, byte[] key, byte[] value,
        Map<String, String> headers) {
}
