package cn.tongjie.hub.exchangelog;

import cn.tongjie.hub.common.ErrorCode;
import cn.tongjie.hub.common.HubException;
import java.nio.charset.StandardCharsets;
import java.util.Deque;
import java.util.concurrent.ConcurrentLinkedDeque;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * The tamper-evident exchange log: every message the hub receives from or sends to an agency system. Connectors call
 * the static {@link #record} at their receive and send points (one line each, no injection), which appends an entry
 * to the running hub's log.
 *
 * <p>Durability: the entry is inserted in the caller's database transaction when there is one (it commits or rolls
 * back with the caller's work: a Kafka record whose processing rolled back is redelivered and logged again), else in
 * its own. It is then chained (seq, prev hash, entry hash) by the sealer within {@code seal-interval}, and covered by
 * the next signed checkpoint. Inbound messages are recorded as received (before validation), outbound ones just before
 * each transmission attempt, so retries appear as the repeated exchanges they are.
 */
@Component
public class ExchangeLog implements DisposableBean {

    /** Seen from the hub: IN = an agency system sent it to the hub, OUT = the hub sent it to the agency system. */
    public enum Direction { IN, OUT }

    /** The running hubs' logs (more than one only while a test starts a second context); the newest records. */
    private static final Deque<ExchangeLog> ACTIVE = new ConcurrentLinkedDeque<>();

    private final ExchangeLogStore store;
    private final ExchangeLogProperties props;
    private final BodyCipher cipher;

    ExchangeLog(ExchangeLogStore store, ExchangeLogProperties props) {
        this.store = store;
        this.props = props;
        this.cipher = BodyCipher.fromBase64(props.bodyKey());
        if (props.anyFull() && cipher == null) {
            throw new HubException(ErrorCode.TJ_CONFIG_INVALID, "tongjie.exchange-log: an agency is in FULL mode but "
                    + "no body-key is set (TONGJIE_EXCHANGE_LOG_BODY_KEY, Base64 of 32 random bytes)");
        }
        if (props.enabled()) {
            ACTIVE.addLast(this);
        }
    }

    /**
     * Appends one exchanged message. agency: the connector's agency name; messageType: the contract's operation or
     * file kind; messageId/disputeId: when known at that point (null otherwise); body: the exact bytes on the wire.
     * Without a running hub (unit tests of a connector) nothing is recorded.
     */
    public static void record(String agency, Direction direction, String messageType, String messageId,
            String disputeId, String contentType, byte[] body) {
        ExchangeLog log = ACTIVE.peekLast();
        if (log != null) {
            log.append(agency, direction, messageType, messageId, disputeId, contentType, body);
        }
    }

    /** The same for a text body, recorded as its UTF-8 bytes. */
    public static void record(String agency, Direction direction, String messageType, String messageId,
            String disputeId, String contentType, String body) {
        record(agency, direction, messageType, messageId, disputeId, contentType,
                body == null ? null : body.getBytes(StandardCharsets.UTF_8));
    }

    /** Records a received message and hands its bytes on, for a receive point that is one expression. */
    public static byte[] received(String agency, String messageType, String messageId, String contentType,
            byte[] body) {
        record(agency, Direction.IN, messageType, messageId, null, contentType, body);
        return body;
    }

    void append(String agency, Direction direction, String messageType, String messageId, String disputeId,
            String contentType, byte[] body) {
        byte[] b = body == null ? new byte[0] : body;
        String digest = ChainVerifier.sha256Hex(b);
        boolean full = props.modeOf(agency) == ExchangeLogProperties.Mode.FULL;
        store.insert(new ExchangeLogStore.NewEntry(agency, direction.name(), messageType, cut(messageId, 200),
                cut(disputeId, 40), cut(contentType, 120), b.length, digest,
                full ? ExchangeLogProperties.Mode.FULL : ExchangeLogProperties.Mode.METADATA,
                full ? cipher.keyId() : null, full ? cipher.encrypt(b, digest) : null));
    }

    BodyCipher cipher() {
        return cipher;
    }

    private static String cut(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }

    @Override
    public void destroy() {
        ACTIVE.remove(this);
    }
}
