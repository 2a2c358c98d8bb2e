package cn.tongjie.hub.court;

import cn.tongjie.hub.common.WsSecurityVerifier;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The court → hub replay cache (contract §4 "Replay") in table court_nonce, so that every hub node sees the nonces the
 * others accepted. The primary key (username, nonce) makes "insert if absent" atomic across nodes.
 */
@Component
class CourtNonces implements WsSecurityVerifier.NonceStore {

    private final JdbcClient jdbc;
    private final Clock clock;

    CourtNonces(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    @Override
    public boolean rememberIfAbsent(String username, String nonce, Instant expiresAt) {
        // An expired pair that the purge has not reached yet is no replay: drop it first.
        jdbc.sql("delete from court_nonce where username = ? and nonce = ? and expires_at <= ?")
                .params(username, nonce, OffsetDateTime.now(clock)).update();
        try {
            jdbc.sql("insert into court_nonce (username, nonce, expires_at) values (?, ?, ?)")
                    .params(username, nonce, OffsetDateTime.ofInstant(expiresAt, clock.getZone())).update();
            return true;
        } catch (DuplicateKeyException replay) {
            return false;
        }
    }

    /** Deletes pairs whose 600 s are over; returns how many. */
    int purgeExpired() {
        return jdbc.sql("delete from court_nonce where expires_at <= ?")
                .param(OffsetDateTime.now(clock)).update();
    }
}
