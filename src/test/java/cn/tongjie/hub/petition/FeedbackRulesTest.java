package cn.tongjie.hub.petition;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Contract §6.3, every pair: the hub queues only what the petition system accepts. */
class FeedbackRulesTest {

    @ParameterizedTest(name = "{0} -> {1}: {2}")
    @CsvSource(nullValues = "-", value = {
            "-, 01, true", "-, 02, true", "-, 06, true", "-, 03, false", "-, 04, false", "-, 05, false",
            "01, 02, true", "01, 03, true", "01, 04, true", "01, 05, true", "01, 01, false", "01, 06, false",
            "02, 02, true", "02, 03, true", "02, 04, true", "02, 05, true", "02, 01, false", "02, 06, false",
            "03, 03, true", "03, 04, true", "03, 05, true", "03, 02, false", "03, 06, false",
            "04, 03, false", "04, 04, false", "05, 05, false", "06, 02, false", "06, 06, false"})
    void sequencesFollowTheContract(String previous, String next, boolean allowed) {
        assertThat(FeedbackRules.allowed(previous, next)).isEqualTo(allowed);
    }
}
