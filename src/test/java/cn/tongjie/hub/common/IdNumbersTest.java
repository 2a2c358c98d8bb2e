package cn.tongjie.hub.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The worked examples and vectors of {@code common/id-numbers.md} (GB 11643, GB 32100 with the GB 11714 check) and
 * the whole common cast ({@code common/people.csv}, copied into the test classpath).
 */
class IdNumbersTest {

    // ------------------------------------------------------------------ GB 11643 resident ID numbers

    @ParameterizedTest
    @ValueSource(strings = {"15232319881231039X", "152301194604120317", "11010519491231002X", "440524188001010014"})
    void shouldAcceptDocumentedValidResidentIds(String id) {
        assertThat(IdNumbers.isValidResidentId(id)).as(id).isTrue();
        assertThat(IdNumbers.hasResidentIdShape(id)).as(id).isTrue();
        assertThat(IdNumbers.hasRealBirthDate(id)).as(id).isTrue();
    }

    @Test
    void shouldComputeCheckCharactersOfTheWorkedExamples() {
        // Worked example 1: S = 288, 288 mod 11 = 2 -> X
        assertThat(IdNumbers.residentIdCheckChar("15232319881231039")).isEqualTo('X');
        // Worked example 2: S = 214, 214 mod 11 = 5 -> 7
        assertThat(IdNumbers.residentIdCheckChar("15230119460412031")).isEqualTo('7');
        // The standard's own example: S = 167, r = 2 -> X
        assertThat(IdNumbers.residentIdCheckChar("11010519491231002")).isEqualTo('X');
        assertThat(IdNumbers.residentIdCheckChar("44052418800101001")).isEqualTo('4');
    }

    @Test
    void shouldRejectResidentIdWithWrongCheckCharacter() {
        assertThat(IdNumbers.isValidResidentId("152301194604120318")).isFalse();
        // well-formed and with a real date: a caller can tell a check-digit error from a format error
        assertThat(IdNumbers.hasResidentIdShape("152301194604120318")).isTrue();
        assertThat(IdNumbers.hasRealBirthDate("152301194604120318")).isTrue();
    }

    @Test
    void shouldRejectResidentIdWithImpossibleBirthDate() {
        // the document's vector (30 February)
        assertThat(IdNumbers.isValidResidentId("152301194602300317")).isFalse();
        assertThat(IdNumbers.hasRealBirthDate("152301194602300317")).isFalse();
        // 30 February with a check character that is right for its 17 digits: only the date makes it invalid
        assertThat(IdNumbers.residentIdCheckChar("15230119460230031")).isEqualTo('4');
        assertThat(IdNumbers.isValidResidentId("152301194602300314")).isFalse();
        // 29 February exists only in leap years
        assertThat(IdNumbers.hasRealBirthDate("152301198802290000")).isTrue();
        assertThat(IdNumbers.hasRealBirthDate("152301198702290000")).isFalse();
    }

    @Test
    void shouldRejectLowerCaseXInResidentId() {
        assertThat(IdNumbers.isValidResidentId("15232319881231039x")).isFalse();
        assertThat(IdNumbers.hasResidentIdShape("15232319881231039x")).isFalse();
        assertThat(IdNumbers.isValidResidentId("11010519491231002x")).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "15232319881231039", "15232319881231039XX", "152323198812310390X", "15232319881231O39X",
            "１52323198812310390", "152323880101001"})
    void shouldRejectResidentIdOfWrongShape(String id) {
        assertThat(IdNumbers.isValidResidentId(id)).as(id).isFalse();
        assertThat(IdNumbers.hasResidentIdShape(id)).as(id).isFalse();
    }

    @Test
    void shouldRejectNullResidentId() {
        assertThat(IdNumbers.isValidResidentId(null)).isFalse();
        assertThat(IdNumbers.hasResidentIdShape(null)).isFalse();
    }

    // ------------------------------------------------------------------ GB 32100 unified social credit codes

    @ParameterizedTest
    @ValueSource(strings = {"91150502MA0N3K7Q65", "33150502E01077351W", "91350100M000100Y43"})
    void shouldAcceptDocumentedValidUsccs(String code) {
        assertThat(IdNumbers.isValidUscc(code)).as(code).isTrue();
    }

    @Test
    void shouldComputeOrganisationCodeCheckOfWorkedExample() {
        // Worked example 3: sum 621, 621 mod 11 = 5, 11 - 5 = 6
        assertThat(IdNumbers.orgCodeCheckChar("MA0N3K7Q")).isEqualTo('6');
        assertThat(IdNumbers.orgCodeCheckChar("M000100Y")).isEqualTo('4');
    }

    @Test
    void shouldRejectUsccWithWrongUsccCheckCharacter() {
        assertThat(IdNumbers.isValidUscc("91150502MA0N3K7Q66")).isFalse();
        assertThat(IdNumbers.isValidUscc("33150502E01077351X")).isFalse();
        assertThat(IdNumbers.isValidUscc("91350100M000100Y44")).isFalse();
    }

    @ParameterizedTest
    // Position 17 (GB 11714) is wrong but position 18 was recomputed over it, so only a strict validator notices.
    @ValueSource(strings = {"91150502MA0N3K7Q52", "91150502MA0N3K7Q78", "91150502MA0N3K7Q0J", "91350100M000100Y56"})
    void shouldRejectUsccWithWrongOrganisationCodeCheckAtPosition17(String code) {
        assertThat(IdNumbers.isValidUscc(code)).as(code).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"I", "O", "S", "V", "Z"})
    void shouldRejectUsccContainingLettersOutsideTheCharacterSet(String letter) {
        // at the organisation-code body, at the check position and at the registration authority
        assertThat(IdNumbers.isValidUscc("91150502" + letter + "A0N3K7Q65")).isFalse();
        assertThat(IdNumbers.isValidUscc("91150502MA0N3K7Q6" + letter)).isFalse();
        assertThat(IdNumbers.isValidUscc(letter + "1150502MA0N3K7Q65")).isFalse();
    }

    @Test
    void shouldRejectLowerCaseOrMalformedUscc() {
        assertThat(IdNumbers.isValidUscc("91150502ma0n3k7q65")).isFalse();
        assertThat(IdNumbers.isValidUscc("33150502E01077351w")).isFalse();
        assertThat(IdNumbers.isValidUscc("91150502MA0N3K7Q6")).isFalse();
        assertThat(IdNumbers.isValidUscc("91150502MA0N3K7Q655")).isFalse();
        assertThat(IdNumbers.isValidUscc("")).isFalse();
        assertThat(IdNumbers.isValidUscc(null)).isFalse();
    }

    // ------------------------------------------------------------------ the common cast

    @Test
    void shouldAcceptEveryIdNumberOfTheCommonCast() throws IOException {
        List<Map<String, String>> people = readCsv("common/people.csv");
        List<String> persons = new ArrayList<>();
        List<String> orgs = new ArrayList<>();
        for (Map<String, String> row : people) {
            String key = row.get("key");
            String number = row.get("id_number");
            switch (row.get("id_type")) {
                case "RESIDENT_ID" -> {
                    assertThat(IdNumbers.isValidResidentId(number)).as(key + " " + number).isTrue();
                    // the embedded birth date is the birth_date column
                    assertThat(number.substring(6, 14)).as(key).isEqualTo(row.get("birth_date").replace("-", ""));
                    persons.add(key);
                }
                case "USCC" -> {
                    assertThat(IdNumbers.isValidUscc(number)).as(key + " " + number).isTrue();
                    orgs.add(key);
                }
                default -> throw new AssertionError("unexpected id_type in " + key + ": " + row.get("id_type"));
            }
        }
        assertThat(persons).hasSize(49).contains("P06", "P17", "P19", "P31");
        assertThat(orgs).hasSize(10).contains("O01", "O08");
    }

    /** Minimal RFC 4180 reader: quoted fields may contain commas and doubled quotes. */
    private static List<Map<String, String>> readCsv(String resource) throws IOException {
        InputStream in = IdNumbersTest.class.getClassLoader().getResourceAsStream(resource);
        assertThat(in).as("classpath resource " + resource).isNotNull();
        List<Map<String, String>> rows = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            List<String> header = split(r.readLine());
            String line;
            while ((line = r.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                List<String> cells = split(line);
                assertThat(cells).as(line).hasSameSizeAs(header);
                Map<String, String> row = new LinkedHashMap<>();
                for (int i = 0; i < header.size(); i++) {
                    row.put(header.get(i), cells.get(i));
                }
                rows.add(row);
            }
        }
        return rows;
    }

    private static List<String> split(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    cell.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    cell.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                out.add(cell.toString());
                cell.setLength(0);
            } else {
                cell.append(c);
            }
        }
        out.add(cell.toString());
        return out;
    }
}
