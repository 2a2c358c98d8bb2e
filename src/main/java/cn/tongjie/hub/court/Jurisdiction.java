package cn.tongjie.hub.court;

import cn.tongjie.hub.common.ErrorCode;
import cn.tongjie.hub.common.HubException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.springframework.core.io.ClassPathResource;
import org.springframework.stereotype.Component;

/**
 * The court's code tables the follow-up needs, loaded as data (contract §17: "load them as data, not hard-code them"):
 * which basic court serves a region (§15, codes/court-codes.csv region_codes) and the 案由 names
 * (codes/cause-of-action.csv).
 */
@Component
public class Jurisdiction {

    private static final String COURTS = "connectors/court/codes/court-codes.csv";
    private static final String CAUSES = "connectors/court/codes/cause-of-action.csv";

    private final Map<String, String> courtOfRegion;
    private final Map<String, String> causes;

    public Jurisdiction() {
        Map<String, String> regions = new LinkedHashMap<>();
        for (String[] row : read(COURTS)) {
            // Only basic courts take first-instance matters; the intermediate court's 150500 (whole city) is not a
            // competent court for an application or a transfer (§15: city-level code → NO_JURISDICTION).
            if ("BASIC".equals(row[2])) {
                for (String region : row[4].split(";")) {
                    regions.put(region.trim(), row[0]);
                }
            }
        }
        this.courtOfRegion = Collections.unmodifiableMap(regions);
        Map<String, String> names = new LinkedHashMap<>();
        for (String[] row : read(CAUSES)) {
            names.put(row[0], row[1]);
        }
        this.causes = Collections.unmodifiableMap(names);
    }

    /**
     * The competent basic court of a mediation organisation's region (first 6 digits of a 6- or 9-digit code), or
     * empty when the code is missing, city-level (150500) or outside 通辽: an operator must then name the county or
     * township where the mediation took place.
     */
    public Optional<String> courtOf(String regionCode) {
        if (regionCode == null || !regionCode.matches("[0-9]{6}([0-9]{3}([0-9]{3})?)?")) {
            return Optional.empty();
        }
        return Optional.ofNullable(courtOfRegion.get(regionCode.substring(0, 6)));
    }

    /** The contract's name of a 案由 code, or empty for a code not in the table. */
    public Optional<String> causeName(String code) {
        return Optional.ofNullable(code == null ? null : causes.get(code));
    }

    private static java.util.List<String[]> read(String path) {
        try (InputStream in = new ClassPathResource(path).getInputStream()) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return text.lines().skip(1).filter(l -> !l.isBlank()).map(l -> l.split(",", -1)).toList();
        } catch (IOException e) {
            throw new HubException(ErrorCode.TJ_CONFIG_INVALID, "court code table " + path + " unreadable", e);
        }
    }
}
