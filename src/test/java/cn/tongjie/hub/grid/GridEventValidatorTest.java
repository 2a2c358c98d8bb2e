package cn.tongjie.hub.grid;

import static org.assertj.core.api.Assertions.assertThat;

import cn.tongjie.hub.grid.GridEventValidator.FieldError;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Grid contract §5.1/§5.2 via the contract's valid and invalid samples, plus rules the samples do not show. */
class GridEventValidatorTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    static ObjectNode sample(String name) throws IOException {
        return (ObjectNode) JSON.readTree(GridSignatureTest.sample(name));
    }

    @ParameterizedTest
    @ValueSource(strings = {"event-story-N-neighbour-0402.json", "event-story-M-marriage-0401.json",
            "event-minimal-0405-with-org-party.json", "invalid-conflict-same-event-id.json",
            "signed-request-event.body.json"})
    void validSamplesPass(String file) throws IOException {
        assertThat(GridEventValidator.validate(sample(file))).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({
            "invalid-grid-code-14-digits.json, grid_code, FORMAT",
            "invalid-event-type-not-dispute.json, event_type, NOT_A_DISPUTE",
            "invalid-reported-at-without-offset.json, reported_at, FORMAT",
            "invalid-urgency-0.json, urgency, RANGE",
            "invalid-party-id-check-digit.json, parties[1].id_number, CHECK_DIGIT"})
    void invalidSamplesGiveExactlyTheRequiredError(String file, String field, String reason) throws IOException {
        assertThat(GridEventValidator.validate(sample(file))).containsExactly(new FieldError(field, reason));
    }

    @Test
    void everyBadFieldIsReportedTogether() throws IOException {
        ObjectNode e = sample("event-story-N-neighbour-0402.json");
        e.put("grid_code", "150999001001001").put("event_type", "0413").put("reported_at", "2026-11-28T00:55:00Z");
        ((ObjectNode) e.get("location")).remove("lon");
        e.remove("title");
        e.put("persons_involved", 10000);
        assertThat(GridEventValidator.validate(e)).containsExactlyInAnyOrder(
                new FieldError("grid_code", "CODE_UNKNOWN"), new FieldError("event_type", "CODE_UNKNOWN"),
                new FieldError("reported_at", "FORMAT"), new FieldError("location.lon", "CONDITIONAL_REQUIRED"),
                new FieldError("title", "REQUIRED"), new FieldError("persons_involved", "RANGE"));
    }

    @Test
    void gridNumberZeroTenPhotosAndUnknownMembers() throws IOException {
        ObjectNode e = sample("event-story-N-neighbour-0402.json");
        e.put("grid_code", "150502001001000").put("something_new", "tolerated");
        var photos = e.putArray("photos");
        for (int i = 0; i < 10; i++) {
            photos.add("https://wg.example/p" + i + ".jpg");
        }
        assertThat(GridEventValidator.validate(e)).containsExactlyInAnyOrder(new FieldError("grid_code", "FORMAT"),
                new FieldError("photos", "LENGTH"));
    }

    @Test
    void offsetOtherThanPlusEightAndCompactOffsetAreFormatErrors() throws IOException {
        for (String ts : new String[] {"2026-11-28T08:55:00+0800", "2026-11-28T08:55:00+09:00", "2026-11-28 08:55:00+08:00"}) {
            JsonNode e = sample("event-story-M-marriage-0401.json").put("occurred_at", ts);
            assertThat(GridEventValidator.validate(e)).containsExactly(new FieldError("occurred_at", "FORMAT"));
        }
    }
}
