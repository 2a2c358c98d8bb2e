package cn.tongjie.hub.registry;

/** Told after the relay produced an outbox message and the broker acknowledged it (e.g. to record "feedback sent"). */
public interface OutboxSentListener {

    /**
     * Whether messages to this outbox destination concern the listener. The relay asks first, so a listener's
     * transaction is opened only for its own messages (most rows go to the canonical topic and concern no listener).
     */
    default boolean listensTo(String destination) {
        return true;
    }

    void sent(Outbox.OutboxMessage message);
}
