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

    @ParameterizedTest(name = "extension after {0}: {1}")
    @CsvSource(nullValues = "-", value = {"-, 01", "01, 03", "02, 02", "03, 03", "04, -", "05, -", "06, -"})
    void extensionRequestTravelsWithAnAllowedNonFinalState(String previous, String expected) {
        String blzt = FeedbackRules.extensionBlzt(previous);
        assertThat(blzt).isEqualTo(expected);
        if (blzt != null) {
            // §6.1: sqyq only with 01/02/03, and §6.3 must allow it after the last one
            assertThat(blzt).isIn("01", "02", "03");
            assertThat(FeedbackRules.allowed(previous, blzt)).isTrue();
        }
    }
}
