package cn.tongjie.hub.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.Normalizer;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The parties of a canonical dispute as lookup keys: one per normalised name and one per ID number, each a SHA-256
 * digest (as early warning keeps ID numbers: the index and the lock table hold no personal data in clear). Cross-channel correlation only ever
 * matches two reports that share an ID number or a normalised name (docs/correlation.md), so "shares a key" is a
 * superset of "may match": the registry indexes every report's keys and correlation reads and locks by key instead of
 * by township — reports about different people in the same township no longer wait for each other, and finding the
 * candidates no longer reads every open dispute of the township (docs/benchmarks.md).
 */
public final class PartyKeys {

    private static final ObjectMapper JSON = new ObjectMapper();

    private PartyKeys() {
    }

    /** NFKC, no white space, no middle dots (布和·朝克图 = 布和朝克图), Latin letters in lower case. */
    public static String normaliseName(String name) {
        String n = Normalizer.normalize(name, Normalizer.Form.NFKC);
        return n.replaceAll("[\\s\\u00B7\\u2022\\u30FB\\u2027\\u00B7.．]", "").toLowerCase(Locale.ROOT);
    }

    /** An ID number as correlation compares it; null when absent or blank. */
    public static String normaliseIdNumber(JsonNode party) {
        if (!party.hasNonNull("idNumber")) {
            return null;
        }
        String id = party.get("idNumber").asText().trim().toUpperCase(Locale.ROOT);
        return id.isEmpty() ? null : id;
    }

    /** The township a region code belongs to (its first 9 digits), when it names one. */
    public static Optional<String> township(String regionCode) {
        return regionCode != null && regionCode.length() >= 9 ? Optional.of(regionCode.substring(0, 9))
                : Optional.empty();
    }

    /**
     * The keys of a canonical dispute's parties, sorted (locks are taken in this order, so two reports never wait for
     * each other in a cycle). A party without a name is not a party to correlation (as in the matcher).
     */
    public static Set<String> of(JsonNode dispute) {
        Set<String> keys = new TreeSet<>();
        for (JsonNode p : dispute.path("parties")) {
            String name = normaliseName(p.path("name").asText(""));
            if (name.isEmpty()) {
                continue;
            }
            keys.add(digest("n:" + name));
            String id = normaliseIdNumber(p);
            if (id != null) {
                keys.add(digest("i:" + id));
            }
        }
        return keys;
    }

    /** {@link #of(JsonNode)} of a stored snapshot; an unreadable one has no keys. */
    public static Set<String> of(String snapshot) {
        try {
            return snapshot == null ? Set.of() : of(JSON.readTree(snapshot));
        } catch (JsonProcessingException e) {
            return Set.of();
        }
    }

    private static String digest(String s) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
            // 132 bits: collisions only ever add a candidate, which the matcher then rejects
            return Base64.getUrlEncoder().withoutPadding().encodeToString(h).substring(0, 22);
        } catch (NoSuchAlgorithmException e) {
            throw new cn.tongjie.hub.common.HubException(cn.tongjie.hub.common.ErrorCode.TJ_INTERNAL,
                    "SHA-256 is part of every JRE", e);
        }
    }
}
