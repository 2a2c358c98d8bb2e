package cn.tongjie.hub.correlation;

import static org.assertj.core.api.Assertions.assertThat;

import cn.tongjie.hub.registry.PartyKeys;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Correlation looks for candidates and takes its locks by party key instead of by township. That is only right if
 * every two reports the matching rule calls the same dispute share a key — otherwise a report would miss the dispute
 * it belongs to, or two nodes would register both halves of one dispute at once. Checked here on reports made of a
 * small pool of people written in the ways the channels write them (spaces, middle dots, full-width letters, ID
 * numbers in lower case or missing).
 */
class PartyKeysPropertyTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final OffsetDateTime T0 = OffsetDateTime.parse("2026-11-27T20:41:16+08:00");
    private static final List<String> NAMES = List.of("巴特尔", "布和·朝克图", "布和 朝克图", "赵𠮷安", "Bao Yin", "ｂａｏｙｉｎ",
            "王丽", "包 金花");
    private static final List<String> IDS = List.of("152301197211200512", "15230119721120051x", "152301197211200512 ",
            "150502198001010016");
    private final CorrelationMatcher matcher = new CorrelationMatcher(Duration.ofHours(48), 1000, 2);

    @Property(tries = 2000)
    void shouldGiveEveryTwoMatchingReportsAPartyKeyInCommon(@ForAll("report") ObjectNode a,
            @ForAll("report") ObjectNode b) {
        boolean match = matcher.match(CorrelationMatcher.of(a, T0), CorrelationMatcher.of(b, T0)).isPresent();
        Set<String> shared = new HashSet<>(PartyKeys.of(a));
        shared.retainAll(PartyKeys.of(b));
        if (match) {
            assertThat(shared).as("keys shared by two matching reports").isNotEmpty();
        }
    }

    @Property(tries = 200)
    void shouldNeverPutANameOrIdNumberIntoAKey(@ForAll("report") ObjectNode a) {
        for (String k : PartyKeys.of(a)) {
            assertThat(k).hasSize(22).matches("[A-Za-z0-9_-]+");
            NAMES.forEach(n -> assertThat(k).doesNotContain(n.trim()));
            IDS.forEach(id -> assertThat(k).doesNotContain(id.trim().substring(6, 14)));
        }
    }

    @Provide
    Arbitrary<ObjectNode> report() {
        Arbitrary<ObjectNode> party = Combinators.combine(Arbitraries.of(NAMES),
                Arbitraries.of(IDS).injectNull(0.5)).as((name, id) -> {
                    ObjectNode p = JSON.createObjectNode().put("name", name);
                    if (id != null) {
                        p.put("idNumber", id);
                    }
                    return p;
                });
        return party.list().ofMinSize(0).ofMaxSize(3).map(parties -> {
            ObjectNode d = JSON.createObjectNode().put("category", "NEIGHBOUR").put("regionCode", "150502001001")
                    .put("occurredAt", T0.toString());
            ArrayNode arr = d.putArray("parties");
            parties.forEach(arr::add);
            return d;
        });
    }
}
