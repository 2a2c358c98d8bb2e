package cn.tongjie.hub.exchangelog;

import cn.tongjie.hub.registry.Alerts;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;

/** Sealing, checkpoints, verification and export of the exchange log (docs/exchange-log.md). */
@Service
class ExchangeLogService {

    private static final Logger log = LoggerFactory.getLogger(ExchangeLogService.class);
    /** The offline verifier's own source, copied into the jar by the build (pom.xml resources). */
    static final String VERIFIER_SOURCE = "/exchangelog/ChainVerifier.java";

    private final ExchangeLogStore store;
    private final ExchangeLogProperties props;
    private final ExchangeLog exchangeLog;
    private final Alerts alerts;
    private final Clock clock;
    private final HubSigningKey key;
    private final AtomicBoolean unsignedAlerted = new AtomicBoolean();

    ExchangeLogService(ExchangeLogStore store, ExchangeLogProperties props, ExchangeLog exchangeLog, Alerts alerts,
            Clock clock, @Value("${tongjie.demo:false}") boolean demo) {
        this.store = store;
        this.props = props;
        this.exchangeLog = exchangeLog;
        this.alerts = alerts;
        this.clock = clock;
        // Generating a key is for demo/test only: a production key must be the one whose public half was published.
        this.key = HubSigningKey.load(Path.of(props.signingKeyFile()), Path.of(props.publicKeyFile()),
                props.generateKeys() && demo);
        if (key == null) {
            log.error("Exchange log: no signing key at {} / {}: the chain is kept but no checkpoint is signed",
                    props.signingKeyFile(), props.publicKeyFile());
        } else {
            log.info("Exchange log checkpoints are signed with key id {}", key.keyId());
        }
    }

    /** One sealing round (timer route): chains what is pending, signs a checkpoint when due. */
    int sealRound() {
        if (key == null && unsignedAlerted.compareAndSet(false, true)) {
            alerts.raise("CRITICAL", "EXCHANGE_LOG_UNSIGNED", null, null, "no exchange log signing key configured ("
                    + "tongjie.exchange-log.signing-key-file): entries are chained but no checkpoint is signed");
        }
        int total = 0;
        for (int n; (n = store.seal(props.sealBatch(), key, props.checkpointInterval().toMillis(), false)) > 0; ) {
            total += n;
            if (n < props.sealBatch()) {
                break;
            }
        }
        return total;
    }

    /** Seals everything committed so far and signs a checkpoint over it (before a verify or an export). */
    void sealAndCheckpoint() {
        while (store.seal(props.sealBatch(), key, props.checkpointInterval().toMillis(), true) > 0) {
            // continue until nothing is pending; the last round signed the head
        }
    }

    /** Verifies the whole log in the store: chain, head, checkpoints and the encrypted bodies. */
    ChainVerifier.Report verify() {
        sealAndCheckpoint();
        ChainVerifier.Head head = store.head();
        List<ExchangeLogStore.Stored> stored = store.entries(1, head.lastSeq());
        List<ChainVerifier.Entry> entries = new ArrayList<>(stored.size());
        Map<Long, ExchangeLogStore.Stored> bySeq = new HashMap<>();
        for (ExchangeLogStore.Stored s : stored) {
            entries.add(s.entry());
            bySeq.put(s.entry().seq(), s);
        }
        ChainVerifier.Report report = ChainVerifier.verify(entries, store.checkpoints(1, Long.MAX_VALUE),
                key == null ? null : key.publicKey(), true, head, e -> bodyProblem(bySeq.get(e.seq())));
        log.info("Exchange log verify: {}", report.summary());
        return report;
    }

    private String bodyProblem(ExchangeLogStore.Stored s) {
        if (!"FULL".equals(s.mode())) {
            return s.bodyCipher() == null ? null : "a body is stored for a METADATA entry";
        }
        BodyCipher cipher = exchangeLog.cipher();
        if (cipher == null || !cipher.keyId().equals(s.bodyKeyId())) {
            return null; // encrypted with a key this hub no longer has: only its digest can be checked
        }
        try {
            byte[] body = cipher.decrypt(s.bodyCipher(), s.entry().bodyDigest());
            if (body.length != s.entry().bodyLength() || !ChainVerifier.sha256Hex(body).equals(s.entry().bodyDigest())) {
                return "the stored body does not match the recorded digest";
            }
            return null;
        } catch (GeneralSecurityException e) {
            return "the stored (encrypted) body was changed: it no longer decrypts";
        }
    }

    /**
     * Writes a self-contained ZIP bundle of the entries recorded in [from, to): entries.tsv, checkpoints.tsv, the
     * public key, the verifier's source and a README. The range is extended to the next checkpoint (signed now if
     * needed), so its last entry is covered by a signature, and starts with the checkpoint just before it, if any.
     */
    void export(Instant from, Instant to, OutputStream out) throws IOException {
        sealAndCheckpoint();
        long first = store.firstSeqAtOrAfter(from).orElse(Long.MAX_VALUE);
        long last = store.lastSeqBefore(to).orElse(0L);
        List<ChainVerifier.Entry> entries = new ArrayList<>();
        List<ChainVerifier.Checkpoint> checkpoints = List.of();
        if (first <= last) {
            long end = store.checkpointAtOrAfter(last).orElse(last);
            store.entries(first, end).forEach(s -> entries.add(s.entry()));
            checkpoints = store.checkpoints(first - 1, end);
        }
        try (ZipOutputStream zip = new ZipOutputStream(out, StandardCharsets.UTF_8)) {
            StringBuilder e = new StringBuilder(ChainVerifier.ENTRIES_HEADER).append('\n');
            entries.forEach(x -> e.append(ChainVerifier.entryLine(x)).append('\n'));
            put(zip, ChainVerifier.ENTRIES_FILE, e.toString());
            StringBuilder c = new StringBuilder(ChainVerifier.CHECKPOINTS_HEADER).append('\n');
            checkpoints.forEach(x -> c.append(ChainVerifier.checkpointLine(x)).append('\n'));
            put(zip, ChainVerifier.CHECKPOINTS_FILE, c.toString());
            if (key != null) {
                put(zip, ChainVerifier.PUBLIC_KEY_FILE, ChainVerifier.publicKeyPem(key.publicKey()));
            }
            try (InputStream src = ExchangeLogService.class.getResourceAsStream(VERIFIER_SOURCE)) {
                if (src != null) {
                    put(zip, "ChainVerifier.java", new String(src.readAllBytes(), StandardCharsets.UTF_8));
                }
            }
            put(zip, "README.txt", readme(from, to, entries, key));
        }
    }

    private String readme(Instant from, Instant to, List<ChainVerifier.Entry> entries, HubSigningKey k) {
        return "Tongjie hub exchange log export\n"
                + "requested range: " + from + " .. " + to + " (exported " + clock.instant() + ")\n"
                + "entries: " + entries.size() + (entries.isEmpty() ? "" : " (seq " + entries.get(0).seq() + ".."
                + entries.get(entries.size() - 1).seq() + ")") + "\n"
                + "signing key id: " + (k == null ? "none (no checkpoints)" : k.keyId()) + "\n\n"
                + "Verify offline with a JDK 17 or newer, nothing else:\n"
                + "  unzip this bundle into a directory, then: java ChainVerifier.java . [hub-public-key.pem]\n"
                + "Pass the hub's public key obtained from its operators (not this bundle's copy) as the second\n"
                + "argument to rule out a re-signed bundle. Exit code 0 = valid, 1 = tampered (first bad seq named).\n"
                + "Bodies are not exported: each entry carries the SHA-256 of the exact bytes exchanged (bodyDigest),\n"
                + "so a message kept by either party can be matched against its entry.\n";
    }

    private static void put(ZipOutputStream zip, String name, String content) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        zip.write(content.getBytes(StandardCharsets.UTF_8));
        zip.closeEntry();
    }

    HubSigningKey key() {
        return key;
    }
}
