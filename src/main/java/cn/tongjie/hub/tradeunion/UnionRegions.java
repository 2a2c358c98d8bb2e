package cn.tongjie.hub.tradeunion;

import java.util.Set;

/**
 * Region codes the union system knows (trade-union contract §5 column 11): 150500, the GB/T 2260 counties of 通辽
 * optionally with a 3-digit township suffix. 通辽经济技术开发区 (150571…) is not a GB/T 2260 county there; the contract
 * says to write 科尔沁区 150502 for it, so the township part is dropped too (the union's list has no 150502xxx for it).
 */
final class UnionRegions {

    private static final Set<String> COUNTIES = Set.of("150502", "150521", "150522", "150523", "150524", "150525",
            "150526", "150581");

    private UnionRegions() {
    }

    /** The code to write in 所在地区代码; anything the union would answer REGION_UNKNOWN for becomes the city 150500. */
    static String toUnion(String hubRegion) {
        if (hubRegion == null || hubRegion.length() < 6) {
            return "150500";
        }
        String county = hubRegion.substring(0, 6);
        if ("150571".equals(county)) {
            return "150502";
        }
        if (COUNTIES.contains(county) && (hubRegion.length() == 6 || hubRegion.matches("\\d{9}"))) {
            return hubRegion;
        }
        return "150500";
    }
}
