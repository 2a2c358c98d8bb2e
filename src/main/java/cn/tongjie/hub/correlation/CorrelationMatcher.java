package cn.tongjie.hub.correlation;

import cn.tongjie.hub.registry.PartyKeys;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The matching rule (docs/correlation.md): two reports from different channels are the same dispute when
 * <ol>
 * <li>their categories are compatible (equal, or one is OTHER),</li>
 * <li>they are in the same township (first 9 digits of the region code; a county-only code never matches),</li>
 * <li>their times (occurredAt, else reportedAt) lie within the window of each other,</li>
 * <li>their coordinates, when both have them, are at most {@code maxDistanceMetres} apart, and</li>
 * <li>they name the same parties: one shared ID number, or at least {@code minSharedNames} shared normalised names
 * (fewer only when a report names fewer parties) — a name carrying different ID numbers on the two sides is two
 * different people and does not count.</li>
 * </ol>
 * Pure logic, no database: the service feeds it candidates and decides what an ambiguous result means.
 */
final class CorrelationMatcher {

    static final String ID_NUMBER = "ID_NUMBER";
    static final String NAMES = "NAMES";

    private final Duration window;
    private final double maxDistanceMetres;
    private final int minSharedNames;

    CorrelationMatcher(Duration window, double maxDistanceMetres, int minSharedNames) {
        this.window = window;
        this.maxDistanceMetres = maxDistanceMetres;
        this.minSharedNames = minSharedNames;
    }

    record Party(String name, String idNumber) {
    }

    /** What the rule looks at in one report; {@code lat}/{@code lon} are WGS-84 or null. */
    record Report(String category, String regionCode, OffsetDateTime at, List<Party> parties, Double lat, Double lon) {
    }

    /** Reads a canonical dispute (dispute-1.0.json); {@code fallback} when it states neither occurredAt nor reportedAt. */
    static Report of(JsonNode dispute, OffsetDateTime fallback) {
        String when = dispute.hasNonNull("occurredAt") ? dispute.get("occurredAt").asText()
                : dispute.hasNonNull("reportedAt") ? dispute.get("reportedAt").asText() : null;
        List<Party> parties = new ArrayList<>();
        for (JsonNode p : dispute.path("parties")) {
            String name = normaliseName(p.path("name").asText(""));
            if (!name.isEmpty()) {
                parties.add(new Party(name, PartyKeys.normaliseIdNumber(p)));
            }
        }
        JsonNode loc = dispute.path("location");
        boolean located = loc.path("latitude").isNumber() && loc.path("longitude").isNumber();
        return new Report(dispute.path("category").asText(""), dispute.path("regionCode").asText(""),
                when == null ? fallback : OffsetDateTime.parse(when), parties,
                located ? loc.get("latitude").asDouble() : null, located ? loc.get("longitude").asDouble() : null);
    }

    /** NFKC, no white space, no middle dots (布和·朝克图 = 布和朝克图), Latin letters in lower case. */
    static String normaliseName(String name) {
        // one definition with the party-key index, which must find every pair this rule can match
        return PartyKeys.normaliseName(name);
    }

    /** The rule that matched ({@link #ID_NUMBER} or {@link #NAMES}), or empty when the reports are not the same. */
    Optional<String> match(Report a, Report b) {
        if (!a.category().equals(b.category()) && !"OTHER".equals(a.category()) && !"OTHER".equals(b.category())) {
            return Optional.empty();
        }
        if (a.regionCode().length() < 9 || b.regionCode().length() < 9
                || !a.regionCode().substring(0, 9).equals(b.regionCode().substring(0, 9))) {
            return Optional.empty();
        }
        if (a.at() == null || b.at() == null || Duration.between(a.at(), b.at()).abs().compareTo(window) > 0) {
            return Optional.empty();
        }
        if (a.lat() != null && b.lat() != null && distanceMetres(a.lat(), a.lon(), b.lat(), b.lon()) > maxDistanceMetres) {
            return Optional.empty();
        }
        return sameParties(a.parties(), b.parties());
    }

    private Optional<String> sameParties(List<Party> a, List<Party> b) {
        for (Party p : a) {
            if (p.idNumber() != null && b.stream().anyMatch(q -> p.idNumber().equals(q.idNumber()))) {
                return Optional.of(ID_NUMBER);
            }
        }
        Map<String, Party> byName = new HashMap<>();
        b.forEach(q -> byName.putIfAbsent(q.name(), q));
        long shared = a.stream().map(Party::name).distinct().filter(n -> {
            Party q = byName.get(n);
            if (q == null) {
                return false;
            }
            Party p = a.stream().filter(x -> x.name().equals(n)).findFirst().orElseThrow();
            // same name, different ID numbers: two people
            return p.idNumber() == null || q.idNumber() == null || p.idNumber().equals(q.idNumber());
        }).count();
        long named = Math.min(a.stream().map(Party::name).distinct().count(),
                b.stream().map(Party::name).distinct().count());
        long needed = Math.max(1, Math.min(minSharedNames, named));
        return named > 0 && shared >= needed ? Optional.of(NAMES) : Optional.empty();
    }

    /** An open dispute of another channel: its origin's report and the reports attached to it. */
    record Candidate(String disputeId, List<Report> reports) {
    }

    /** Every candidate one of whose reports matches: dispute id → rule that matched, in candidate order. */
    Map<String, String> matching(Report mine, List<Candidate> candidates) {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        for (Candidate c : candidates) {
            c.reports().stream().map(r -> match(mine, r)).flatMap(Optional::stream).findFirst()
                    .ifPresent(rule -> out.put(c.disputeId(), rule));
        }
        return out;
    }

    /** The dispute to attach to: only an unambiguous match; several matching disputes are left to an operator. */
    static Optional<String> target(Map<String, String> matches) {
        return matches.size() == 1 ? Optional.of(matches.keySet().iterator().next()) : Optional.empty();
    }

    /** Haversine on a sphere of the WGS-84 mean radius: plenty for "about the same place". */
    static double distanceMetres(double lat1, double lon1, double lat2, double lon2) {
        double r = 6_371_008.8;
        double dLat = Math.toRadians(lat2 - lat1);
        double dLon = Math.toRadians(lon2 - lon1);
        double h = Math.sin(dLat / 2) * Math.sin(dLat / 2) + Math.cos(Math.toRadians(lat1))
                * Math.cos(Math.toRadians(lat2)) * Math.sin(dLon / 2) * Math.sin(dLon / 2);
        return 2 * r * Math.asin(Math.min(1, Math.sqrt(h)));
    }
}
