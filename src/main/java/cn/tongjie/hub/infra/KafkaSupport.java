package cn.tongjie.hub.infra;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.apache.camel.Exchange;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.component.kafka.consumer.KafkaManualCommit;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Helpers shared by every Kafka-consuming route: explicit offset commits and raw header access. */
public final class KafkaSupport {

    private static final Logger log = LoggerFactory.getLogger(KafkaSupport.class);
    private static final Set<String> CAMEL_KAFKA_HEADERS = Set.of(KafkaConstants.MANUAL_COMMIT,
            KafkaConstants.KAFKA_SUBSCRIBE_ADAPTER);

    private KafkaSupport() {
    }

    /**
     * Commits the offsets up to this record, synchronously, when it is the last record of its partition in the current
     * poll; otherwise does nothing, because the last one's commit covers it (an offset commit means "everything before
     * this is done"). Called only after the record was persisted, de-duplicated or quarantined, so a crash before the
     * commit means redelivery, never loss; every consumer is idempotent (once-per-fact guards, inbound de-duplication,
     * processed-event ids), so a redelivered record has no second effect.
     *
     * <p>Why per poll and not per record: every commit is a broker round trip that appends to {@code __consumer_offsets}
     * and, on the embedded broker, fsyncs; one per record was ~40 commits per dispute over the hub's consumer groups
     * (docs/perf-notes.md). Under load a poll brings many records per partition and they share one commit; when idle
     * every record is the last of its poll, so nothing waits longer than before.
     */
    public static void commit(Exchange exchange) {
        var in = exchange.getIn();
        KafkaManualCommit manual = in.getHeader(KafkaConstants.MANUAL_COMMIT, KafkaManualCommit.class);
        if (manual != null && !Boolean.FALSE.equals(in.getHeader(KafkaConstants.LAST_RECORD_BEFORE_COMMIT, Boolean.class))) {
            try {
                manual.commit();
            } catch (CommitFailedException | RebalanceInProgressException e) {
                // The group took the partition away (e.g. a batch outlasted max.poll.interval.ms on a starved
                // machine): its new owner reads these records again and de-duplicates them. The records themselves
                // were handled; failing the exchange would only retry and then quarantine a record that is done.
                log.warn("Offset commit refused after processing ({}): the partition's next owner will see these "
                        + "records again and de-duplicate them", e.getClass().getSimpleName());
            }
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
