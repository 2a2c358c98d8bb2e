package cn.tongjie.hub.warning;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

/**
 * Counting workers once each (issue 5 item 5).
 * <ul>
 * <li>One canonical dispute: its workers are the distinct ID numbers of its natural-person applicants, and its head
 * count is the LARGEST number it carries (personsInvolved of the current or any earlier snapshot — 涉及人数, rs, sjrs —
 * or the number of applicants named), never a sum: a channel that repeats "23" on every row still says 23.</li>
 * <li>A cluster of disputes (several channels' reports not, or not yet, merged into one canonical dispute):
 * {@code max(distinct ID numbers over the cluster, largest head count of any one dispute)}. Head counts of separate
 * disputes are not added either, because the same workers usually report through several channels; this may
 * under-count two genuinely different groups, which the min-disputes threshold then catches.</li>
 * </ul>
 * ID numbers are kept only as SHA-256 hashes.
 */
final class WorkerCount {

    private WorkerCount() {
    }

    /** What one canonical dispute says about its workers. */
    record DisputeWorkers(String disputeId, Set<String> idHashes, int headCount) {

        /** The dispute on its own counts this many workers. */
        int workers() {
            return Math.max(idHashes.size(), headCount);
        }
    }

    /** From the dispute's current snapshot and its earlier ones (corrections, merged reports). */
    static DisputeWorkers of(String disputeId, Collection<JsonNode> snapshots) {
        Set<String> ids = new LinkedHashSet<>();
        int head = 0;
        for (JsonNode s : snapshots) {
            int applicants = 0;
            for (JsonNode p : s.path("parties")) {
                if (!"APPLICANT".equals(p.path("role").asText())
                        || !"NATURAL_PERSON".equals(p.path("partyType").asText())) {
                    continue;
                }
                applicants++;
                String id = p.path("idNumber").asText("").trim();
                if (!id.isEmpty()) {
                    ids.add(hash(id));
                }
            }
            head = Math.max(head, Math.max(applicants, s.path("personsInvolved").asInt(0)));
        }
        return new DisputeWorkers(disputeId, ids, head);
    }

    /** Workers of a cluster of separate disputes against one employer. */
    static int ofCluster(Collection<DisputeWorkers> disputes) {
        Set<String> ids = new LinkedHashSet<>();
        int largestHead = 0;
        for (DisputeWorkers d : disputes) {
            ids.addAll(d.idHashes());
            largestHead = Math.max(largestHead, d.headCount());
        }
        return Math.max(ids.size(), largestHead);
    }

    /** SHA-256 of the upper-cased ID number (a trailing x and X are the same check character). */
    static String hash(String idNumber) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256")
                    .digest(idNumber.trim().toUpperCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d);
        } catch (NoSuchAlgorithmException e) {
            throw new cn.tongjie.hub.common.HubException(cn.tongjie.hub.common.ErrorCode.TJ_INTERNAL, "no SHA-256", e);
        }
    }
}
