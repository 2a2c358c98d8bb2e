package cn.tongjie.hub.delivery;

import cn.tongjie.hub.infra.CoalescingWakeup;
import cn.tongjie.hub.registry.Outbox;
import cn.tongjie.hub.registry.OutboxLease;
import cn.tongjie.hub.registry.Outbox.OutboxMessage;
import cn.tongjie.hub.registry.OutboxSentListener;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.List;
import java.util.Map;
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
    private final OutboxLease lease;
    private final List<OutboxSentListener> listeners;
    private final ObjectMapper mapper;
    private final ProducerTemplate template;
    private final Map<String, String> endpoints = new HashMap<>();
    private final CoalescingWakeup wakeup = new CoalescingWakeup("outbox-relay-wakeup", this::relay);

    OutboxRelay(Outbox outbox, OutboxLease lease, List<OutboxSentListener> listeners, ObjectMapper mapper, CamelContext camel,
            @Value("${tongjie.kafka.canonical-topic}") String canonicalTopic,
            @Value("${tongjie.kafka.brokers}") String brokers,
            @Value("${tongjie.police.feedback-topic}") String policeFeedbackTopic,
            @Value("${tongjie.police.brokers}") String policeBrokers,
            @Value("${tongjie.early-warning.topic}") String earlyWarningTopic) {
        this.outbox = outbox;
        this.lease = lease;
        this.listeners = listeners;
        this.mapper = mapper;
        this.template = camel.createProducerTemplate();
        String producer = "&requestRequiredAcks=all&enableIdempotence=true&lingerMs=0&retries=5";
        endpoints.put("canonical", "kafka:" + canonicalTopic + "?brokers=" + brokers + producer);
        endpoints.put("early-warning", "kafka:" + earlyWarningTopic + "?brokers=" + brokers + producer);
        endpoints.put("police-feedback", "kafka:" + policeFeedbackTopic + "?brokers=" + policeBrokers + producer);
    }

    /**
     * Wakes the relay as soon as the transaction that wrote an outbox row has committed, instead of waiting for the
     * next timer round: each hop through the outbox then costs milliseconds, not the poll interval. Wake-ups coalesce,
     * so a burst of commits causes one extra round, not one per row.
     */
    @TransactionalEventListener(fallbackExecution = true)
    void onWritten(Outbox.Written written) {
        wakeup.signal();
    }

    @PreDestroy
    void stopWakeups() {
        wakeup.close();
    }

    /**
     * Relays until nothing is pending (bounded): returns how many rows were sent. Serialised, so the timer and wake-ups
     * never send concurrently, and across nodes by the {@link OutboxLease}: only one node relays at a time, so a row is
     * never sent by two nodes.
     */
    public synchronized int relay() {
        return lease.runIfFree(this::relayRounds);
    }

    private int relayRounds() {
        int total = 0;
        for (int round = 0; round < 50; round++) {
            int sent = round();
            total += sent;
            if (sent == 0) {
                break;
            }
        }
        return total;
    }

    /**
     * One round over the oldest pending rows: in waves — every (destination, key)'s next row is sent, all keys in
     * parallel, and the wave waits for every acknowledgement before the next wave sends each key's following row. A
     * row goes out only after the previous row of its key was acknowledged (police §6.1), so per-key order survives
     * failures and retries; a key whose row failed sends nothing more this round. Until 2026-11-28 a round sent one
     * row per key, so a key written faster than rounds run (an early-warning alert updated by every dispute joining
     * a surge) piled up rows without end, and every round read up to 1,000 of their large payloads: the hub ran out
     * of heap under load (docs/benchmarks.md).
     */
    private int round() {
        Map<String, java.util.ArrayDeque<OutboxMessage>> perKey = new LinkedHashMap<>();
        for (OutboxMessage m : outbox.pending(1000)) {
            perKey.computeIfAbsent(m.destination() + "|" + m.key(), k -> new java.util.ArrayDeque<>()).add(m);
        }
        int total = 0;
        while (true) {
            List<OutboxMessage> sending = new ArrayList<>();
            List<CompletableFuture<Exchange>> acks = new ArrayList<>();
            for (java.util.Iterator<java.util.ArrayDeque<OutboxMessage>> it = perKey.values().iterator();
                    it.hasNext();) {
                java.util.ArrayDeque<OutboxMessage> rows = it.next();
                OutboxMessage m = rows.poll();
                if (rows.isEmpty()) {
                    it.remove();
                }
                String uri = endpoints.get(m.destination());
                if (uri == null) {
                    log.error("Outbox row {} has unknown destination {}", m.id(), m.destination());
                    rows.clear(); // the key's later rows must not overtake it
                    continue;
                }
                sending.add(m);
                acks.add(template.asyncSend(uri, e -> {
                    e.getIn().setHeader(KafkaConstants.KEY, m.key());
                    if (m.headersJson() != null) {
                        JsonNode hs = readTree(m.headersJson());
                        hs.fields().forEachRemaining(h -> e.getIn().setHeader(h.getKey(), h.getValue().asText()));
                    }
                    e.getIn().setBody(m.payload());
                }));
            }
            if (sending.isEmpty()) {
                return total;
            }
            List<OutboxMessage> sent = new ArrayList<>();
            for (int i = 0; i < sending.size(); i++) {
                OutboxMessage m = sending.get(i);
                Exchange done = acks.get(i).join();
                if (done.isFailed()) {
                    outbox.markFailedAttempt(m.id(), done.getException() == null ? "failed"
                            : done.getException().getClass().getSimpleName() + ": " + done.getException().getMessage());
                    log.warn("Outbox row {} to {} not sent yet: {}", m.id(), m.destination(),
                            done.getException() == null ? "failed" : done.getException().toString());
                    perKey.remove(m.destination() + "|" + m.key()); // its later rows wait for the retry
                } else {
                    sent.add(m);
                }
            }
            outbox.markSent(sent.stream().map(OutboxMessage::id).toList());
            for (OutboxMessage m : sent) {
                for (OutboxSentListener l : listeners) {
                    if (l.listensTo(m.destination())) {
                        l.sent(m);
                    }
                }
            }
            total += sent.size();
        }
    }

    private JsonNode readTree(String json) {
        try {
            return mapper.readTree(json);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return mapper.createObjectNode();
        }
    }
}
