package cn.tongjie.hub.simulator.legal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The fictional committee registry of the legal-service contract (README §5.1), with what the simulator needs to
 * play each committee: the categories it accepts, its area, a short name for agreement numbers and, where the common
 * cast has one, its people's mediator.
 */
final class Committees {

    /** A mediator as sent in MEDIATOR_ASSIGNED; phone may be null. */
    record Mediator(String mediatorId, String name, String phone) {
    }

    /**
     * @param area         region prefix the committee serves: 6 digits for a city/county-wide committee, 9 for a
     *                     乡镇/街道 committee
     * @param accepts      accepted categories; empty means all (regional committees)
     * @param abbreviation short name used in 调解协议书 numbers, e.g. 西门 in (2026)西门调字第045号
     * @param mediator     the committee's mediator from the common cast, or null (a fictional one is generated)
     */
    record Committee(String code, String name, String area, Set<String> accepts, String abbreviation,
                     Mediator mediator) {

        boolean regional() {
            return code.startsWith("TW");
        }

        /** Digits 3–8 of the code: the region that appears in caseNo. */
        String caseNoRegion() {
            return code.substring(2, 8);
        }

        boolean acceptsCategory(String category) {
            return accepts.isEmpty() || accepts.contains(category);
        }

        /**
         * Whether a dispute in {@code regionCode} lies in this committee's area. Lenient on purpose: only a region
         * that is clearly elsewhere counts as outside (a city- or county-level regionCode sent to one of its townships
         * is not provably out of area). 科尔沁区-wide committees also serve the 开发区 150571, which the statistics list as
         * a separate county-level code.
         */
        boolean covers(String regionCode) {
            if (area.equals("150500") || regionCode.equals("150500")) {
                return true;
            }
            if (area.equals("150502") && regionCode.startsWith("150571")) {
                return true;
            }
            return regionCode.startsWith(area) || area.startsWith(regionCode);
        }
    }

    private static final Map<String, Committee> BY_CODE = new LinkedHashMap<>();

    static {
        // Mediator ids of 乌兰 and 朝鲁 come from the samples; the others follow the same county + cast-number shape.
        Mediator wulan = new Mediator("TJY15020033", "乌兰", "15904753268");
        Mediator chaolu = new Mediator("TJY15210148", "朝鲁", "13104754725");
        Mediator jinhua = new Mediator("TJY15240042", "金花", "18904754169");
        Mediator liuguizhi = new Mediator("TJY15230046", "刘桂芝", "15904754503");
        Mediator baoyin = new Mediator("TJY15250047", "宝音", "18704754614");
        add("TW15050000001", "通辽市矛盾纠纷多元化解中心人民调解委员会", "150500", Set.of(), "通矛", null);
        add("TW15050200001", "科尔沁区矛盾纠纷多元化解中心人民调解委员会", "150502", Set.of(), "科矛", null);
        add("TW15050200101", "西门街道人民调解委员会", "150502001", Set.of(), "西门", wulan);
        add("TW15050200201", "明仁街道人民调解委员会", "150502002", Set.of(), "明仁", null);
        add("TW15050200301", "科尔沁街道人民调解委员会", "150502003", Set.of(), "科尔沁", null);
        add("TW15050210101", "大林镇人民调解委员会", "150502101", Set.of(), "大林", null);
        add("TW15057100101", "新城街道人民调解委员会", "150571001", Set.of(), "新城", null);
        add("TW15052110001", "保康镇人民调解委员会", "150521100", Set.of(), "保康", null);
        add("TW15052110101", "舍伯吐镇人民调解委员会", "150521101", Set.of(), "舍伯吐", chaolu);
        add("TW15052210001", "甘旗卡镇人民调解委员会", "150522100", Set.of(), "甘旗卡", null);
        add("TW15052310001", "开鲁镇人民调解委员会", "150523100", Set.of(), "开鲁", liuguizhi);
        add("TW15052410001", "库伦镇人民调解委员会", "150524100", Set.of(), "库伦", jinhua);
        add("TW15052510001", "大沁他拉镇人民调解委员会", "150525100", Set.of(), "大沁他拉", baoyin);
        add("TW15052610001", "鲁北镇人民调解委员会", "150526100", Set.of(), "鲁北", null);
        add("TW15058100101", "珠斯花街道人民调解委员会", "150581001", Set.of(), "珠斯花", null);
        add("HY15050201", "科尔沁区医疗纠纷人民调解委员会", "150502", Set.of("12"), "科医", null);
        add("HY15050202", "科尔沁区物业纠纷人民调解委员会", "150502", Set.of("14"), "科物", null);
        add("HY15050001", "通辽市道路交通事故纠纷人民调解委员会", "150500", Set.of("13"), "通交", null);
        add("HY15050002", "通辽市金融纠纷人民调解委员会", "150500", Set.of("04"), "通金", null);
    }

    /** Category names of README §5.2, for messages. */
    static final Map<String, String> CATEGORY_NAMES = Map.ofEntries(
            Map.entry("01", "婚姻家庭"), Map.entry("02", "邻里"), Map.entry("03", "房屋宅基地"), Map.entry("04", "合同"),
            Map.entry("05", "生产经营"), Map.entry("06", "损害赔偿"), Map.entry("07", "山林土地"),
            Map.entry("08", "征地拆迁"), Map.entry("09", "环境污染"), Map.entry("10", "劳动争议"),
            Map.entry("11", "消费"), Map.entry("12", "医疗"), Map.entry("13", "道路交通事故"), Map.entry("14", "物业"),
            Map.entry("99", "其他"));

    /** Fictional mediator names for committees without a cast member (not people from the common cast). */
    static final List<String> GENERATED_MEDIATOR_NAMES =
            List.of("李秀兰", "王建国", "张淑华", "刘振海", "孟根", "其木格", "杨文军", "高娃");

    private Committees() {
    }

    private static void add(String code, String name, String area, Set<String> accepts, String abbreviation,
                            Mediator mediator) {
        BY_CODE.put(code, new Committee(code, name, area, accepts, abbreviation, mediator));
    }

    /** The committee with this code, or null when the code is not in the registry. */
    static Committee byCode(String code) {
        return code == null ? null : BY_CODE.get(code);
    }
}
