package cn.tongjie.hub.simulator.court;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * Every message the simulated courts received, in arrival order, with what they answered: what tests and the demo
 * read to see what the hub really sent (bodies byte-exact as received, nonces to tell attempts apart).
 */
public class CourtSimulatorLog {

    /**
     * One received HTTP request.
     *
     * @param operation  Body element local name (or null if unreadable)
     * @param messageId  the body's messageId
     * @param courtCode  the body's courtCode
     * @param endpoint   digits of the simulated court that received it (its URL)
     * @param body       the Body element's content exactly as received
     * @param nonce      the wsse:Nonce of the attempt
     * @param receivedAt simulator clock (+08:00)
     * @param answer     RECEIPT:ACCEPTED, RECEIPT:REJECTED:&lt;code&gt;, FAULT:&lt;code&gt;, HTTP:&lt;status&gt;
     */
    public record Received(String operation, String messageId, String courtCode, String endpoint, String body,
            String nonce, OffsetDateTime receivedAt, String answer) {
    }

    private final List<Received> entries = new ArrayList<>();

    synchronized void add(Received r) {
        entries.add(r);
    }

    public synchronized List<Received> all() {
        return List.copyOf(entries);
    }

    public synchronized List<Received> ofMessage(String messageId) {
        return entries.stream().filter(e -> messageId.equals(e.messageId())).toList();
    }

    public synchronized void clear() {
        entries.clear();
    }
}
