package cn.tongjie.hub.warning;

import cn.tongjie.hub.warning.WorkerCount.DisputeWorkers;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * What the rules need of one canonical dispute: category, township, employer (the first respondent that is not a
 * natural person: its 统一社会信用代码 when given, and its normalised name) and its workers.
 */
record Observation(String disputeId, String category, String sourceAgency, String regionCode, String township,
        String employerCode, String employerName, String employerNorm, DisputeWorkers workers,
        OffsetDateTime observedAt) {

    boolean hasEmployer() {
        return employerCode != null || employerNorm != null;
    }

    /**
     * @param snapshots the current snapshot first, then earlier ones (newest first)
     * @param fallbackAt when the dispute reached the hub, used when no snapshot says when it was reported
     */
    static Observation of(String disputeId, String category, String sourceAgency, List<JsonNode> snapshots,
            OffsetDateTime fallbackAt) {
        JsonNode current = snapshots.get(0);
        String code = null;
        String name = null;
        for (JsonNode s : snapshots) {
            for (JsonNode p : s.path("parties")) {
                if (!"RESPONDENT".equals(p.path("role").asText()) || "NATURAL_PERSON".equals(p.path("partyType").asText())
                        || p.path("name").asText("").isBlank()) {
                    continue;
                }
                if (name == null) {
                    name = p.path("name").asText().trim();
                }
                if (code == null) {
                    code = EmployerNames.uscc(p.path("idNumber").asText(null));
                }
                break; // the first organisation respondent of each snapshot is the employer
            }
        }
        String region = current.path("regionCode").asText(null);
        return new Observation(disputeId, category, sourceAgency, region, township(region), code, name,
                EmployerNames.normalise(name), WorkerCount.of(disputeId, snapshots),
                reportedAt(current, fallbackAt));
    }

    /** The 9-digit township (乡镇/街道) of a 12-digit regionCode; null for county-level or shorter codes. */
    static String township(String regionCode) {
        if (regionCode == null || regionCode.length() < 9 || !regionCode.chars().allMatch(Character::isDigit)) {
            return null;
        }
        String t = regionCode.substring(0, 9);
        return t.endsWith("000") ? null : t;
    }

    private static OffsetDateTime reportedAt(JsonNode s, OffsetDateTime fallback) {
        String at = s.path("reportedAt").asText(null);
        if (at == null) {
            return fallback;
        }
        try {
            return OffsetDateTime.parse(at);
        } catch (DateTimeParseException e) {
            return fallback;
        }
    }
}
