package cn.tongjie.hub.petition;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** §5.1–§5.3 against the contract's samples and the rules the samples do not cover. */
class PushValidatorTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    static JsonNode sample(String name) throws IOException {
        return MAPPER.readTree(PetitionSignatureTest.SAMPLES.resolve(name).toFile());
    }

    static List<String> problems(JsonNode push) {
        return PushValidator.validate(push).stream().map(p -> p.zd() + " " + p.cwdm()).toList();
    }

    @ParameterizedTest
    @ValueSource(strings = {"push-story-L-mass-wage-collective-visit.json", "push-story-G-grassland-boundary-online.json",
            "push-letter-minimal.json", "push-letter-minimal-retry-duplicate.json",
            "invalid-conflict-same-xfjbh-different-content.json", "signed-request-push.body.json"})
    void validSamplesHaveNoProblems(String name) throws IOException {
        assertThat(problems(sample(name))).isEmpty();
    }

    @Test
    void shouldAcceptPlainHttpAttachmentUrlsOnlyUnderAPlainHttpPetitionBase() throws IOException {
        ObjectNode push = (ObjectNode) sample("push-story-G-grassland-boundary-online.json");
        ((ObjectNode) push.withArray("fj").get(0)).put("xzdz", "http://127.0.0.1:8080/sim/xf/api/v1/files/7f3c");
        assertThat(PushValidator.validate(push, "http://127.0.0.1:8080/sim")).isEmpty();
        // production: the base is https, and §5.5 wants https://
        assertThat(PushValidator.validate(push, "https://xf.tongliao.example/xfpt")).extracting(PushValidator.Problem::zd)
                .containsExactly("fj[0].xzdz");
        // a plain-http base does not open other plain-http hosts
        assertThat(PushValidator.validate(push, "http://127.0.0.1:9999/sim")).extracting(PushValidator.Problem::zd)
                .containsExactly("fj[0].xzdz");
    }

    @Test
    void severalBadFieldsAreAllReportedInOneAnswer() throws IOException {
        assertThat(problems(sample("invalid-several-bad-fields.json")))
                .containsExactlyInAnyOrder("xfrq FORMAT", "nrfl CODE_UNKNOWN", "lxdh FORMAT", "rs RANGE");
    }

    @Test
    void wrongIdCheckCharacterIsCheckDigit() throws IOException {
        assertThat(problems(sample("invalid-bad-id-check-digit.json"))).containsExactly("sfzh CHECK_DIGIT");
    }

    @Test
    void sfjfNIsNotAllowed() throws IOException {
        assertThat(problems(sample("invalid-sfjf-n.json"))).containsExactly("sfjf VALUE_NOT_ALLOWED");
    }

    @Test
    void visitWithoutIdNumberIsConditionalRequired() throws IOException {
        assertThat(problems(sample("invalid-visit-without-sfzh.json"))).containsExactly("sfzh CONDITIONAL_REQUIRED");
    }

    @Test
    void regionOutsideTongliaoIsCodeUnknown() throws IOException {
        assertThat(problems(sample("invalid-sjdq-outside-tongliao.json"))).containsExactly("sjdq CODE_UNKNOWN");
    }

    @Test
    void nullIsAbsentButEmptyStringIsFormat() throws IOException {
        ObjectNode p = (ObjectNode) sample("push-letter-minimal.json");
        p.putNull("xfrxb");
        p.putNull("sfzh");
        p.put("xfrdz", "");
        p.putNull("djjgmc");
        assertThat(problems(p)).containsExactlyInAnyOrder("xfrdz FORMAT", "djjgmc REQUIRED");
    }

    @Test
    void lowerCaseXInIdNumberIsFormatAndImpossibleDateIsFormat() throws IOException {
        ObjectNode p = (ObjectNode) sample("push-letter-minimal.json");
        p.put("sfzh", "15052119800101001x");
        p.put("djsj", "2026-02-30 10:00:00");
        assertThat(problems(p)).containsExactlyInAnyOrder("sfzh FORMAT", "djsj FORMAT");
    }

    @Test
    void nestedItemsReportTheirPath() throws IOException {
        ObjectNode p = (ObjectNode) sample("push-story-L-mass-wage-collective-visit.json");
        ((ObjectNode) p.get("qtxfr").get(1)).put("sfzh", "152321197803140134");
        ((ObjectNode) p.get("bdr").get(0)).put("zjhm", "152321196307070119"); // a person's ID for a company
        p.put("sfcf", "X");
        assertThat(problems(p)).containsExactlyInAnyOrder("qtxfr[1].sfzh CHECK_DIGIT", "bdr[0].zjhm FORMAT",
                "sfcf FORMAT");
    }

    @Test
    void namesCountCodePointsSoNonBmpCharactersFit() throws IOException {
        ObjectNode p = (ObjectNode) sample("push-letter-minimal.json");
        p.put("xfrxm", "𠮷".repeat(50));
        assertThat(problems(p)).isEmpty();
        p.put("xfrxm", "𠮷".repeat(51));
        assertThat(problems(p)).containsExactly("xfrxm LENGTH");
    }

    @Test
    void unknownMembersAreTolerated() throws IOException {
        ObjectNode p = (ObjectNode) sample("push-letter-minimal.json");
        p.put("xinziduan", "任意");
        assertThat(problems(p)).isEmpty();
    }
}
