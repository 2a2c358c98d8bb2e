package cn.tongjie.hub.delivery;

import cn.tongjie.hub.registry.Outbox;
import cn.tongjie.hub.registry.Outbox.OutboxMessage;
import cn.tongjie.hub.registry.OutboxSentListener;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import jakarta.annotation.PreDestroy;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.kafka.KafkaConstants;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Relays outbox rows to Kafka in creation order and marks each one sent only after the broker acknowledged it
 * (acks=all, idempotent producer). A failed send leaves the row pending and holds back later rows of the same key, so
 * per-key order survives outages (police §6.1: the next feedback only after the previous was acknowledged).
 * Called by the YAML route routes/outbox-relay.yaml.
 */
@Component("outboxRelay")
public class OutboxRelay {

    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);

    private final Outbox outbox;
    private final List<OutboxSentListener> listeners;
    private final ObjectMapper mapper;
    private final ProducerTemplate template;
    private final Map<String, String> endpoints = new HashMap<>();
    private final AtomicBoolean wakeupPending = new AtomicBoolean();
    private final ExecutorService wakeups = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "outbox-relay-wakeup");
        t.setDaemon(true);
        return t;
    });

    OutboxRelay(Outbox outbox, List<OutboxSentListener> listeners, ObjectMapper mapper, CamelContext camel,
            @Value("${tongjie.kafka.canonical-topic}") String canonicalTopic,
            @Value("${tongjie.kafka.brokers}") String brokers,
            @Value("${tongjie.police.feedback-topic}") String policeFeedbackTopic,
            @Value("${tongjie.police.brokers}") String policeBrokers) {
        this.outbox = outbox;
        this.listeners = listeners;
        this.mapper = mapper;
        this.template = camel.createProducerTemplate();
        String producer = "&requestRequiredAcks=all&enableIdempotence=true&lingerMs=0&retries=5";
        endpoints.put("canonical", "kafka:" + canonicalTopic + "?brokers=" + brokers + producer);
        endpoints.put("police-feedback", "kafka:" + policeFeedbackTopic + "?brokers=" + policeBrokers + producer);
    }

    /**
     * Wakes the relay as soon as the transaction that wrote an outbox row has committed, instead of waiting for the
     * next timer round: each hop through the outbox then costs milliseconds, not the poll interval. Wake-ups coalesce,
     * so a burst of commits causes one extra round, not one per row.
     */
    @TransactionalEventListener(fallbackExecution = true)
    void onWritten(Outbox.Written written) {
        if (wakeupPending.compareAndSet(false, true)) {
            wakeups.execute(() -> {
                wakeupPending.set(false);
                try {
                    relay();
                } catch (RuntimeException e) {
                    // the timer round (routes/outbox-relay.yaml) retries; the row stays pending
                    log.warn("Outbox wake-up round failed: {}", e.toString());
                }
            });
        }
    }

    @PreDestroy
    void stopWakeups() {
        wakeups.shutdownNow();
    }

    /** One round: returns how many rows were sent. Serialised: the timer and wake-ups never send concurrently. */
    public synchronized int relay() {
        List<OutboxMessage> batch = outbox.pending(200);
        Set<String> heldBack = new HashSet<>();
        int sent = 0;
        for (OutboxMessage m : batch) {
            String orderKey = m.destination() + "|" + m.key();
            if (heldBack.contains(orderKey)) {
                continue;
            }
            String uri = endpoints.get(m.destination());
            if (uri == null) {
                log.error("Outbox row {} has unknown destination {}", m.id(), m.destination());
                heldBack.add(orderKey);
                continue;
            }
            Exchange done = template.send(uri, e -> {
                e.getIn().setHeader(KafkaConstants.KEY, m.key());
                if (m.headersJson() != null) {
                    JsonNode hs = readTree(m.headersJson());
                    hs.fields().forEachRemaining(h -> e.getIn().setHeader(h.getKey(), h.getValue().asText()));
                }
                e.getIn().setBody(m.payload());
            });
            if (done.isFailed()) {
                heldBack.add(orderKey);
                outbox.markFailedAttempt(m.id(), done.getException() == null ? "failed"
                        : done.getException().getClass().getSimpleName() + ": " + done.getException().getMessage());
                log.warn("Outbox row {} to {} not sent yet: {}", m.id(), m.destination(),
                        done.getException() == null ? "failed" : done.getException().toString());
                continue;
            }
            outbox.markSent(m.id());
            sent++;
            for (OutboxSentListener l : listeners) {
                l.sent(m);
            }
        }
        return sent;
    }

    private JsonNode readTree(String json) {
        try {
            return mapper.readTree(json);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return mapper.createObjectNode();
        }
    }
}
