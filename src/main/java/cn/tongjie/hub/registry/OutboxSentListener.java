package cn.tongjie.hub.registry;

/** Told after the relay produced an outbox message and the broker acknowledged it (e.g. to record "feedback sent"). */
public interface OutboxSentListener {
    void sent(Outbox.OutboxMessage message);
}
