package cn.tongjie.hub.exchangelog;

import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Exchange log settings (prefix {@code tongjie.exchange-log}); see docs/exchange-log.md.
 *
 * @param enabled            record exchanges at all (off only for tools that start the hub for something else)
 * @param defaultMode        mode of agencies not listed in {@code modes}
 * @param modes              per agency (police, legal-service, court, petition, grid, womens-federation, trade-union): FULL
 *                           keeps the body encrypted, METADATA only its digest
 * @param bodyKey            AES-256 key (Base64 of 32 bytes) that encrypts FULL bodies; from the environment
 * @param signingKeyFile     the hub's Ed25519 private key (PKCS#8 PEM) that signs checkpoints
 * @param publicKeyFile      its public key (X.509 PEM), exported with every bundle
 * @param generateKeys       create the key pair at those paths when missing (demo and tests only)
 * @param sealInterval       how often unsealed entries are chained (an entry is durable before, sealed after)
 * @param sealBatch          at most this many entries chained per seal transaction
 * @param checkpointInterval a signed checkpoint at most this often, when the chain moved
 * @param verify             command mode: verify the chain, log the report and exit (0 valid, 1 tampered)
 */
@ConfigurationProperties(prefix = "tongjie.exchange-log")
record ExchangeLogProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("METADATA") Mode defaultMode,
        Map<String, Mode> modes,
        String bodyKey,
        @DefaultValue("./data/exchange-log/hub-log-signing.key") String signingKeyFile,
        @DefaultValue("./data/exchange-log/hub-log-signing.pub") String publicKeyFile,
        @DefaultValue("false") boolean generateKeys,
        @DefaultValue("500ms") Duration sealInterval,
        @DefaultValue("1000") int sealBatch,
        @DefaultValue("10m") Duration checkpointInterval,
        @DefaultValue("false") boolean verify) {

    enum Mode { FULL, METADATA }

    Mode modeOf(String agency) {
        return modes == null ? defaultMode : modes.getOrDefault(agency, defaultMode);
    }

    boolean anyFull() {
        return defaultMode == Mode.FULL || (modes != null && modes.containsValue(Mode.FULL));
    }
}
