package cn.tongjie.hub.exchangelog;

import cn.tongjie.hub.common.ErrorCode;
import cn.tongjie.hub.common.HubException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-256-GCM for FULL-mode bodies at rest: stored value = 12-byte random nonce || ciphertext+tag. The body digest is
 * the associated data, so a ciphertext moved to another entry (or a flipped byte) fails to decrypt.
 */
final class BodyCipher {

    private static final int NONCE = 12;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKey key;
    private final String keyId;

    private BodyCipher(byte[] raw) {
        this.key = new SecretKeySpec(raw, "AES");
        this.keyId = ChainVerifier.sha256Hex(raw).substring(0, 16);
    }

    /** The key from configuration; null when none is set (then no agency may be in FULL mode). */
    static BodyCipher fromBase64(String base64) {
        if (base64 == null || base64.isBlank()) {
            return null;
        }
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(base64.trim());
        } catch (IllegalArgumentException e) {
            throw new HubException(ErrorCode.TJ_CONFIG_INVALID, "tongjie.exchange-log.body-key is not Base64");
        }
        if (raw.length != 32) {
            throw new HubException(ErrorCode.TJ_CONFIG_INVALID,
                    "tongjie.exchange-log.body-key must be 32 bytes (AES-256), got " + raw.length);
        }
        return new BodyCipher(raw);
    }

    String keyId() {
        return keyId;
    }

    byte[] encrypt(byte[] body, String digest) {
        try {
            byte[] nonce = new byte[NONCE];
            RANDOM.nextBytes(nonce);
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, nonce));
            c.updateAAD(digest.getBytes(StandardCharsets.US_ASCII));
            byte[] sealed = c.doFinal(body);
            return ByteBuffer.allocate(NONCE + sealed.length).put(nonce).put(sealed).array();
        } catch (GeneralSecurityException e) {
            throw new HubException(ErrorCode.TJ_INTERNAL, "exchange log body encryption failed", e);
        }
    }

    /** The plain body, or throws GeneralSecurityException when the stored bytes were changed. */
    byte[] decrypt(byte[] stored, String digest) throws GeneralSecurityException {
        if (stored == null || stored.length < NONCE + 16) {
            throw new GeneralSecurityException("stored body too short");
        }
        Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
        c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, stored, 0, NONCE));
        c.updateAAD(digest.getBytes(StandardCharsets.US_ASCII));
        return c.doFinal(stored, NONCE, stored.length - NONCE);
    }
}
