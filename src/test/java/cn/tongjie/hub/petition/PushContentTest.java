package cn.tongjie.hub.petition;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/** §5.4 "content": tssj ignored, order/whitespace/number form/null-vs-absent do not matter, everything else does. */
class PushContentTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Test
    void retrySampleDiffersOnlyInTssjAndHasTheSameContent() throws IOException {
        assertThat(PushContent.of(PushValidatorTest.sample("push-letter-minimal-retry-duplicate.json")))
                .isEqualTo(PushContent.of(PushValidatorTest.sample("push-letter-minimal.json")));
    }

    @Test
    void conflictSampleHasOtherContent() throws IOException {
        assertThat(PushContent.of(PushValidatorTest.sample("invalid-conflict-same-xfjbh-different-content.json")))
                .isNotEqualTo(PushContent.of(PushValidatorTest.sample("push-letter-minimal.json")));
    }

    @Test
    void memberOrderNumberFormAndNullDoNotMatter() throws IOException {
        assertThat(PushContent.of(MAPPER.readTree("{\"a\":\"x\",\"rs\":1,\"mz\":null,\"tssj\":\"1\"}")))
                .isEqualTo(PushContent.of(MAPPER.readTree("{ \"rs\" : 1.0e0, \"a\":\"x\" }")));
    }

    @Test
    void unknownMembersAndUnnormalisedStringsArePartOfTheContent() throws IOException {
        assertThat(PushContent.of(MAPPER.readTree("{\"a\":\"x\",\"extra\":1}")))
                .isNotEqualTo(PushContent.of(MAPPER.readTree("{\"a\":\"x\"}")));
        // é precomposed vs e + combining acute: code points differ, so the content differs
        assertThat(PushContent.of(MAPPER.readTree("{\"a\":\"\u00e9\"}")))
                .isNotEqualTo(PushContent.of(MAPPER.readTree("{\"a\":\"e\u0301\"}")));
    }
}
