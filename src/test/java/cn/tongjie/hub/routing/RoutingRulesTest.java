package cn.tongjie.hub.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.tongjie.hub.common.ErrorCode;
import cn.tongjie.hub.common.HubException;
import cn.tongjie.hub.routing.RoutingRules.Decision;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The administrators' routing rules as shipped in {@code config/routing-rules.yaml} (tests run with the repository as
 * working directory), and the hot reload that must never replace valid rules with a broken edit.
 */
class RoutingRulesTest {

    private static final Path REPO_RULES = Path.of("config/routing-rules.yaml");
    private static final String CITY_CENTRE = "TW15050000001";
    private static final String KORQIN_CENTRE = "TW15050200001";
    private static final String XIMEN = "TW15050200101";

    /** Canonical categories (canonical/schemas/dispute-1.0.json). */
    private static final List<String> CATEGORIES = List.of("MARRIAGE_FAMILY", "NEIGHBOUR", "HOUSING_HOMESTEAD",
            "CONTRACT", "BUSINESS", "DAMAGES", "LAND_FOREST", "LAND_REQUISITION", "ENVIRONMENT", "LABOUR", "CONSUMER",
            "MEDICAL", "TRAFFIC", "PROPERTY_MANAGEMENT", "OTHER");

    /** legal-service README §5.1: industry committees accept only their listed categories (04 合同 = CONTRACT). */
    private static final Map<String, String> INDUSTRY_COMMITTEE_ONLY = Map.of("HY15050201", "MEDICAL",
            "HY15050202", "PROPERTY_MANAGEMENT", "HY15050001", "TRAFFIC", "HY15050002", "CONTRACT",
            // the women's federation's committee (M04) takes only marriage and family disputes, city-wide
            "FL15050001", "MARRIAGE_FAMILY",
            // the union's labour-dispute committee (M13) takes only labour disputes
            "GH15058101", "LABOUR");

    @Nested
    class RepositoryRules {

        private RoutingRules rules;

        @BeforeEach
        void load() {
            assertThat(REPO_RULES).as("run the tests from the repository root").exists();
            rules = new RoutingRules("file:config/routing-rules.yaml");
        }

        @Test
        void shouldSendLabourDisputesAnywhereInTongliaoToTheUnionBeforeTheTownshipCommittee() {
            for (String region : List.of("150581001", "150502001001", "150571001", "150521", "150500")) {
                Decision d = rules.decide("LABOUR", region, Set.of()).orElseThrow();
                assertThat(d.targetCode()).as(region).isEqualTo("GH15058101");
                assertThat(d.agency()).isEqualTo("trade-union");
                assertThat(d.ruleId()).isEqualTo("labour-trade-union");
            }
            assertThat(rules.decide("LABOUR", "150581001", Set.of("GH15058101")).orElseThrow().targetCode())
                    .as("the union failed: the township committee takes it").isEqualTo("TW15058100101");
            assertThat(rules.decide("LABOUR", "110101", Set.of()).orElseThrow().targetCode())
                    .as("outside 通辽 the union's system knows no region").isEqualTo(CITY_CENTRE);
        }

        @Test
        void shouldSendNeighbourDisputeInXimenToXimenStreetCommittee() {
            Decision d = rules.decide("NEIGHBOUR", "150502001001", Set.of()).orElseThrow();

            assertThat(d.targetCode()).isEqualTo(XIMEN);
            assertThat(d.targetName()).isEqualTo("西门街道人民调解委员会");
            assertThat(d.agency()).isEqualTo("legal-service");
            assertThat(d.ruleId()).isEqualTo("township-ximen");
            assertThat(d.unmatched()).isFalse();
        }

        @Test
        void shouldSendPropertyDisputeInDevelopmentZoneToPropertyIndustryCommittee() {
            // cf. samples/legal-service/create-case-property-industry-committee.json (region under 150571)
            Decision d = rules.decide("PROPERTY_MANAGEMENT", "150571001001", Set.of()).orElseThrow();

            assertThat(d.targetCode()).isEqualTo("HY15050202");
            assertThat(d.targetName()).isEqualTo("科尔沁区物业纠纷人民调解委员会");
            assertThat(d.unmatched()).isFalse();
        }

        @ParameterizedTest
        @ValueSource(strings = {"150502001001", "150571001001", "150523100001", "150581001", "150526", "150500"})
        void shouldSendTrafficDisputeAnywhereToCityTrafficCommittee(String region) {
            Decision d = rules.decide("TRAFFIC", region, Set.of()).orElseThrow();

            assertThat(d.targetCode()).isEqualTo("HY15050001");
            assertThat(d.unmatched()).isFalse();
        }

        @ParameterizedTest
        @ValueSource(strings = {"150502003001", "150571001001"})
        void shouldSendMedicalDisputeInKorqinToMedicalCommittee(String region) {
            assertThat(rules.decide("MEDICAL", region, Set.of()).orElseThrow().targetCode()).isEqualTo("HY15050201");
        }

        @ParameterizedTest
        @ValueSource(strings = {"150523100001", "150521101001", "150581001001", "150524", "150500"})
        void shouldNotSendMedicalDisputeOutsideKorqinToKorqinMedicalCommittee(String region) {
            Decision d = rules.decide("MEDICAL", region, Set.of()).orElseThrow();

            assertThat(d.targetCode()).isNotEqualTo("HY15050201");
        }

        @Test
        void shouldSendMedicalDisputeInKailuToKailuTownCommittee() {
            assertThat(rules.decide("MEDICAL", "150523100001", Set.of()).orElseThrow().targetCode())
                    .isEqualTo("TW15052310001");
        }

        @ParameterizedTest
        @ValueSource(strings = {"150523200001", "150599001001", "150602001001"})
        void shouldUseCityCentreFlaggedUnmatchedWhenNoRuleMatchesTheRegion(String region) {
            Decision d = rules.decide("NEIGHBOUR", region, Set.of()).orElseThrow();

            assertThat(d.targetCode()).isEqualTo(CITY_CENTRE);
            assertThat(d.ruleId()).isEqualTo("city-centre-default");
            assertThat(d.unmatched()).isTrue();
        }

        @Test
        void shouldUseCityCentreFlaggedUnmatchedWhenRegionIsUnknown() {
            Decision d = rules.decide("NEIGHBOUR", null, Set.of()).orElseThrow();

            assertThat(d.targetCode()).isEqualTo(CITY_CENTRE);
            assertThat(d.unmatched()).isTrue();
        }

        @Test
        void shouldRerouteDeclinedDisputeToCountyCentreThenCityCentre() {
            Decision second = rules.decide("NEIGHBOUR", "150502001001", Set.of(XIMEN)).orElseThrow();
            assertThat(second.targetCode()).isEqualTo(KORQIN_CENTRE);
            assertThat(second.ruleId()).isEqualTo("county-korqin-centre");
            assertThat(second.unmatched()).isFalse();

            Decision third = rules.decide("NEIGHBOUR", "150502001001", Set.of(XIMEN, KORQIN_CENTRE)).orElseThrow();
            assertThat(third.targetCode()).isEqualTo(CITY_CENTRE);
            assertThat(third.unmatched()).isTrue();
        }

        @Test
        void shouldRerouteDeclinedPropertyDisputeToTownshipCommitteeNotBackToTheIndustryCommittee() {
            Decision second = rules.decide("PROPERTY_MANAGEMENT", "150571001001", Set.of("HY15050202")).orElseThrow();

            assertThat(second.targetCode()).isEqualTo("TW15057100101");
        }

        @Test
        void shouldRerouteDeclinedDisputeOutsideKorqinStraightToCityCentre() {
            Decision d = rules.decide("NEIGHBOUR", "150523100001", Set.of("TW15052310001")).orElseThrow();

            assertThat(d.targetCode()).isEqualTo(CITY_CENTRE);
        }

        @Test
        void shouldGiveNoTargetWhenEveryPossibleBodyHasDeclined() {
            assertThat(rules.decide("NEIGHBOUR", "150502001001", Set.of(XIMEN, KORQIN_CENTRE, CITY_CENTRE))).isEmpty();
            assertThat(rules.decide("NEIGHBOUR", "150599001001", Set.of(CITY_CENTRE))).isEmpty();
            assertThat(rules.decide("TRAFFIC", "150523100001",
                    Set.of("HY15050001", "TW15052310001", CITY_CENTRE))).isEmpty();
        }

        @Test
        void shouldNeverSendAnIndustryCommitteeACategoryItDoesNotAcceptNorRepeatATarget() throws IOException {
            for (String region : regionCodes()) {
                for (String category : CATEGORIES) {
                    Set<String> tried = new LinkedHashSet<>();
                    Optional<Decision> d;
                    while ((d = rules.decide(category, region, tried)).isPresent()) {
                        String target = d.get().targetCode();
                        String only = INDUSTRY_COMMITTEE_ONLY.get(target);
                        assertThat(only == null || only.equals(category))
                                .as("%s in %s sent to %s (accepts only %s)", category, region, target, only).isTrue();
                        assertThat(inArea(target, region))
                                .as("%s in %s sent to %s, outside its area", category, region, target).isTrue();
                        assertThat(tried.add(target)).as("%s in %s offered %s twice", category, region, target)
                                .isTrue();
                        assertThat(tried).hasSizeLessThanOrEqualTo(5);
                    }
                    assertThat(tried).as("%s in %s", category, region).isNotEmpty().endsWith(CITY_CENTRE);
                }
            }
        }

        /** legal-service §5.1: TW + 9-digit area + 2 digits; 150502 also covers 150571; 150500 is the whole city. */
        private boolean inArea(String committee, String region) {
            if (committee.startsWith("GH")) {
                return true; // trade-union §5 column 11: the union's system takes 150500 and every county of 通辽
            }
            if (committee.startsWith("HY") || committee.startsWith("FL")) {
                String area = committee.substring(2, 8);
                return area.equals("150500") || region.startsWith(area)
                        || (area.equals("150502") && region.startsWith("150571"));
            }
            String area = committee.substring(2, 11);
            if (area.endsWith("000")) {
                area = area.substring(0, 6);
            }
            return area.equals("150500") || region.startsWith(area)
                    || (area.equals("150502") && region.startsWith("150571"));
        }

        private List<String> regionCodes() throws IOException {
            List<String> codes = new ArrayList<>();
            for (String line : Files.readAllLines(Path.of("connectors/common/regions.csv"), StandardCharsets.UTF_8)) {
                String code = line.split(",", 2)[0];
                if (code.matches("\\d+") && code.startsWith("1505")) {
                    codes.add(code);
                }
            }
            assertThat(codes).hasSizeGreaterThan(20);
            return codes;
        }
    }

    @Nested
    class Reload {

        @TempDir
        Path dir;
        private Path file;
        private String original;
        private RoutingRules rules;
        private Instant mtime;

        @BeforeEach
        void copyRulesToTempDir() throws IOException {
            file = dir.resolve("routing-rules.yaml");
            original = Files.readString(REPO_RULES, StandardCharsets.UTF_8);
            Files.writeString(file, original, StandardCharsets.UTF_8);
            mtime = Instant.parse("2026-11-28T00:00:00Z");
            Files.setLastModifiedTime(file, FileTime.from(mtime));
            rules = new RoutingRules(file.toUri().toString());
            assertThat(rules.decide("NEIGHBOUR", "150502001001", Set.of()).orElseThrow().targetCode()).isEqualTo(XIMEN);
        }

        @Test
        void shouldNotReloadWhenTheFileDidNotChange() {
            assertThat(rules.reloadIfChanged()).isFalse();
        }

        @Test
        void shouldRefuseEditNamingAnUnknownTargetAndKeepTheRunningRules() throws IOException {
            edit(s -> replaceOnce(s, "target: TW15050200101", "target: TW15050299901"));

            assertRejectedAndOldRulesStillAnswer("TW15050299901");
        }

        @Test
        void shouldRefuseEditGivingIndustryCommitteeACategoryItDoesNotAccept() throws IOException {
            edit(s -> replaceOnce(s, "when: {categories: [MEDICAL], regions:",
                    "when: {categories: [MEDICAL, NEIGHBOUR], regions:"));

            assertRejectedAndOldRulesStillAnswer("medical-korqin-committee");
            assertThat(rules.decide("NEIGHBOUR", "150502003001", Set.of()).orElseThrow().targetCode())
                    .isEqualTo("TW15050200301");
        }

        @Test
        void shouldRefuseEditSendingIndustryCommitteeEveryCategory() throws IOException {
            edit(s -> replaceOnce(s, "- {id: township-ximen, when: {regions: [\"150502001\"]}, target: TW15050200101}",
                    "- {id: township-ximen, when: {regions: [\"150502001\"]}, target: HY15050201}"));

            assertRejectedAndOldRulesStillAnswer("township-ximen");
        }

        @Test
        void shouldRefuseEditThatIsNotValidYaml() throws IOException {
            edit(s -> s + "\n  - {id: broken, when: {regions: [\"150502\"], target: TW15050200001\n");

            assertRejectedAndOldRulesStillAnswer(null);
        }

        @Test
        void shouldRefuseEditWithMisspelledMember() throws IOException {
            edit(s -> replaceOnce(s, "- {id: township-ximen, when: {regions:", "- {id: township-ximen, when: {region:"));

            assertRejectedAndOldRulesStillAnswer(null);
        }

        @Test
        void shouldKeepRefusingTheBrokenEditUntilItIsFixedAndThenApplyTheFix() throws IOException {
            edit(s -> replaceOnce(s, "target: TW15050200101", "target: TW15050299901"));
            assertThatThrownBy(rules::reloadIfChanged).isInstanceOf(HubException.class);
            assertThatThrownBy(rules::reloadIfChanged).isInstanceOf(HubException.class);
            assertThat(rules.decide("NEIGHBOUR", "150502001001", Set.of()).orElseThrow().targetCode()).isEqualTo(XIMEN);

            edit(s -> replaceOnce(s, "target: TW15050299901", "target: TW15050200301"));

            assertThat(rules.reloadIfChanged()).isTrue();
            assertThat(rules.decide("NEIGHBOUR", "150502001001", Set.of()).orElseThrow().targetCode())
                    .isEqualTo("TW15050200301");
        }

        @Test
        void shouldPickUpValidEdit() throws IOException {
            edit(s -> replaceOnce(s, "- {id: township-ximen, when: {regions: [\"150502001\"]}, target: TW15050200101}",
                    "- {id: neighbour-ximen-to-centre, when: {categories: [NEIGHBOUR], regions: [\"150502001\"]},"
                            + " target: TW15050200001}\n"
                            + "  - {id: township-ximen, when: {regions: [\"150502001\"]}, target: TW15050200101}")
                    .replace("version: 1", "version: 2"));

            assertThat(rules.reloadIfChanged()).isTrue();

            Decision d = rules.decide("NEIGHBOUR", "150502001001", Set.of()).orElseThrow();
            assertThat(d.targetCode()).isEqualTo(KORQIN_CENTRE);
            assertThat(d.ruleId()).isEqualTo("neighbour-ximen-to-centre");
            // family disputes go to the women's federation first; once it declined, the township committee
            assertThat(rules.decide("MARRIAGE_FAMILY", "150502001001", Set.of("FL15050001")).orElseThrow()
                    .targetCode()).isEqualTo(XIMEN);
            assertThat(rules.rules().version()).isEqualTo(2);
            assertThat(rules.reloadIfChanged()).isFalse();
        }

        private void assertRejectedAndOldRulesStillAnswer(String mentioned) {
            assertThatThrownBy(rules::reloadIfChanged)
                    .isInstanceOfSatisfying(HubException.class, e -> {
                        assertThat(e.errorCode()).isEqualTo(ErrorCode.TJ_CONFIG_INVALID);
                        if (mentioned != null) {
                            assertThat(e.getMessage()).contains(mentioned);
                        }
                    });
            Decision d = rules.decide("NEIGHBOUR", "150502001001", Set.of()).orElseThrow();
            assertThat(d.targetCode()).isEqualTo(XIMEN);
            assertThat(d.ruleId()).isEqualTo("township-ximen");
            assertThat(rules.decide("MEDICAL", "150502001001", Set.of()).orElseThrow().targetCode())
                    .isEqualTo("HY15050201");
            assertThat(rules.rules().version()).isEqualTo(1);
        }

        private void edit(UnaryOperator<String> change) throws IOException {
            String current = Files.readString(file, StandardCharsets.UTF_8);
            String changed = change.apply(current);
            assertThat(changed).isNotEqualTo(current);
            Files.writeString(file, changed, StandardCharsets.UTF_8);
            mtime = mtime.plusSeconds(10);
            Files.setLastModifiedTime(file, FileTime.from(mtime));
        }

        private String replaceOnce(String s, String from, String to) {
            int i = s.indexOf(from);
            assertThat(i).as("edit anchor '%s' in routing-rules.yaml", from).isGreaterThanOrEqualTo(0);
            assertThat(s.indexOf(from, i + 1)).as("edit anchor '%s' is unique", from).isNegative();
            return s.substring(0, i) + to + s.substring(i + from.length());
        }
    }

    @Test
    void shouldRefuseToStartWithInvalidRules(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("routing-rules.yaml");
        Files.writeString(file, "version: 1\ntargets: {}\nrules: []\ndefault: {id: d, target: NOWHERE}\n");

        assertThatThrownBy(() -> new RoutingRules(file.toUri().toString()))
                .isInstanceOfSatisfying(HubException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.TJ_CONFIG_INVALID));
    }

    @Test
    void shouldValidateCandidateTextWithoutApplyingIt() throws IOException {
        String text = Files.readString(REPO_RULES, StandardCharsets.UTF_8);

        assertThat(RoutingRules.parseAndValidate(text).rules()).isNotEmpty();
        assertThatThrownBy(() -> RoutingRules.parseAndValidate(text.replace("accepts: [TRAFFIC]", "accepts: [MEDICAL]")))
                .isInstanceOfSatisfying(HubException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.TJ_CONFIG_INVALID));
    }
}
