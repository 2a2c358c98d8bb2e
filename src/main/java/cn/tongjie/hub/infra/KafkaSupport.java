package cn.tongjie.hub.infra;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.apache.camel.Exchange;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.component.kafka.consumer.KafkaManualCommit;

/** Helpers shared by every Kafka-consuming route: explicit offset commits and raw header access. */
public final class KafkaSupport {

    private static final Set<String> CAMEL_KAFKA_HEADERS = Set.of(KafkaConstants.MANUAL_COMMIT,
            KafkaConstants.KAFKA_SUBSCRIBE_ADAPTER);

    private KafkaSupport() {
    }

    /**
     * Commits this record's offset synchronously. Called only after the record was persisted, de-duplicated or
     * quarantined, so a crash before this line means redelivery, never loss.
     */
    public static void commit(Exchange exchange) {
        KafkaManualCommit manual = exchange.getIn().getHeader(KafkaConstants.MANUAL_COMMIT, KafkaManualCommit.class);
        if (manual != null) {
            manual.commit();
        }
    }

    /** The record's own headers as UTF-8 strings (Camel's bookkeeping headers left out). */
    public static Map<String, String> recordHeaders(Exchange exchange) {
        Map<String, String> out = new LinkedHashMap<>();
        exchange.getIn().getHeaders().forEach((k, v) -> {
            if (CAMEL_KAFKA_HEADERS.contains(k) || k.startsWith("Camel") || k.startsWith("kafka.")) {
                return;
            }
            if (v instanceof byte[] b) {
                out.put(k, new String(b, StandardCharsets.UTF_8));
            } else if (v != null) {
                out.put(k, v.toString());
            }
        });
        return out;
    }
}
