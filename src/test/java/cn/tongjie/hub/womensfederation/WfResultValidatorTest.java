package cn.tongjie.hub.womensfederation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class WfResultValidatorTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    /** 2026-12-07: after every sample's closed_at. */
    private static final Instant LATEST = Instant.parse("2026-12-07T00:00:00Z");

    @Test
    void theValidResultSamplesPass() throws Exception {
        assertThat(WfResultValidator.validate(sample("result-story-F-referred-to-court.json"), LATEST)).isEmpty();
        assertThat(WfResultValidator.validate(sample("result-story-M-resolved.json"), LATEST)).isEmpty();
        assertThat(WfResultValidator.validate(sample("invalid-result-conflict-after-resolved.json"), LATEST)).isEmpty();
    }

    @Test
    void resolvedWithoutAgreementIsConditionalRequired() throws Exception {
        assertThat(WfResultValidator.validate(sample("invalid-result-resolved-without-agreement.json"), LATEST))
                .extracting(WfResultValidator.Problem::field, WfResultValidator.Problem::code)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("agreement_summary", "CONDITIONAL_REQUIRED"));
    }

    @Test
    void closedAtInSecondsIsInvalidFormat() throws Exception {
        assertThat(WfResultValidator.validate(sample("invalid-result-closed-at-in-seconds.json"), LATEST))
                .extracting(WfResultValidator.Problem::field, WfResultValidator.Problem::code)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("closed_at", "INVALID_FORMAT"));
    }

    @Test
    void anAgreementOnAnUnresolvedResultIsForbiddenAndAFutureCloseIsRefused() throws Exception {
        var r = (com.fasterxml.jackson.databind.node.ObjectNode) sample("invalid-result-conflict-after-resolved.json");
        r.put("agreement_summary", "x").put("extra", 1);
        assertThat(WfResultValidator.validate(r, Instant.ofEpochMilli(1796518800000L - 1)))
                .extracting(WfResultValidator.Problem::code)
                .containsExactlyInAnyOrder("UNKNOWN_FIELD", "FORBIDDEN", "CLOSED_AT_IN_FUTURE");
    }

    private static JsonNode sample(String name) throws Exception {
        return MAPPER.readTree(Files.readString(Path.of("src/test/resources/samples/womens-federation/" + name)));
    }
}
