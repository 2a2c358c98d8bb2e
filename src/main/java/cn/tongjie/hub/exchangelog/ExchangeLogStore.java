package cn.tongjie.hub.exchangelog;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The log's tables (V13): unsealed inserts, sealing under the chain-head lock, checkpoints, reads for verify/export.
 * Times are kept to the millisecond, because the hash covers them and both databases store milliseconds exactly.
 */
@Repository
class ExchangeLogStore {

    record NewEntry(String agency, String direction, String messageType, String messageId, String disputeId,
            String contentType, long bodyLength, String bodyDigest, ExchangeLogProperties.Mode mode, String bodyKeyId,
            byte[] bodyCipher) {
    }

    /** A sealed entry with what only the hub can check (its encrypted body). */
    record Stored(ChainVerifier.Entry entry, String mode, String bodyKeyId, byte[] bodyCipher) {
    }

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final Clock clock;

    ExchangeLogStore(JdbcClient jdbc, PlatformTransactionManager transactions, Clock clock) {
        this.jdbc = jdbc;
        this.tx = new TransactionTemplate(transactions);
        this.clock = clock;
    }

    void insert(NewEntry e) {
        jdbc.sql("""
                insert into exchange_log_entry (recorded_at, agency, direction, message_type, message_id, dispute_id,
                    content_type, body_length, body_digest, log_mode, body_key_id, body_cipher)
                values (:at, :agency, :dir, :type, :mid, :did, :ct, :len, :digest, :mode, :kid, :cipher)""")
                .param("at", OffsetDateTime.ofInstant(clock.instant().truncatedTo(ChronoUnit.MILLIS), ZoneOffset.UTC))
                .param("agency", e.agency()).param("dir", e.direction()).param("type", e.messageType())
                .param("mid", e.messageId()).param("did", e.disputeId()).param("ct", e.contentType())
                .param("len", e.bodyLength()).param("digest", e.bodyDigest()).param("mode", e.mode().name())
                .param("kid", e.bodyKeyId()).param("cipher", e.bodyCipher()).update();
    }

    /**
     * Chains up to {@code max} unsealed entries in insertion order, and signs a checkpoint when one is due; all under
     * the chain head's row lock, so sealers on several nodes take turns and never fork the chain.
     *
     * @return entries sealed
     */
    int seal(int max, HubSigningKey key, long checkpointEveryMillis, boolean forceCheckpoint) {
        Integer sealed = tx.execute(status -> {
            ensureHead();
            ChainVerifier.Head head = lockHead();
            List<Unsealed> pending = jdbc.sql("""
                    select id, recorded_at, agency, direction, message_type, message_id, dispute_id, content_type,
                        body_length, body_digest
                    from exchange_log_entry where seq is null order by id limit :max""")
                    .param("max", max).query(ExchangeLogStore::unsealed).list();
            long seq = head.lastSeq();
            String hash = head.lastHash();
            for (Unsealed u : pending) {
                seq++;
                ChainVerifier.Entry e = u.withSeq(seq, hash);
                String entryHash = ChainVerifier.entryHash(hash, e);
                jdbc.sql("update exchange_log_entry set seq = :seq, prev_hash = :prev, entry_hash = :h where id = :id")
                        .param("seq", seq).param("prev", hash).param("h", entryHash).param("id", u.id()).update();
                hash = entryHash;
            }
            if (!pending.isEmpty()) {
                jdbc.sql("update exchange_log_head set last_seq = :s, last_hash = :h where id = 1")
                        .param("s", seq).param("h", hash).update();
            }
            if (key != null && seq > 0) {
                maybeCheckpoint(key, seq, hash, checkpointEveryMillis, forceCheckpoint);
            }
            return pending.size();
        });
        return sealed == null ? 0 : sealed;
    }

    private void maybeCheckpoint(HubSigningKey key, long seq, String hash, long everyMillis, boolean force) {
        Optional<Object[]> last = jdbc.sql("select seq, signed_at from exchange_log_checkpoint order by seq desc limit 1")
                .query((rs, n) -> new Object[] {rs.getLong(1), rs.getObject(2, OffsetDateTime.class)}).optional();
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        if (last.isPresent()) {
            long lastSeq = (Long) last.get()[0];
            Instant lastAt = ((OffsetDateTime) last.get()[1]).toInstant();
            if (lastSeq >= seq || (!force && now.toEpochMilli() - lastAt.toEpochMilli() < everyMillis)) {
                return;
            }
            // a checkpoint is never signed earlier than the one before it (the hub clock may be moved in tests)
            if (now.isBefore(lastAt)) {
                now = lastAt;
            }
        }
        ChainVerifier.Checkpoint c = key.sign(seq, hash, now.toEpochMilli());
        jdbc.sql("""
                insert into exchange_log_checkpoint (seq, head_hash, signed_at, key_id, algorithm, signature)
                values (:seq, :h, :at, :kid, :alg, :sig)""")
                .param("seq", c.seq()).param("h", c.headHash())
                .param("at", OffsetDateTime.ofInstant(Instant.ofEpochMilli(c.signedAtMillis()), ZoneOffset.UTC))
                .param("kid", c.keyId()).param("alg", c.algorithm()).param("sig", c.signature()).update();
    }

    /** A test or an operator emptied the tables: the chain starts again at genesis. */
    private void ensureHead() {
        jdbc.sql("insert into exchange_log_head (id, last_seq, last_hash) values (1, 0, :g) on conflict do nothing")
                .param("g", ChainVerifier.GENESIS).update();
    }

    private ChainVerifier.Head lockHead() {
        return jdbc.sql("select last_seq, last_hash from exchange_log_head where id = 1 for update")
                .query((rs, n) -> new ChainVerifier.Head(rs.getLong(1), rs.getString(2))).single();
    }

    ChainVerifier.Head head() {
        return jdbc.sql("select last_seq, last_hash from exchange_log_head where id = 1")
                .query((rs, n) -> new ChainVerifier.Head(rs.getLong(1), rs.getString(2))).optional()
                .orElse(new ChainVerifier.Head(0, ChainVerifier.GENESIS));
    }

    long unsealedCount() {
        return jdbc.sql("select count(*) from exchange_log_entry where seq is null").query(Long.class).single();
    }

    List<Stored> entries(long fromSeq, long toSeq) {
        return jdbc.sql("""
                select seq, recorded_at, agency, direction, message_type, message_id, dispute_id, content_type,
                    body_length, body_digest, prev_hash, entry_hash, log_mode, body_key_id, body_cipher
                from exchange_log_entry where seq between :f and :t order by seq""")
                .param("f", fromSeq).param("t", toSeq)
                .query((rs, n) -> new Stored(new ChainVerifier.Entry(rs.getLong("seq"), millis(rs, "recorded_at"),
                        rs.getString("agency"), rs.getString("direction"), rs.getString("message_type"),
                        rs.getString("message_id"), rs.getString("dispute_id"), rs.getString("content_type"),
                        rs.getLong("body_length"), rs.getString("body_digest"), rs.getString("prev_hash"),
                        rs.getString("entry_hash")), rs.getString("log_mode"), rs.getString("body_key_id"),
                        rs.getBytes("body_cipher")))
                .list();
    }

    List<ChainVerifier.Checkpoint> checkpoints(long fromSeq, long toSeq) {
        return jdbc.sql("""
                select seq, head_hash, signed_at, key_id, algorithm, signature from exchange_log_checkpoint
                where seq between :f and :t order by seq""")
                .param("f", fromSeq).param("t", toSeq)
                .query((rs, n) -> new ChainVerifier.Checkpoint(rs.getLong("seq"), rs.getString("head_hash"),
                        millis(rs, "signed_at"), rs.getString("key_id"), rs.getString("algorithm"),
                        rs.getString("signature")))
                .list();
    }

    /** Smallest seq recorded at or after {@code at}, or empty. */
    Optional<Long> firstSeqAtOrAfter(Instant at) {
        return Optional.ofNullable(jdbc.sql("select min(seq) from exchange_log_entry where recorded_at >= :at")
                .param("at", OffsetDateTime.ofInstant(at, ZoneOffset.UTC)).query(Long.class).single());
    }

    /** Largest seq recorded before {@code at}, or empty. */
    Optional<Long> lastSeqBefore(Instant at) {
        return Optional.ofNullable(jdbc.sql("select max(seq) from exchange_log_entry where recorded_at < :at")
                .param("at", OffsetDateTime.ofInstant(at, ZoneOffset.UTC)).query(Long.class).single());
    }

    /** Seq of the first checkpoint at or after {@code seq}, or empty. */
    Optional<Long> checkpointAtOrAfter(long seq) {
        return Optional.ofNullable(jdbc.sql("select min(seq) from exchange_log_checkpoint where seq >= :s")
                .param("s", seq).query(Long.class).single());
    }

    private static long millis(ResultSet rs, String column) throws SQLException {
        return rs.getObject(column, OffsetDateTime.class).toInstant().toEpochMilli();
    }

    private record Unsealed(long id, long recordedAtMillis, String agency, String direction, String messageType,
            String messageId, String disputeId, String contentType, long bodyLength, String bodyDigest) {

        ChainVerifier.Entry withSeq(long seq, String prevHash) {
            return new ChainVerifier.Entry(seq, recordedAtMillis, agency, direction, messageType, messageId,
                    disputeId, contentType, bodyLength, bodyDigest, prevHash, null);
        }
    }

    private static Unsealed unsealed(ResultSet rs, int n) throws SQLException {
        return new Unsealed(rs.getLong("id"), millis(rs, "recorded_at"), rs.getString("agency"),
                rs.getString("direction"), rs.getString("message_type"), rs.getString("message_id"),
                rs.getString("dispute_id"), rs.getString("content_type"), rs.getLong("body_length"),
                rs.getString("body_digest"));
    }
}
