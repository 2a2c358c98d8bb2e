package cn.tongjie.hub.grid;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.regex.Pattern;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Grid → hub authentication (contract §4) in the contract's order: headers well-formed (40101) → appKey known (40102)
 * → timestamp within ±300 s (40103) → signature, constant time (40105) → nonce unseen for the appKey in the last
 * 600 s (40104). The nonce is recorded only after a valid signature, in table grid_nonce so every hub node sees it.
 */
@Component
class GridAuth {

    private static final Pattern TIMESTAMP = Pattern.compile("\\d{13}");
    private static final Pattern NONCE = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    private static final Pattern SIGNATURE = Pattern.compile("[A-Za-z0-9+/]{43}=");

    /** 0 = authenticated; otherwise the contract's 401 code. */
    record Verdict(int code, String message) {
        boolean ok() {
            return code == 0;
        }
    }

    private final GridProperties props;
    private final JdbcClient jdbc;
    private final Clock clock;

    GridAuth(GridProperties props, JdbcClient jdbc, Clock clock) {
        this.props = props;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** Its own transaction: a nonce stays used even when the request is then refused (400/409/500). */
    @Transactional(propagation = Propagation.REQUIRES_NEW)
    public Verdict verify(String method, String path, String appKey, String timestamp, String nonce, String signature,
            byte[] body) {
        if (appKey == null || appKey.isBlank() || timestamp == null || !TIMESTAMP.matcher(timestamp).matches()
                || nonce == null || !NONCE.matcher(nonce).matches() || signature == null
                || !SIGNATURE.matcher(signature).matches()) {
            return new Verdict(40101, "签名头缺失或格式错误");
        }
        if (props.inboundAppKey() == null || !props.inboundAppKey().equals(appKey)) {
            return new Verdict(40102, "未知的应用标识");
        }
        long now = clock.millis();
        if (Math.abs(now - Long.parseLong(timestamp)) > props.clockSkew().toMillis()) {
            return new Verdict(40103, "时间戳超出允许范围");
        }
        String expected = GridSignature.sign(props.inboundAppSecret(), method, path, timestamp, nonce, body);
        if (!GridSignature.matches(expected, signature)) {
            return new Verdict(40105, "签名错误");
        }
        if (!rememberIfAbsent(appKey, nonce)) {
            return new Verdict(40104, "随机数重复");
        }
        return new Verdict(0, "ok");
    }

    private boolean rememberIfAbsent(String appKey, String nonce) {
        OffsetDateTime now = OffsetDateTime.now(clock);
        // An expired pair the purge has not reached yet is no replay.
        jdbc.sql("delete from grid_nonce where app_key = ? and nonce = ? and expires_at <= ?")
                .params(appKey, nonce, now).update();
        try {
            jdbc.sql("insert into grid_nonce (app_key, nonce, expires_at) values (?, ?, ?)")
                    .params(appKey, nonce, now.plus(props.nonceTtl())).update();
            return true;
        } catch (DuplicateKeyException replay) {
            return false;
        }
    }

    @Transactional
    public int purgeExpired() {
        return jdbc.sql("delete from grid_nonce where expires_at <= ?").param(OffsetDateTime.now(clock)).update();
    }
}
