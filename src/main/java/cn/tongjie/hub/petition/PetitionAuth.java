package cn.tongjie.hub.petition;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.Optional;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;

/** Contract §4.3 verification of a push, in the contract's order; answers the 401 reason or empty when authentic. */
@Component
class PetitionAuth {

    private static final Pattern APP_KEY = Pattern.compile("[A-Za-z0-9_-]{8,64}");
    private static final Pattern TIMESTAMP = Pattern.compile("[0-9]{13}");
    private static final Pattern NONCE = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    private static final Pattern SIGNATURE = Pattern.compile("[A-Za-z0-9+/]{43}=");
    private static final long WINDOW_MS = 300_000;

    private final PetitionProperties props;
    private final PetitionNonces nonces;
    private final Clock clock;

    PetitionAuth(PetitionProperties props, PetitionNonces nonces, Clock clock) {
        this.props = props;
        this.nonces = nonces;
        this.clock = clock;
    }

    Optional<String> verify(String method, String appKey, String timestamp, String nonce, String signature, byte[] body) {
        if (!matches(APP_KEY, appKey) || !matches(TIMESTAMP, timestamp) || !matches(NONCE, nonce)
                || !matches(SIGNATURE, signature)) {
            return Optional.of("HEADER_MISSING");
        }
        if (!appKey.equals(props.inboundAppKey())) {
            return Optional.of("APP_KEY_UNKNOWN");
        }
        if (Math.abs(clock.millis() - Long.parseLong(timestamp)) > WINDOW_MS) {
            return Optional.of("TIMESTAMP_EXPIRED");
        }
        String expected = PetitionSignature.sign(props.inboundAppSecret(), method, props.inboundPath(), timestamp,
                nonce, body);
        if (!MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                signature.getBytes(StandardCharsets.US_ASCII))) {
            return Optional.of("SIGNATURE_INVALID");
        }
        // Only after the signature held: forged requests cannot burn nonces.
        if (!nonces.rememberIfAbsent(appKey, nonce)) {
            return Optional.of("NONCE_REPLAYED");
        }
        return Optional.empty();
    }

    private static boolean matches(Pattern p, String v) {
        return v != null && p.matcher(v).matches();
    }
}
