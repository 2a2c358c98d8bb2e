package cn.tongjie.hub.registry;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** De-duplication keys of inbound messages (e.g. police jjdbh + police-msg-id) and what the hub did with each. */
@Repository
public class InboundLog {

    private final JdbcClient jdbc;
    private final Clock clock;

    InboundLog(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    public Optional<String> outcomeOf(String agency, String key, String messageId) {
        return jdbc.sql("select outcome from inbound_message where agency = :a and message_key = :k and message_id = :m")
                .param("a", agency).param("k", key).param("m", messageId).query(String.class).optional();
    }

    public void record(String agency, String key, String messageId, String outcome, String disputeId) {
        jdbc.sql("""
                insert into inbound_message (agency, message_key, message_id, outcome, dispute_id, received_at)
                values (:a, :k, :m, :o, :d, :at)""")
                .param("a", agency).param("k", key).param("m", messageId).param("o", outcome).param("d", disputeId)
                .param("at", OffsetDateTime.now(clock)).update();
    }
}
