package cn.tongjie.hub.exchangelog;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * The exchange log's hash chain and checkpoint rules, and their verification: ONE file that needs nothing but a JDK 17.
 * The hub uses it (entries are hashed and the admin API verifies with it), and every export bundle carries this very
 * source, so an auditor checks a bundle offline with {@code java ChainVerifier.java <bundle-dir-or-zip>} without
 * trusting the hub's code or database. Keep it free of any dependency outside java.*.
 *
 * <p>entry hash = SHA-256(prev hash || canonical(entry)); canonical = tag, seq, recordedAt (epoch ms), agency,
 * direction, messageType, messageId, disputeId, contentType, bodyLength, bodyDigest — length-prefixed UTF-8, null
 * distinct from "". A checkpoint is the hub's Ed25519 signature over (seq, head hash, signedAt, keyId).
 */
final class ChainVerifier {

    static final String GENESIS = "0".repeat(64);
    static final String ALGORITHM = "Ed25519";
    private static final String ENTRY_TAG = "tongjie-xlog-entry/v1";
    private static final String CHECKPOINT_TAG = "tongjie-xlog-checkpoint/v1";
    private static final String NULL = "\\N";

    private ChainVerifier() {
    }

    /** One sealed entry as stored (hashes as lower-case hex). */
    record Entry(long seq, long recordedAtMillis, String agency, String direction, String messageType,
            String messageId, String disputeId, String contentType, long bodyLength, String bodyDigest,
            String prevHash, String entryHash) {
    }

    /** One signed checkpoint (signature Base64). */
    record Checkpoint(long seq, String headHash, long signedAtMillis, String keyId, String algorithm,
            String signature) {
    }

    /** The chain head the store claims (last seq and hash); null when verifying a bundle. */
    record Head(long lastSeq, String lastHash) {
    }

    /** What is wrong, at which seq: ALTERED, REMOVED, REORDERED, FORGED_CHECKPOINT, REWRITTEN. */
    record Problem(long seq, String kind, String detail) {
    }

    record Report(boolean valid, long entries, long checkpoints, long firstSeq, long lastSeq, Long firstBadSeq,
            String firstBadKind, List<Problem> problems, long lastCheckpointSeq, long entriesAfterLastCheckpoint) {

        String summary() {
            if (valid) {
                return "VALID: " + entries + " entries (seq " + firstSeq + ".." + lastSeq + "), " + checkpoints
                        + " valid checkpoints, last at seq " + lastCheckpointSeq + "; " + entriesAfterLastCheckpoint
                        + " entries after it are protected by the chain only";
            }
            return "INVALID: first bad seq " + firstBadSeq + " (" + firstBadKind + "): " + problems.get(0).detail()
                    + (problems.size() > 1 ? " (+" + (problems.size() - 1) + " more)" : "");
        }
    }

    // ------------------------------------------------------------------------------------------------ hashing

    static String entryHash(String prevHash, Entry e) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(HexFormat.of().parseHex(prevHash));
            sha.update(canonical(e));
            return HexFormat.of().formatHex(sha.digest());
        } catch (GeneralSecurityException | IllegalArgumentException ex) {
            // A prev hash that is not 64 hex digits cannot be chained: no hash matches it.
            return "unhashable:" + ex.getMessage();
        }
    }

    static byte[] canonical(Entry e) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
            DataOutputStream out = new DataOutputStream(bytes);
            text(out, ENTRY_TAG);
            out.writeLong(e.seq());
            out.writeLong(e.recordedAtMillis());
            text(out, e.agency());
            text(out, e.direction());
            text(out, e.messageType());
            text(out, e.messageId());
            text(out, e.disputeId());
            text(out, e.contentType());
            out.writeLong(e.bodyLength());
            text(out, e.bodyDigest());
            return bytes.toByteArray();
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    private static void text(DataOutputStream out, String s) throws IOException {
        if (s == null) {
            out.writeInt(-1);
            return;
        }
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }

    static String sha256Hex(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (GeneralSecurityException ex) {
            throw new UncheckedIOException(new IOException(ex));
        }
    }

    static byte[] checkpointPayload(long seq, String headHash, long signedAtMillis, String keyId) {
        return (CHECKPOINT_TAG + "\n" + seq + "\n" + headHash + "\n" + signedAtMillis + "\n" + keyId)
                .getBytes(StandardCharsets.UTF_8);
    }

    /** First 16 hex digits of SHA-256 over the X.509 encoding of the public key. */
    static String keyId(PublicKey key) {
        return sha256Hex(key.getEncoded()).substring(0, 16);
    }

    static boolean signatureValid(Checkpoint c, PublicKey key) {
        try {
            if (!ALGORITHM.equals(c.algorithm()) || !keyId(key).equals(c.keyId())) {
                return false;
            }
            Signature s = Signature.getInstance(ALGORITHM);
            s.initVerify(key);
            s.update(checkpointPayload(c.seq(), c.headHash(), c.signedAtMillis(), c.keyId()));
            return s.verify(Base64.getDecoder().decode(c.signature()));
        } catch (GeneralSecurityException | IllegalArgumentException ex) {
            return false;
        }
    }

    // ------------------------------------------------------------------------------------------------ verification

    /**
     * Verifies entries (any order; sorted here by seq) and checkpoints against the hub's public key.
     *
     * @param fromGenesis the entries must start at seq 1 after the genesis hash (the whole log); false for an exported
     *                    range, whose first prev hash is taken as given unless a checkpoint just before it anchors it
     * @param head        the store's chain head (detects entries removed at the end), or null
     * @param extra       a further check per entry (the hub decrypts stored bodies); returns a problem text or null
     */
    static Report verify(List<Entry> input, List<Checkpoint> checkpointInput, PublicKey key, boolean fromGenesis,
            Head head, Function<Entry, String> extra) {
        List<Entry> entries = new ArrayList<>(input);
        entries.sort(Comparator.comparingLong(Entry::seq));
        List<Checkpoint> checkpoints = new ArrayList<>(checkpointInput);
        checkpoints.sort(Comparator.comparingLong(Checkpoint::seq));
        List<Problem> problems = new ArrayList<>();
        Map<String, Long> seqByHash = new HashMap<>();
        Map<Long, Entry> bySeq = new HashMap<>();
        for (Entry e : entries) {
            seqByHash.putIfAbsent(e.entryHash(), e.seq());
            bySeq.put(e.seq(), e);
        }
        Set<Long> moved = new HashSet<>();
        long shift = 0;
        long expected = fromGenesis ? 1 : entries.isEmpty() ? 1 : entries.get(0).seq();
        String prevStored = fromGenesis ? GENESIS : null;
        for (Entry e : entries) {
            boolean gap = false;
            if (e.seq() > expected) {
                problems.add(new Problem(expected, "REMOVED", "entr" + (e.seq() - expected == 1 ? "y " + expected
                        : "ies " + expected + ".." + (e.seq() - 1)) + " missing: seq jumps from " + (expected - 1)
                        + " to " + e.seq()));
                gap = true;
            } else if (e.seq() < expected) {
                problems.add(new Problem(e.seq(), "REORDERED", "seq " + e.seq() + " appears twice"));
            }
            boolean hashOk = entryHash(e.prevHash(), e).equals(e.entryHash());
            boolean linkOk = prevStored == null || prevStored.equals(e.prevHash());
            Long linkedTo = seqByHash.get(e.prevHash());
            if (!linkOk && !gap) {
                if (linkedTo != null && linkedTo != e.seq() - 1) {
                    if (!moved.contains(linkedTo)) {
                        problems.add(new Problem(e.seq(), "REORDERED", "entry at seq " + e.seq()
                                + " was chained after the entry now at seq " + linkedTo + ", not after seq "
                                + (e.seq() - 1) + ": entries were reordered"));
                    }
                    moved.add(e.seq());
                } else if (!hashOk) {
                    long d = renumberedBy(e);
                    if (d > 0 && linkedTo == null) {
                        problems.add(new Problem(e.seq(), "REMOVED", "entr" + (d == 1 ? "y" : "ies")
                                + " before the one now at seq " + e.seq() + " removed and the later ones renumbered"
                                + " (it was sealed as seq " + (e.seq() + d) + ")"));
                        shift = d;
                    } else {
                        problems.add(altered(e));
                    }
                } else {
                    problems.add(new Problem(e.seq() - 1, "ALTERED", "entry " + (e.seq() - 1)
                            + " was changed and its hash recomputed: entry " + e.seq() + " links to another hash"));
                }
            } else if (!hashOk && !(shift > 0 && renumberedBy(e) == shift)) {
                problems.add(altered(e));
            }
            if (extra != null) {
                String bad = extra.apply(e);
                if (bad != null) {
                    problems.add(new Problem(e.seq(), "ALTERED", "entry " + e.seq() + ": " + bad));
                }
            }
            prevStored = e.entryHash();
            expected = Math.max(expected, e.seq() + 1);
        }
        long lastSeq = entries.isEmpty() ? 0 : entries.get(entries.size() - 1).seq();
        if (head != null && head.lastSeq() > lastSeq) {
            problems.add(new Problem(lastSeq + 1, "REMOVED", "entries " + (lastSeq + 1) + ".." + head.lastSeq()
                    + " missing at the end: the chain head is at seq " + head.lastSeq()));
        } else if (head != null && head.lastSeq() == lastSeq && lastSeq > 0 && !head.lastHash().equals(prevStored)) {
            problems.add(new Problem(lastSeq, "ALTERED", "entry " + lastSeq + " does not match the chain head's hash"));
        }

        List<Problem> chainProblems = List.copyOf(problems);
        long lastGoodCheckpoint = fromGenesis ? 0 : (entries.isEmpty() ? 0 : entries.get(0).seq() - 1);
        long lastValidCheckpointSeq = 0;
        int validCheckpoints = 0;
        long previousSignedAt = Long.MIN_VALUE;
        for (Checkpoint c : checkpoints) {
            if (key == null || !signatureValid(c, key)) {
                problems.add(new Problem(c.seq(), "FORGED_CHECKPOINT", "checkpoint at seq " + c.seq()
                        + " is not signed by the hub's key " + (key == null ? "(none configured)" : keyId(key))
                        + " (key id " + c.keyId() + ")"));
                continue;
            }
            if (c.signedAtMillis() < previousSignedAt) {
                problems.add(new Problem(c.seq(), "REORDERED", "checkpoint at seq " + c.seq()
                        + " is signed earlier than the checkpoint before it"));
            }
            previousSignedAt = c.signedAtMillis();
            Entry at = bySeq.get(c.seq());
            if (at == null) {
                if (!entries.isEmpty() && c.seq() == entries.get(0).seq() - 1) {
                    if (!c.headHash().equals(entries.get(0).prevHash())) {
                        problems.add(new Problem(c.seq() + 1, "REWRITTEN", "entry " + (c.seq() + 1)
                                + " does not follow the signed head at seq " + c.seq()));
                    }
                } else if (c.seq() > lastSeq) {
                    problems.add(new Problem(lastSeq + 1, "REMOVED", "a checkpoint covers seq " + c.seq()
                            + " but the entries end at seq " + lastSeq));
                }
                continue;
            }
            validCheckpoints++;
            long from = lastGoodCheckpoint + 1;
            boolean explained = chainProblems.stream().anyMatch(p -> p.seq() >= from && p.seq() <= c.seq());
            if (!at.entryHash().equals(c.headHash())) {
                if (!explained) { // the chain itself looks sound: re-hashed consistently after a change
                    problems.add(new Problem(from, "REWRITTEN", "the chain between seq " + from + " and " + c.seq()
                            + " was rewritten: entry " + c.seq() + " no longer has the hash the hub signed"));
                }
            } else {
                lastGoodCheckpoint = c.seq();
            }
            lastValidCheckpointSeq = Math.max(lastValidCheckpointSeq, c.seq());
        }
        problems.sort(Comparator.comparingLong(Problem::seq));
        Problem first = problems.isEmpty() ? null : problems.get(0);
        long firstSeq = entries.isEmpty() ? 0 : entries.get(0).seq();
        return new Report(problems.isEmpty(), entries.size(), validCheckpoints, firstSeq, lastSeq,
                first == null ? null : first.seq(), first == null ? null : first.kind(), problems,
                lastValidCheckpointSeq, Math.max(0, lastSeq - Math.max(lastValidCheckpointSeq, firstSeq - 1)));
    }

    private static Problem altered(Entry e) {
        return new Problem(e.seq(), "ALTERED", "entry " + e.seq() + " (" + e.agency() + " " + e.direction() + " "
                + e.messageType() + ") does not match its hash: a stored field was changed");
    }

    /** d > 0 when the entry hashes correctly as seq + d: entries before it were removed and the rest renumbered. */
    private static long renumberedBy(Entry e) {
        for (long d = 1; d <= 64; d++) {
            Entry as = new Entry(e.seq() + d, e.recordedAtMillis(), e.agency(), e.direction(), e.messageType(),
                    e.messageId(), e.disputeId(), e.contentType(), e.bodyLength(), e.bodyDigest(), e.prevHash(),
                    e.entryHash());
            if (entryHash(e.prevHash(), as).equals(e.entryHash())) {
                return d;
            }
        }
        return 0;
    }

    // ------------------------------------------------------------------------------------------------ bundle format

    static final String ENTRIES_FILE = "entries.tsv";
    static final String CHECKPOINTS_FILE = "checkpoints.tsv";
    static final String PUBLIC_KEY_FILE = "public-key.pem";
    static final String ENTRIES_HEADER = "seq\trecordedAt\tagency\tdirection\tmessageType\tmessageId\tdisputeId\t"
            + "contentType\tbodyLength\tbodyDigest\tprevHash\tentryHash";
    static final String CHECKPOINTS_HEADER = "seq\theadHash\tsignedAt\tkeyId\talgorithm\tsignature";

    static String entryLine(Entry e) {
        return e.seq() + "\t" + Instant.ofEpochMilli(e.recordedAtMillis()) + "\t" + enc(e.agency()) + "\t"
                + enc(e.direction()) + "\t" + enc(e.messageType()) + "\t" + enc(e.messageId()) + "\t"
                + enc(e.disputeId()) + "\t" + enc(e.contentType()) + "\t" + e.bodyLength() + "\t" + e.bodyDigest()
                + "\t" + e.prevHash() + "\t" + e.entryHash();
    }

    static Entry parseEntry(String line) {
        String[] f = line.split("\t", -1);
        return new Entry(Long.parseLong(f[0]), Instant.parse(f[1]).toEpochMilli(), dec(f[2]), dec(f[3]), dec(f[4]),
                dec(f[5]), dec(f[6]), dec(f[7]), Long.parseLong(f[8]), f[9], f[10], f[11]);
    }

    static String checkpointLine(Checkpoint c) {
        return c.seq() + "\t" + c.headHash() + "\t" + Instant.ofEpochMilli(c.signedAtMillis()) + "\t" + c.keyId()
                + "\t" + c.algorithm() + "\t" + c.signature();
    }

    static Checkpoint parseCheckpoint(String line) {
        String[] f = line.split("\t", -1);
        return new Checkpoint(Long.parseLong(f[0]), f[1], Instant.parse(f[2]).toEpochMilli(), f[3], f[4], f[5]);
    }

    private static String enc(String s) {
        return s == null ? NULL : URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static String dec(String s) {
        return NULL.equals(s) ? null : URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    static String publicKeyPem(PublicKey key) {
        return "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(key.getEncoded()) + "\n-----END PUBLIC KEY-----\n";
    }

    static PublicKey readPublicKeyPem(String pem) throws GeneralSecurityException {
        String b64 = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        return KeyFactory.getInstance(ALGORITHM).generatePublic(new X509EncodedKeySpec(Base64.getDecoder()
                .decode(b64)));
    }

    /** Verifies a bundle's files (name → content); the public key is the bundle's unless one is given. */
    static Report verifyBundle(Map<String, String> files, PublicKey trustedKey) throws GeneralSecurityException {
        PublicKey key = trustedKey != null ? trustedKey : readPublicKeyPem(required(files, PUBLIC_KEY_FILE));
        List<Entry> entries = new ArrayList<>();
        for (String line : required(files, ENTRIES_FILE).split("\n")) {
            if (!line.isBlank() && !line.startsWith("seq\t")) {
                entries.add(parseEntry(line.strip()));
            }
        }
        List<Checkpoint> checkpoints = new ArrayList<>();
        for (String line : required(files, CHECKPOINTS_FILE).split("\n")) {
            if (!line.isBlank() && !line.startsWith("seq\t")) {
                checkpoints.add(parseCheckpoint(line.strip()));
            }
        }
        boolean fromGenesis = !entries.isEmpty() && entries.stream().mapToLong(Entry::seq).min().getAsLong() == 1;
        return verify(entries, checkpoints, key, fromGenesis, null, null);
    }

    private static String required(Map<String, String> files, String name) {
        String s = files.get(name);
        if (s == null) {
            throw new UncheckedIOException(new IOException("bundle has no " + name));
        }
        return s;
    }

    static Map<String, String> readBundle(Path path) throws IOException {
        Map<String, String> files = new LinkedHashMap<>();
        if (Files.isDirectory(path)) {
            for (String name : List.of(ENTRIES_FILE, CHECKPOINTS_FILE, PUBLIC_KEY_FILE)) {
                Path p = path.resolve(name);
                if (Files.exists(p)) {
                    files.put(name, Files.readString(p, StandardCharsets.UTF_8));
                }
            }
            return files;
        }
        try (InputStream in = Files.newInputStream(path); ZipInputStream zip = new ZipInputStream(in)) {
            for (ZipEntry z; (z = zip.getNextEntry()) != null; ) {
                String name = z.getName().substring(z.getName().lastIndexOf('/') + 1);
                files.put(name, new String(zip.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        return files;
    }

    /**
     * Offline check of an export: {@code java ChainVerifier.java <bundle.zip | unzipped dir> [hub-public-key.pem]}.
     * Give the hub's public key obtained independently (published by its operators) to not trust the bundle's copy.
     * Exit code 0 = valid, 1 = tampered, 2 = unreadable.
     */
    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: java ChainVerifier.java <bundle.zip|bundle-dir> [hub-public-key.pem]");
            System.exit(2);
        }
        PublicKey trusted = args.length > 1 ? readPublicKeyPem(Files.readString(Path.of(args[1]))) : null;
        Report r = verifyBundle(readBundle(Path.of(args[0])), trusted);
        System.out.println(r.summary());
        for (Problem p : r.problems()) {
            System.out.println("  seq " + p.seq() + " " + p.kind() + ": " + p.detail());
        }
        if (trusted == null) {
            System.out.println("note: checked against the bundle's own public key; compare its key id with the one "
                    + "the hub's operators publish, or pass that key as the second argument");
        }
        System.exit(r.valid() ? 0 : 1);
    }
}
