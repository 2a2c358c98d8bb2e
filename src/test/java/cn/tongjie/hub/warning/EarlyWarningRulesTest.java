package cn.tongjie.hub.warning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.tongjie.hub.common.HubException;
import cn.tongjie.hub.warning.EarlyWarningRules.RulesFile;
import cn.tongjie.hub.warning.EarlyWarningRules.TownshipRule;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The shipped rules file, its validation, and the township surge rule against its own baseline. */
class EarlyWarningRulesTest {

    private static final TownshipRule TOWNSHIP = new TownshipRule(true, List.of(), Duration.ofDays(7), 4, 3.0, 8);

    @Test
    void shouldShipRulesUnderWhichStoryLAloneCrossesTheEmployerRule() throws IOException {
        RulesFile f = EarlyWarningRules.parse(Files.readString(Path.of("config/early-warning.yaml")));
        assertThat(f.employer().minWorkers()).isLessThanOrEqualTo(23);
        assertThat(f.employer().counts("LABOUR")).isTrue();
        assertThat(f.employer().counts("NEIGHBOUR")).isFalse();
        assertThat(f.township().counts("NEIGHBOUR")).isTrue();
        assertThat(f.employer().window()).isEqualTo(Duration.ofDays(30));
        // two reports of story L in one township are no surge
        assertThat(f.township().minDisputes()).isGreaterThan(2);
    }

    @Test
    void shouldRefuseAnInvalidEdit() {
        String noWindow = """
                version: 1
                employer: {enabled: true, categories: [LABOUR], window: P0D, min-workers: 20, min-disputes: 3}
                township: {enabled: true, categories: [], window: P7D, baseline-windows: 4, factor: 3.0, min-disputes: 8}
                """;
        assertThatThrownBy(() -> EarlyWarningRules.parse(noWindow)).isInstanceOf(HubException.class)
                .hasMessageContaining("employer.window");
        assertThatThrownBy(() -> EarlyWarningRules.parse("version: 1\nemployer: {min-wokers: 3}\n"))
                .isInstanceOf(HubException.class);
        assertThatThrownBy(() -> EarlyWarningRules.parse("[")).isInstanceOf(HubException.class);
    }

    @Test
    void shouldRaiseTownshipSurgeOnlyAboveBaselineTimesFactorAndTheMinimum() {
        // quiet township: 1–2 disputes a week; 8 this week is a surge
        assertThat(TownshipSurge.evaluate(TOWNSHIP, 8, List.of(1, 2, 1, 2)).surge()).isTrue();
        assertThat(TownshipSurge.evaluate(TOWNSHIP, 7, List.of(1, 2, 1, 2)).surge()).as("below the minimum").isFalse();
        // busy township: 10 a week is its normal, 12 is not three times that
        assertThat(TownshipSurge.evaluate(TOWNSHIP, 12, List.of(10, 9, 11, 10)).surge()).isFalse();
        assertThat(TownshipSurge.evaluate(TOWNSHIP, 30, List.of(10, 9, 11, 10)).surge()).isTrue();
        // a township never seen before: the minimum decides
        TownshipSurge.Verdict fresh = TownshipSurge.evaluate(TOWNSHIP, 8, List.of(0, 0, 0, 0));
        assertThat(fresh.surge()).isTrue();
        assertThat(fresh.threshold()).isEqualTo(8.0);
    }
}
