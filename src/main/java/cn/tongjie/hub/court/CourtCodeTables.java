package cn.tongjie.hub.court;

import cn.tongjie.hub.common.ErrorCode;
import cn.tongjie.hub.common.HubException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.core.io.ClassPathResource;
import org.springframework.stereotype.Component;

/**
 * The court contract's open code lists, loaded as data (contract §17: the court publishes new CSV versions, so nothing
 * here is hard-coded): causes of action, GB 3304 ethnicities, the courts' served regions and the roster codes of the
 * mediation organisations.
 */
@Component
class CourtCodeTables {

    static final String CAUSES = "connectors/court/codes/cause-of-action.csv";
    static final String ETHNICITIES = "connectors/common/ethnicity.csv";
    static final String COURTS = "connectors/court/codes/court-codes.csv";
    static final String ORGS = "connectors/common/mediation-orgs.csv";

    /** One 案由 row; categoryHint is the 2-digit dispute category of the legal-service contract §5.2. */
    record Cause(String code, String name, String categoryHint) {
    }

    private final Map<String, Cause> causes = new LinkedHashMap<>();
    private final Map<String, String> ethnicities = new LinkedHashMap<>();
    private final Map<String, List<String>> courtRegions = new LinkedHashMap<>();
    private final Map<String, String> orgRegions = new LinkedHashMap<>();

    CourtCodeTables() {
        for (Map<String, String> r : read(CAUSES)) {
            causes.put(r.get("code"), new Cause(r.get("code"), r.get("name"), r.get("category_hint")));
        }
        for (Map<String, String> r : read(ETHNICITIES)) {
            ethnicities.put(r.get("code"), r.get("name"));
        }
        for (Map<String, String> r : read(COURTS)) {
            courtRegions.put(r.get("court_code"), List.of(r.get("region_codes").split(";")));
        }
        for (Map<String, String> r : read(ORGS)) {
            if (!r.getOrDefault("court_roster_code", "").isEmpty()) {
                orgRegions.put(r.get("court_roster_code"), r.get("region_code"));
            }
        }
    }

    Optional<Cause> cause(String code) {
        return Optional.ofNullable(causes.get(code));
    }

    boolean knownEthnicity(String code) {
        return ethnicities.containsKey(code);
    }

    /** Region of the organisation with this 特邀调解组织 roster code, if the hub knows it. */
    Optional<String> orgRegion(String rosterCode) {
        return Optional.ofNullable(rosterCode == null ? null : orgRegions.get(rosterCode));
    }

    /** The first region the court serves (its own county; 内05 → the city 150500). */
    Optional<String> courtRegion(String courtCode) {
        List<String> regions = courtRegions.get(courtCode);
        return regions == null || regions.isEmpty() ? Optional.empty() : Optional.of(regions.get(0));
    }

    private static List<Map<String, String>> read(String location) {
        try (InputStream in = new ClassPathResource(location).getInputStream()) {
            List<List<String>> rows = parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            List<String> header = rows.get(0);
            List<Map<String, String>> out = new ArrayList<>();
            for (List<String> row : rows.subList(1, rows.size())) {
                Map<String, String> m = new LinkedHashMap<>();
                for (int i = 0; i < header.size(); i++) {
                    m.put(header.get(i), i < row.size() ? row.get(i) : "");
                }
                out.add(m);
            }
            return out;
        } catch (IOException | IndexOutOfBoundsException e) {
            throw new HubException(ErrorCode.TJ_CONFIG_INVALID, "court code table not readable: " + location, e);
        }
    }

    /** RFC 4180 CSV (quoted fields may hold commas and doubled quotes); blank lines are skipped. */
    static List<List<String>> parse(String text) {
        List<List<String>> rows = new ArrayList<>();
        List<String> row = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        String t = text.startsWith("\uFEFF") ? text.substring(1) : text;
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < t.length() && t.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                row.add(field.toString());
                field.setLength(0);
            } else if (c == '\n' || c == '\r') {
                if (c == '\r' && i + 1 < t.length() && t.charAt(i + 1) == '\n') {
                    i++;
                }
                row.add(field.toString());
                field.setLength(0);
                if (!(row.size() == 1 && row.get(0).isEmpty())) {
                    rows.add(row);
                }
                row = new ArrayList<>();
            } else {
                field.append(c);
            }
        }
        if (field.length() > 0 || !row.isEmpty()) {
            row.add(field.toString());
            rows.add(row);
        }
        return rows;
    }
}
