package cn.tongjie.hub.exchangelog;

import cn.tongjie.hub.common.ErrorCode;
import cn.tongjie.hub.common.HubException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;

/**
 * The hub's Ed25519 key pair that signs checkpoints: PEM files (openssl genpkey -algorithm ed25519 writes the private
 * one, openssl pkey -pubout the public one). Demo and tests generate the pair when the files are missing.
 */
final class HubSigningKey {

    private final PrivateKey privateKey;
    private final PublicKey publicKey;
    private final String keyId;

    HubSigningKey(PrivateKey privateKey, PublicKey publicKey) {
        this.privateKey = privateKey;
        this.publicKey = publicKey;
        this.keyId = ChainVerifier.keyId(publicKey);
    }

    static HubSigningKey load(Path privateFile, Path publicFile, boolean generateIfMissing) {
        try {
            if (generateIfMissing && !Files.exists(privateFile) && !Files.exists(publicFile)) {
                KeyPair pair = KeyPairGenerator.getInstance(ChainVerifier.ALGORITHM).generateKeyPair();
                if (privateFile.toAbsolutePath().getParent() != null) {
                    Files.createDirectories(privateFile.toAbsolutePath().getParent());
                }
                if (publicFile.toAbsolutePath().getParent() != null) {
                    Files.createDirectories(publicFile.toAbsolutePath().getParent());
                }
                Files.writeString(privateFile, "-----BEGIN PRIVATE KEY-----\n"
                        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                        .encodeToString(pair.getPrivate().getEncoded()) + "\n-----END PRIVATE KEY-----\n");
                if (privateFile.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                    // only the hub's own user may read the signing key
                    Files.setPosixFilePermissions(privateFile, PosixFilePermissions.fromString("rw-------"));
                }
                Files.writeString(publicFile, ChainVerifier.publicKeyPem(pair.getPublic()));
                return new HubSigningKey(pair.getPrivate(), pair.getPublic());
            }
            if (!Files.exists(privateFile) || !Files.exists(publicFile)) {
                return null;
            }
            String pem = Files.readString(privateFile).replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
            PrivateKey priv = KeyFactory.getInstance(ChainVerifier.ALGORITHM)
                    .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(pem)));
            PublicKey pub = ChainVerifier.readPublicKeyPem(Files.readString(publicFile));
            HubSigningKey key = new HubSigningKey(priv, pub);
            // The two files must be one pair, or every checkpoint would be refused by the verifier.
            ChainVerifier.Checkpoint probe = key.sign(0, ChainVerifier.GENESIS, 0);
            if (!ChainVerifier.signatureValid(probe, pub)) {
                throw new HubException(ErrorCode.TJ_CONFIG_INVALID, "exchange log signing key " + privateFile
                        + " does not belong to public key " + publicFile);
            }
            return key;
        } catch (IOException | GeneralSecurityException | IllegalArgumentException e) {
            throw new HubException(ErrorCode.TJ_CONFIG_INVALID, "exchange log signing key unreadable: " + e, e);
        }
    }

    ChainVerifier.Checkpoint sign(long seq, String headHash, long signedAtMillis) {
        try {
            Signature s = Signature.getInstance(ChainVerifier.ALGORITHM);
            s.initSign(privateKey);
            s.update(ChainVerifier.checkpointPayload(seq, headHash, signedAtMillis, keyId));
            return new ChainVerifier.Checkpoint(seq, headHash, signedAtMillis, keyId, ChainVerifier.ALGORITHM,
                    Base64.getEncoder().encodeToString(s.sign()));
        } catch (GeneralSecurityException e) {
            throw new HubException(ErrorCode.TJ_INTERNAL, "checkpoint signing failed", e);
        }
    }

    PublicKey publicKey() {
        return publicKey;
    }

    String keyId() {
        return keyId;
    }
}
