package cn.tongjie.hub.indicators;

import cn.tongjie.hub.common.ErrorCode;
import cn.tongjie.hub.common.HubException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The regions indicators are computed for, with their resident population (config/population.yaml). A region with
 * {@code partOf} (通辽经济技术开发区 → 科尔沁区) is shown as its own row, while its people and cases also belong to the
 * parent: the city total uses the city's own population figure and counts every case once.
 */
record Population(Region city, List<Region> regions) {

    /** One row of the table. */
    record Region(String code, String name, long population, String partOf) {
    }

    /** Whether {@code regionCode} (6 to 12 digits, any level) lies in row {@code row}, including its functional zones. */
    boolean contains(Region row, String regionCode) {
        if (regionCode == null) {
            return false;
        }
        if (row.code().equals(city.code())) {
            return regionCode.startsWith(city.code().substring(0, 4));
        }
        if (regionCode.startsWith(row.code())) {
            return true;
        }
        // a case in a functional zone is also a case of the county the zone belongs to
        return regions.stream().anyMatch(z -> row.code().equals(z.partOf()) && regionCode.startsWith(z.code()));
    }

    Region find(String code) {
        if (city.code().equals(code)) {
            return city;
        }
        return regions.stream().filter(r -> r.code().equals(code)).findFirst().orElse(null);
    }

    static Population read(InputStream in, String source) {
        try (in) {
            Object root = new Yaml(new SafeConstructor(new LoaderOptions())).load(in);
            if (!(root instanceof Map<?, ?> m) || !(m.get("city") instanceof Map<?, ?> c)
                    || !(m.get("regions") instanceof List<?> rs)) {
                throw new HubException(ErrorCode.TJ_POPULATION_CONFIG_INVALID, source + ": needs city and regions");
            }
            List<Region> regions = new ArrayList<>();
            for (Object o : rs) {
                if (!(o instanceof Map<?, ?> r)) {
                    throw new HubException(ErrorCode.TJ_POPULATION_CONFIG_INVALID, source + ": a region is no map");
                }
                regions.add(region(r, source));
            }
            return new Population(region(c, source), List.copyOf(regions));
        } catch (IOException e) {
            throw new HubException(ErrorCode.TJ_POPULATION_CONFIG_INVALID, source + ": " + e.getMessage(), e);
        }
    }

    private static Region region(Map<?, ?> r, String source) {
        Object code = r.get("code");
        Object name = r.get("name");
        Object pop = r.get("population");
        if (code == null || name == null || !(pop instanceof Number n) || n.longValue() <= 0) {
            throw new HubException(ErrorCode.TJ_POPULATION_CONFIG_INVALID,
                    source + ": region " + code + " needs code, name and a positive population");
        }
        Object partOf = r.get("part-of");
        return new Region(String.valueOf(code), String.valueOf(name), n.longValue(),
                partOf == null ? null : String.valueOf(partOf));
    }
}
