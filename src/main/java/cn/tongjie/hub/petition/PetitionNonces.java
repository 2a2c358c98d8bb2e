package cn.tongjie.hub.petition;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Seen nonces per appKey (§4.3 step 5) in table petition_nonce, so every hub node rejects a nonce another accepted.
 * The primary key (app_key, nonce) makes "insert if absent" atomic across nodes.
 */
@Component
class PetitionNonces {

    /** §4.3: kept at least 600 s. */
    static final Duration KEEP = Duration.ofSeconds(600);

    private final JdbcClient jdbc;
    private final Clock clock;

    PetitionNonces(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /**
     * Records the nonce; false when it was seen within the last 600 s. Own transaction: a replay must be refused even
     * when the first request later failed validation (§4.3), so the nonce outlives the request's rollback.
     */
    @Transactional(propagation = Propagation.REQUIRES_NEW)
    public boolean rememberIfAbsent(String appKey, String nonce) {
        OffsetDateTime now = OffsetDateTime.now(clock);
        jdbc.sql("delete from petition_nonce where app_key = ? and nonce = ? and expires_at <= ?")
                .params(appKey, nonce, now).update();
        try {
            jdbc.sql("insert into petition_nonce (app_key, nonce, expires_at) values (?, ?, ?)")
                    .params(appKey, nonce, now.plus(KEEP)).update();
            return true;
        } catch (DuplicateKeyException replay) {
            return false;
        }
    }

    @Transactional
    public int purgeExpired() {
        return jdbc.sql("delete from petition_nonce where expires_at <= ?").param(OffsetDateTime.now(clock)).update();
    }
}
