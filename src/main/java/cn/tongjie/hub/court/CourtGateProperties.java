package cn.tongjie.hub.court;

import cn.tongjie.hub.common.WsSecurityVerifier;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Limits of the CourtDocking gate (application.yml {@code tongjie.court.gate}); the defaults are the contract's values
 * (§3, §4), so an absent key never loosens a rule.
 *
 * @param maxBodyBytes          largest HTTP request body accepted; one byte more gets HTTP 413 with an empty body (§3)
 * @param maxTimestampLifetime  greatest wsu:Expires − wsu:Created of the Timestamp (§4: 300 s)
 * @param maxCreatedAge         oldest UsernameToken/Created accepted (§4: 300 s before now)
 * @param futureTolerance       how far a Created may lie ahead of the hub's clock (§4: 60 s)
 * @param nonceTtl              how long an accepted (username, nonce) pair is remembered (§4: 600 s)
 * @param noncePurgeInterval    how often expired nonces are deleted from court_nonce
 */
@ConfigurationProperties(prefix = "tongjie.court.gate")
public record CourtGateProperties(Long maxBodyBytes, Duration maxTimestampLifetime, Duration maxCreatedAge,
        Duration futureTolerance, Duration nonceTtl, Duration noncePurgeInterval) {

    /** 10 MiB (§3). */
    public static final long CONTRACT_MAX_BODY_BYTES = 10L * 1024 * 1024;

    public CourtGateProperties {
        WsSecurityVerifier.Limits contract = WsSecurityVerifier.Limits.contract();
        maxBodyBytes = maxBodyBytes == null ? CONTRACT_MAX_BODY_BYTES : maxBodyBytes;
        maxTimestampLifetime = maxTimestampLifetime == null ? contract.maxTimestampLifetime() : maxTimestampLifetime;
        maxCreatedAge = maxCreatedAge == null ? contract.maxCreatedAge() : maxCreatedAge;
        futureTolerance = futureTolerance == null ? contract.futureTolerance() : futureTolerance;
        nonceTtl = nonceTtl == null ? contract.nonceTtl() : nonceTtl;
        noncePurgeInterval = noncePurgeInterval == null ? Duration.ofMinutes(5) : noncePurgeInterval;
    }

    /** The contract's values. */
    public static CourtGateProperties defaults() {
        return new CourtGateProperties(null, null, null, null, null, null);
    }

    WsSecurityVerifier.Limits limits() {
        return new WsSecurityVerifier.Limits(maxTimestampLifetime, maxCreatedAge, futureTolerance, nonceTtl);
    }
}
