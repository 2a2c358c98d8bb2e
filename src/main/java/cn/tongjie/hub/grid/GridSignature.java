package cn.tongjie.hub.grid;

import cn.tongjie.hub.common.ErrorCode;
import cn.tongjie.hub.common.HubException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Grid contract §4 request signature, the same for both directions: HMAC-SHA256 keyed with the UTF-8 bytes of the
 * appSecret over METHOD, PATH (with the {gridBase} prefix), X-Timestamp, X-Nonce and the hex SHA-256 of the raw body
 * bytes — never of a re-serialised body, because escaped and raw Chinese hash differently.
 */
final class GridSignature {

    private GridSignature() {
    }

    static String sign(String secret, String method, String path, String timestamp, String nonce, byte[] body) {
        String message = method + "\n" + path + "\n" + timestamp + "\n" + nonce + "\n" + bodyHash(body);
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return Base64.getEncoder().encodeToString(mac.doFinal(message.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new HubException(ErrorCode.TJ_INTERNAL, "HmacSHA256 unavailable", e);
        }
    }

    static String bodyHash(byte[] body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body == null ? new byte[0] : body));
        } catch (GeneralSecurityException e) {
            throw new HubException(ErrorCode.TJ_INTERNAL, "SHA-256 unavailable", e);
        }
    }

    /** Constant-time comparison (§4), so the answer time reveals nothing about the expected signature. */
    static boolean matches(String expected, String presented) {
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                presented.getBytes(StandardCharsets.US_ASCII));
    }
}
