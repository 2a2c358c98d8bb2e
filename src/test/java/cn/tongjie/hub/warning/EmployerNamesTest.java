package cn.tongjie.hub.warning;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which employer a report names, when it gives a 统一社会信用代码 and when it only gives a name. */
class EmployerNamesTest {

    @Test
    void shouldMatchSpellingVariantsOfOneCompany() {
        String reference = EmployerNames.normalise("通辽市鑫达建筑工程有限公司");
        assertThat(EmployerNames.normalise("通辽市鑫达建筑工程有限责任公司")).isEqualTo(reference);
        assertThat(EmployerNames.normalise(" 通辽市 鑫达建筑工程　有限公司 ")).isEqualTo(reference);
        assertThat(EmployerNames.normalise("通辽市鑫达建筑工程公司")).isEqualTo(reference);
        assertThat(EmployerNames.normalise("（通辽市）鑫达建筑工程有限公司")).isEqualTo(reference);
        assertThat(EmployerNames.normalise("ＡＢＣ建筑有限公司")).isEqualTo(EmployerNames.normalise("abc建筑有限公司"));
    }

    @Test
    void shouldKeepDifferentCompaniesApart() {
        assertThat(EmployerNames.normalise("通辽市鑫达建筑工程有限公司"))
                .isNotEqualTo(EmployerNames.normalise("霍林郭勒市鑫达建筑工程有限公司"))
                .isNotEqualTo(EmployerNames.normalise("通辽市鑫达建材有限公司"));
        assertThat(EmployerNames.normalise("公司")).isNull();
        assertThat(EmployerNames.normalise(null)).isNull();
    }

    @Test
    void shouldAcceptOnlyWellFormedCreditCodes() {
        assertThat(EmployerNames.uscc("91150502ma0n3k7q65")).isEqualTo("91150502MA0N3K7Q65");
        assertThat(EmployerNames.uscc("９１150502MA0N3K7Q65")).isEqualTo("91150502MA0N3K7Q65");
        // every organisation code of the contracts' fictional people list carries a valid check character
        for (String code : List.of("91150500MA0M6L4B29", "911505027013826543", "91150502MA0P2R8T2N",
                "92150523MA0R1D5C28", "93150525MA0Q8H2E86")) {
            assertThat(EmployerNames.uscc(code)).as(code).isEqualTo(code);
        }
        assertThat(EmployerNames.uscc("91150502MA0N3K7Q66")).as("wrong check character").isNull();
        assertThat(EmployerNames.uscc("152301197412050311")).isNull(); // a person's ID number is no credit code
        assertThat(EmployerNames.uscc("")).isNull();
    }

    @Test
    void shouldTakeTheEmployerOfStoryLFromEachChannel() {
        OffsetDateTime at = OffsetDateTime.parse("2026-11-28T10:00:00+08:00");
        Observation police = Observation.of("P", "LABOUR", "police", List.of(WorkerCountTest.POLICE), at);
        Observation petition = Observation.of("Q", "LABOUR", "petition", List.of(WorkerCountTest.PETITION), at);

        assertThat(police.employerCode()).isNull();
        assertThat(police.employerName()).isEqualTo("通辽市鑫达建筑工程有限公司");
        assertThat(petition.employerCode()).isEqualTo("91150502MA0N3K7Q65");
        assertThat(police.employerNorm()).isEqualTo(petition.employerNorm());
        assertThat(police.township()).isEqualTo("150581001");
        assertThat(police.observedAt()).isEqualTo(OffsetDateTime.parse("2026-11-25T11:05:00+08:00"));
    }

    @Test
    void shouldKnowNoTownshipForCountyLevelCodes() {
        assertThat(Observation.township("150581")).isNull();
        assertThat(Observation.township("150581000000")).isNull();
        assertThat(Observation.township("150523100201")).isEqualTo("150523100");
    }
}
