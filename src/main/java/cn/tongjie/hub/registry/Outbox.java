package cn.tongjie.hub.registry;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.List;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Transactional outbox. A message is written here in the same transaction as the state it announces, so it is durable
 * before anything is acknowledged; the relay produces it to Kafka afterwards and a resend reuses the same row
 * (same key, headers and value — police §6.1).
 */
@Repository
public class Outbox {

    private final JdbcClient jdbc;
    private final Clock clock;
    private final ApplicationEventPublisher events;

    Outbox(JdbcClient jdbc, Clock clock, ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.events = events;
    }

    /** Published with every enqueue; listeners that wait for the commit (the relay) then send at once. */
    public record Written(String destination) {
    }

    public void enqueue(String destination, String key, String headersJson, String payload) {
        jdbc.sql("""
                insert into outbox (destination, msg_key, headers, payload, status, created_at)
                values (:d, :k, :h, :p, 'PENDING', :at)""")
                .param("d", destination).param("k", key).param("h", headersJson).param("p", payload)
                .param("at", OffsetDateTime.now(clock)).update();
        events.publishEvent(new Written(destination));
    }

    /** Oldest pending rows first: per-key order is creation order. */
    public List<OutboxMessage> pending(int limit) {
        return jdbc.sql("select * from outbox where status = 'PENDING' order by id limit " + limit)
                .query((rs, n) -> new OutboxMessage(rs.getLong("id"), rs.getString("destination"),
                        rs.getString("msg_key"), rs.getString("headers"), rs.getString("payload"),
                        rs.getInt("attempts")))
                .list();
    }

    public void markSent(java.util.Collection<Long> ids) {
        if (ids.isEmpty()) {
            return;
        }
        jdbc.sql("update outbox set status = 'SENT', sent_at = :at, attempts = attempts + 1 where id in (:ids)")
                .param("at", OffsetDateTime.now(clock)).param("ids", ids).update();
    }

    public void markSent(long id) {
        jdbc.sql("update outbox set status = 'SENT', sent_at = :at, attempts = attempts + 1 where id = :id")
                .param("at", OffsetDateTime.now(clock)).param("id", id).update();
    }

    public void markFailedAttempt(long id, String error) {
        jdbc.sql("update outbox set attempts = attempts + 1, last_error = :e where id = :id")
                .param("e", error == null ? null : error.substring(0, Math.min(error.length(), 1000)))
                .param("id", id).update();
    }

    public long countPending() {
        return jdbc.sql("select count(*) from outbox where status = 'PENDING'").query(Long.class).single();
    }

    public record OutboxMessage(long id, String destination, String key, String headersJson, String payload,
            int attempts) {
    }
}
