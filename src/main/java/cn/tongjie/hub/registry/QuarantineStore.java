package cn.tongjie.hub.registry;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Records that could not be processed, kept byte-exact with their reasons (police §5.5: ≥ 1 year, nothing silently
 * dropped). An entry is unique per (source, partition, offset), so a redelivered poison record is not stored twice.
 */
@Repository
public class QuarantineStore {

    private final JdbcClient jdbc;
    private final Clock clock;

    QuarantineStore(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** Stores the entry unless this record is already quarantined; returns the entry id. */
    public long add(QuarantineEntry e) {
        if (e.kafkaOffset() != null) {
            Optional<Long> existing = jdbc.sql("""
                    select id from quarantine where source = :s and kafka_partition = :p and kafka_offset = :o""")
                    .param("s", e.source()).param("p", e.kafkaPartition()).param("o", e.kafkaOffset())
                    .query(Long.class).optional();
            if (existing.isPresent()) {
                return existing.get();
            }
        }
        var keyHolder = new org.springframework.jdbc.support.GeneratedKeyHolder();
        jdbc.sql("""
                insert into quarantine (agency, source, kafka_partition, kafka_offset, record_ts, key_bytes, value_bytes,
                  headers, reasons, primary_reason, status, quarantined_at)
                values (:agency, :source, :p, :o, :ts, :k, :v, :h, :reasons, :primary, 'OPEN', :at)""")
                .param("agency", e.agency()).param("source", e.source()).param("p", e.kafkaPartition())
                .param("o", e.kafkaOffset()).param("ts", e.recordTimestamp()).param("k", e.keyBytes())
                .param("v", e.valueBytes()).param("h", e.headersJson()).param("reasons", e.reasonsJson())
                .param("primary", e.primaryReason()).param("at", OffsetDateTime.now(clock))
                .update(keyHolder, "id");
        return keyHolder.getKey().longValue();
    }

    public List<QuarantineEntry> list(String status, int limit) {
        return jdbc.sql("select * from quarantine where (cast(:s as varchar(20)) is null or status = cast(:s as varchar(20))) order by id desc limit " + Math.min(limit, 500))
                .param("s", status)
                .query(QuarantineStore::map)
                .list();
    }

    public Optional<QuarantineEntry> find(long id) {
        return jdbc.sql("select * from quarantine where id = :id").param("id", id).query(QuarantineStore::map).optional();
    }

    /** Reads the entry with a write lock: two operators replaying the same entry at once serialise here. */
    public Optional<QuarantineEntry> findForUpdate(long id) {
        return jdbc.sql("select * from quarantine where id = :id for update").param("id", id)
                .query(QuarantineStore::map).optional();
    }

    /** Closes an open entry (REPLAYED or DISCARDED); the bytes stay for the retention period (police §5.5). */
    public boolean resolve(long id, String status, String by) {
        return jdbc.sql("""
                update quarantine set status = :s, resolved_at = :at, resolved_by = :by
                where id = :id and status = 'OPEN'""")
                .param("s", status).param("at", OffsetDateTime.now(clock)).param("by", by).param("id", id)
                .update() == 1;
    }

    private static QuarantineEntry map(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
        return new QuarantineEntry(rs.getLong("id"), rs.getString("agency"), rs.getString("source"),
                (Integer) rs.getObject("kafka_partition"), (Long) rs.getObject("kafka_offset", Long.class),
                rs.getObject("record_ts", OffsetDateTime.class), rs.getBytes("key_bytes"),
                rs.getBytes("value_bytes"), rs.getString("headers"), rs.getString("reasons"),
                rs.getString("primary_reason"), rs.getString("status"),
                rs.getObject("quarantined_at", OffsetDateTime.class));
    }

    public long countOpen() {
        return jdbc.sql("select count(*) from quarantine where status = 'OPEN'").query(Long.class).single();
    }
}
