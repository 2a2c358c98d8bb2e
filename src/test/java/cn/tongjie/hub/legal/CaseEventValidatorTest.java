package cn.tongjie.hub.legal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import cn.tongjie.hub.legal.CaseEventValidator.Problem;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Legal-service contract §7.1 (CaseEvent) as the hub checks it: the sample events and the contract's own way of
 * naming each problem ({@code field} as a dotted path, {@code code} as in the 400 body).
 */
class CaseEventValidatorTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SAMPLES = "samples/legal-service/";

    static Stream<Arguments> validSampleEvents() {
        List<Arguments> out = new ArrayList<>();
        for (String name : List.of("event-story-N-1-accepted.json", "event-story-N-2-mediator-assigned.json",
                "event-story-N-3-concluded-success.json", "event-story-N-4-follow-up.json",
                "event-story-G-1-accepted.json", "event-story-G-2-mediator-assigned.json",
                "event-story-G-3-concluded-failure.json", "event-declined-example.json",
                "invalid-event-same-id-different-content.json")) {
            out.add(Arguments.of(name, sample(name)));
        }
        JsonNode sequence = sample("event-sequence-out-of-order-story-N.json");
        assertThat(sequence.isArray()).isTrue();
        assertThat(sequence.size()).isEqualTo(6);
        for (int i = 0; i < sequence.size(); i++) {
            out.add(Arguments.of("event-sequence-out-of-order-story-N.json[" + i + "]", sequence.get(i)));
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("validSampleEvents")
    void shouldFindNoProblemInValidSampleEvent(String name, JsonNode event) {
        assertThat(CaseEventValidator.validate(event)).as(name).isEmpty();
    }

    @Test
    void shouldRequireAgreementNumberAndTextForSuccessfulConclusion() {
        List<Problem> problems = CaseEventValidator.validate(sample("invalid-event-success-without-agreement.json"));

        assertThat(problems).extracting(Problem::field, Problem::code).containsExactlyInAnyOrder(
                tuple("conclusion.agreementNo", "REQUIRED"),
                tuple("conclusion.agreementText", "REQUIRED"));
    }

    @Test
    void shouldReportUnknownEventTypeAsInvalidCode() {
        List<Problem> problems = CaseEventValidator.validate(sample("invalid-event-unknown-type.json"));

        assertThat(problems).extracting(Problem::field, Problem::code).containsExactly(tuple("eventType", "INVALID_CODE"));
    }

    @Test
    void shouldReportTimestampWithoutOffsetAsInvalidFormat() {
        List<Problem> problems = CaseEventValidator.validate(sample("invalid-event-timestamp-without-offset.json"));

        assertThat(problems).extracting(Problem::field, Problem::code).containsExactly(tuple("occurredAt", "INVALID_FORMAT"));
    }

    @Test
    void shouldReportUnknownTopLevelMemberAsUnknownField() {
        List<Problem> problems = CaseEventValidator.validate(edit("event-story-N-1-accepted.json",
                e -> e.put("priority", "HIGH")));

        assertThat(problems).extracting(Problem::field, Problem::code).containsExactly(tuple("priority", "UNKNOWN_FIELD"));
    }

    @Test
    void shouldReportUnknownNestedMemberAsUnknownFieldWithItsPath() {
        List<Problem> problems = CaseEventValidator.validate(edit("event-story-N-2-mediator-assigned.json",
                e -> ((ObjectNode) e.get("mediator")).put("title", "首席调解员")));

        assertThat(problems).extracting(Problem::field, Problem::code)
                .containsExactly(tuple("mediator.title", "UNKNOWN_FIELD"));
    }

    @Test
    void shouldForbidAgreementNumberInFailedConclusion() {
        List<Problem> problems = CaseEventValidator.validate(edit("event-story-G-3-concluded-failure.json",
                e -> ((ObjectNode) e.get("conclusion")).put("agreementNo", "(2027)舍伯吐调字第001号")));

        assertThat(problems).extracting(Problem::field, Problem::code)
                .containsExactly(tuple("conclusion.agreementNo", "FORBIDDEN"));
    }

    @Test
    void shouldForbidFailureReasonInSuccessfulConclusion() {
        List<Problem> problems = CaseEventValidator.validate(edit("event-story-N-3-concluded-success.json",
                e -> ((ObjectNode) e.get("conclusion")).put("failureReason", "无")));

        assertThat(problems).extracting(Problem::field, Problem::code)
                .containsExactly(tuple("conclusion.failureReason", "FORBIDDEN"));
    }

    @Test
    void shouldForbidMediatorInAcceptedEvent() {
        JsonNode mediator = sample("event-story-N-2-mediator-assigned.json").get("mediator");
        List<Problem> problems = CaseEventValidator.validate(edit("event-story-N-1-accepted.json",
                e -> e.set("mediator", mediator.deepCopy())));

        assertThat(problems).extracting(Problem::field, Problem::code).containsExactly(tuple("mediator", "FORBIDDEN"));
    }

    @Test
    void shouldForbidConclusionInAcceptedEvent() {
        JsonNode conclusion = sample("event-story-N-3-concluded-success.json").get("conclusion");
        List<Problem> problems = CaseEventValidator.validate(edit("event-story-N-1-accepted.json",
                e -> e.set("conclusion", conclusion.deepCopy())));

        assertThat(problems).extracting(Problem::field, Problem::code).containsExactly(tuple("conclusion", "FORBIDDEN"));
    }

    @Test
    void shouldForbidConclusionInFollowUpEvent() {
        JsonNode conclusion = sample("event-story-N-3-concluded-success.json").get("conclusion");
        List<Problem> problems = CaseEventValidator.validate(edit("event-story-N-4-follow-up.json",
                e -> e.set("conclusion", conclusion.deepCopy())));

        assertThat(problems).extracting(Problem::field, Problem::code).containsExactly(tuple("conclusion", "FORBIDDEN"));
    }

    @Test
    void shouldRequireMediatorInMediatorAssignedEvent() {
        List<Problem> problems = CaseEventValidator.validate(edit("event-story-N-2-mediator-assigned.json",
                e -> e.remove("mediator")));

        assertThat(problems).extracting(Problem::field, Problem::code).contains(tuple("mediator", "REQUIRED"));
    }

    @Test
    void shouldRequireExternalRefInEveryEvent() {
        List<Problem> problems = CaseEventValidator.validate(edit("event-story-N-1-accepted.json",
                e -> e.remove("externalRef")));

        assertThat(problems).extracting(Problem::field, Problem::code).containsExactly(tuple("externalRef", "REQUIRED"));
    }

    @Test
    void shouldReportUpperCaseEventIdAsInvalidFormat() {
        List<Problem> problems = CaseEventValidator.validate(edit("event-story-N-1-accepted.json",
                e -> e.put("eventId", e.get("eventId").asText().toUpperCase())));

        assertThat(problems).extracting(Problem::field, Problem::code).containsExactly(tuple("eventId", "INVALID_FORMAT"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-11-28T06:20:00Z", "2026-11-28T14:20:00+09:00", "2026-11-28T14:20+08:00",
            "2026-11-28T14:20:00.1234+08:00"})
    void shouldReportTimestampNotInPlus0800SecondsFormatAsInvalidFormat(String occurredAt) {
        List<Problem> problems = CaseEventValidator.validate(edit("event-story-N-1-accepted.json",
                e -> e.put("occurredAt", occurredAt)));

        assertThat(problems).extracting(Problem::field, Problem::code).containsExactly(tuple("occurredAt", "INVALID_FORMAT"));
    }

    @Test
    void shouldReportZuluConclusionTimeAsInvalidFormat() {
        List<Problem> problems = CaseEventValidator.validate(edit("event-story-N-3-concluded-success.json",
                e -> ((ObjectNode) e.get("conclusion")).put("concludedAt", "2026-12-03T08:40:00Z")));

        assertThat(problems).extracting(Problem::field, Problem::code)
                .containsExactly(tuple("conclusion.concludedAt", "INVALID_FORMAT"));
    }

    @Test
    void shouldReportImpossibleCalendarTimeAsInvalidFormat() {
        List<Problem> problems = CaseEventValidator.validate(edit("event-story-N-1-accepted.json",
                e -> e.put("occurredAt", "2026-02-30T14:20:00+08:00")));

        assertThat(problems).extracting(Problem::field, Problem::code).containsExactly(tuple("occurredAt", "INVALID_FORMAT"));
    }

    @Test
    void shouldAcceptMillisecondFraction() {
        assertThat(CaseEventValidator.validate(edit("event-story-N-1-accepted.json",
                e -> e.put("occurredAt", "2026-11-28T14:20:00.123+08:00")))).isEmpty();
    }

    @Test
    void shouldReportUnknownCommitteeAsInvalidCode() {
        List<Problem> problems = CaseEventValidator.validate(edit("event-story-N-1-accepted.json",
                e -> e.put("committeeCode", "TW15050299901")));

        assertThat(problems).extracting(Problem::field, Problem::code)
                .containsExactly(tuple("committeeCode", "INVALID_CODE"));
    }

    @Test
    void shouldCollectSeveralProblemsOfOneEvent() {
        List<Problem> problems = CaseEventValidator.validate(edit("event-story-N-1-accepted.json", e -> {
            e.put("eventId", "NOT-A-UUID");
            e.put("occurredAt", "2026-11-28T06:20:00Z");
            e.put("extra", true);
        }));

        assertThat(problems).extracting(Problem::field, Problem::code).contains(
                tuple("eventId", "INVALID_FORMAT"), tuple("occurredAt", "INVALID_FORMAT"), tuple("extra", "UNKNOWN_FIELD"));
    }

    private static JsonNode edit(String name, Consumer<ObjectNode> change) {
        ObjectNode e = (ObjectNode) sample(name);
        // the unedited sample is valid, so every problem found comes from the edit
        assertThat(CaseEventValidator.validate(e)).as(name).isEmpty();
        change.accept(e);
        return e;
    }

    private static JsonNode sample(String name) {
        try (InputStream in = CaseEventValidatorTest.class.getClassLoader().getResourceAsStream(SAMPLES + name)) {
            assertThat(in).as("sample " + name).isNotNull();
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
