package cn.tongjie.hub.correlation;

import static org.assertj.core.api.Assertions.assertThat;

import cn.tongjie.hub.correlation.CorrelationMatcher.Candidate;
import cn.tongjie.hub.correlation.CorrelationMatcher.Party;
import cn.tongjie.hub.correlation.CorrelationMatcher.Report;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The matching rule of cross-channel correlation, on the canonical disputes the sample stories map to. */
class CorrelationTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final OffsetDateTime T0 = OffsetDateTime.parse("2026-11-27T20:41:16+08:00");
    private final CorrelationMatcher matcher = new CorrelationMatcher(Duration.ofHours(48), 1000, 2);

    private static Report fixture(String path) throws IOException {
        JsonNode d = MAPPER.readTree(Path.of("mappings", path).toFile());
        return CorrelationMatcher.of(d, null);
    }

    private static Report report(String category, String region, OffsetDateTime at, Party... parties) {
        return new Report(category, region, at, List.of(parties), null, null);
    }

    @Test
    void shouldMatchStoryNPoliceHandoverAndGridEventOnBothPartyNames() throws IOException {
        Report police = fixture("police/fixtures/handover-to-dispute/story-N-first-version.expected.json");
        Report grid = fixture("grid/fixtures/event-to-dispute/story-N-neighbour-gcj02.expected.json");
        // neither ID number is on both sides in the first police version: the two names and the place decide
        assertThat(matcher.match(police, grid)).contains(CorrelationMatcher.NAMES);
        assertThat(matcher.match(grid, police)).contains(CorrelationMatcher.NAMES);
    }

    @Test
    void shouldMatchStoryLPoliceHandoverAndCollectivePetitionOnASharedIdNumber() throws IOException {
        Report police = fixture("police/fixtures/handover-to-dispute/story-L-mass-wage.expected.json");
        Report petition = fixture("petition/fixtures/push-to-dispute/story-L-mass-wage.expected.json");
        assertThat(matcher.match(police, petition)).contains(CorrelationMatcher.ID_NUMBER);
    }

    @Test
    void shouldNotMatchDifferentStoriesOfTheSampleSet() throws IOException {
        Report n = fixture("police/fixtures/handover-to-dispute/story-N-first-version.expected.json");
        Report l = fixture("petition/fixtures/push-to-dispute/story-L-mass-wage.expected.json");
        Report m = fixture("grid/fixtures/event-to-dispute/story-M-marriage-address-only.expected.json");
        assertThat(matcher.match(n, l)).isEmpty();
        assertThat(matcher.match(n, m)).isEmpty();
        assertThat(matcher.match(l, m)).isEmpty();
    }

    @Test
    void shouldMatchExactlyAtTheWindowEdgeButNotOneSecondLater() {
        Party a = new Party("巴特尔", null);
        Party b = new Party("赵𠮷安", null);
        Report first = report("NEIGHBOUR", "150502001001", T0, a, b);
        assertThat(matcher.match(first, report("NEIGHBOUR", "150502001001", T0.plusHours(48), a, b))).isPresent();
        assertThat(matcher.match(first, report("NEIGHBOUR", "150502001001", T0.plusHours(48).plusSeconds(1), a, b)))
                .isEmpty();
        // earlier occurrence reported later counts the same way
        assertThat(matcher.match(first, report("NEIGHBOUR", "150502001001", T0.minusHours(48).minusSeconds(1), a, b)))
                .isEmpty();
    }

    @Test
    void shouldHonourAConfiguredWindow() {
        CorrelationMatcher narrow = new CorrelationMatcher(Duration.ofHours(12), 1000, 2);
        Party a = new Party("巴特尔", null);
        Party b = new Party("赵𠮷安", null);
        Report first = report("NEIGHBOUR", "150502001001", T0, a, b);
        assertThat(narrow.match(first, report("NEIGHBOUR", "150502001001", T0.plusHours(13), a, b))).isEmpty();
    }

    @Test
    void shouldRequireTheSameTownshipAndAPreciseRegion() {
        Party a = new Party("巴特尔", "152301197211200512");
        Report first = report("NEIGHBOUR", "150502001001", T0, a);
        // another community of the same street office (same first 9 digits) is the same township
        assertThat(matcher.match(first, report("NEIGHBOUR", "150502001002", T0, a))).isPresent();
        assertThat(matcher.match(first, report("NEIGHBOUR", "150502002001", T0, a))).isEmpty();
        // a county-level code says too little about the place
        assertThat(matcher.match(first, report("NEIGHBOUR", "150502", T0, a))).isEmpty();
    }

    @Test
    void shouldAcceptOtherAsCompatibleCategoryButNotTwoDifferentOnes() {
        Party a = new Party("巴特尔", "152301197211200512");
        Report first = report("NEIGHBOUR", "150502001001", T0, a);
        assertThat(matcher.match(first, report("OTHER", "150502001001", T0, a))).isPresent();
        assertThat(matcher.match(first, report("LABOUR", "150502001001", T0, a))).isEmpty();
    }

    @Test
    void shouldNotMatchPointsFartherApartThanTheLimit() {
        Party a = new Party("巴特尔", "152301197211200512");
        Report here = new Report("NEIGHBOUR", "150502001001", T0, List.of(a), 43.620512, 122.256134);
        Report near = new Report("NEIGHBOUR", "150502001001", T0, List.of(a), 43.620600, 122.256200);
        Report far = new Report("NEIGHBOUR", "150502001001", T0, List.of(a), 43.640512, 122.256134);
        assertThat(matcher.match(here, near)).isPresent();
        assertThat(matcher.match(here, far)).isEmpty(); // ≈ 2.2 km
    }

    @Test
    void shouldNotCountASharedNameWithDifferentIdNumbersAsTheSamePerson() {
        Report first = report("NEIGHBOUR", "150502001001", T0, new Party("王芳", "150502199001010011"),
                new Party("李强", null));
        Report namesake = report("NEIGHBOUR", "150502001001", T0, new Party("王芳", "150502199202020022"),
                new Party("李强", null));
        assertThat(matcher.match(first, namesake)).isEmpty();
    }

    @Test
    void shouldNeedTwoSharedNamesWhenNoIdNumberIsShared() {
        Report first = report("NEIGHBOUR", "150502001001", T0, new Party("巴特尔", null), new Party("赵𠮷安", null));
        Report oneName = report("NEIGHBOUR", "150502001001", T0, new Party("巴特尔", null), new Party("张三", null));
        assertThat(matcher.match(first, oneName)).isEmpty();
        // a report naming a single party can only share that one
        assertThat(matcher.match(first, report("NEIGHBOUR", "150502001001", T0, new Party("巴特尔", null))))
                .contains(CorrelationMatcher.NAMES);
    }

    @Test
    void shouldCompareNamesWithoutMiddleDotsOrSpaces() {
        assertThat(CorrelationMatcher.normaliseName("布和·朝克图")).isEqualTo(CorrelationMatcher.normaliseName("布和 朝克图"));
        assertThat(CorrelationMatcher.normaliseName("布和•朝克图")).isEqualTo("布和朝克图");
    }

    @Test
    void shouldLeaveAReportMatchingSeveralDisputesUnmerged() {
        Party a = new Party("巴特尔", null);
        Party b = new Party("赵𠮷安", null);
        Report mine = report("NEIGHBOUR", "150502001001", T0, a, b);
        Candidate one = new Candidate("TJ-20261127-000001", List.of(report("NEIGHBOUR", "150502001001", T0, a, b)));
        Candidate two = new Candidate("TJ-20261127-000002", List.of(report("OTHER", "150502001001", T0, a, b)));
        Candidate other = new Candidate("TJ-20261127-000003", List.of(report("LABOUR", "150502001001", T0, a, b)));
        Map<String, String> both = matcher.matching(mine, List.of(one, two, other));
        assertThat(both).containsOnlyKeys("TJ-20261127-000001", "TJ-20261127-000002");
        assertThat(CorrelationMatcher.target(both)).isEmpty();
        assertThat(CorrelationMatcher.target(matcher.matching(mine, List.of(one, other)))).contains("TJ-20261127-000001");
    }

    @Test
    void shouldMatchAReportAttachedToACandidateNotOnlyItsOrigin() {
        Party a = new Party("海日汗", "152302198701250716");
        Report mine = report("LABOUR", "150581001001", T0, a);
        Candidate c = new Candidate("TJ-20261125-000007", List.of(
                report("LABOUR", "150581001001", T0, new Party("郑宏伟", null)),
                report("LABOUR", "150581001001", T0, a)));
        assertThat(matcher.matching(mine, List.of(c))).containsEntry("TJ-20261125-000007", CorrelationMatcher.ID_NUMBER);
    }

    @Test
    void shouldReachStoryLsPetitionOfficeAsResolvedUnderTheDefaultCollectiveRule() {
        // story L: 20 成功, 2 不成功 (海日汗, 周明 → arbitration), 1 撤回
        assertThat(new CollectiveOutcome(CollectiveOutcome.Rule.ANY_SUCCESS).outcome(20, 2, 1)).isEqualTo("SUCCESS");
        assertThat(new CollectiveOutcome(new CorrelationProperties(null, null, null, null, null)).outcome(20, 2, 1))
                .isEqualTo("SUCCESS");
        assertThat(new CollectiveOutcome(CollectiveOutcome.Rule.ANY_SUCCESS).outcome(0, 2, 1)).isEqualTo("FAILURE");
    }

    @Test
    void shouldApplyTheConfiguredCollectiveRule() {
        CollectiveOutcome majority = new CollectiveOutcome(new CorrelationProperties(null, null, null, null, "majority"));
        assertThat(majority.outcome(20, 2, 1)).isEqualTo("SUCCESS");
        assertThat(majority.outcome(2, 2, 19)).isEqualTo("FAILURE"); // half is not a majority
        CollectiveOutcome all = new CollectiveOutcome(new CorrelationProperties(null, null, null, null, "all-success"));
        assertThat(all.outcome(20, 2, 1)).isEqualTo("FAILURE");
        assertThat(all.outcome(22, 0, 1)).isEqualTo("SUCCESS");
        // every part withdrawn: nothing was decided, under every rule
        assertThat(all.outcome(0, 0, 23)).isEqualTo("TERMINATED");
        assertThat(majority.outcome(0, 0, 23)).isEqualTo("TERMINATED");
    }
}
