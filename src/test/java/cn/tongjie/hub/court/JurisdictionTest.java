package cn.tongjie.hub.court;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Contract §15 as data (codes/court-codes.csv): the basic court of a mediation organisation's region. */
class JurisdictionTest {

    private final Jurisdiction jurisdiction = new Jurisdiction();

    @ParameterizedTest
    @CsvSource({"150502,内0502", "150502001,内0502", "150571,内0502", "150571001,内0502", "150521101,内0521",
            "150522100,内0522", "150523100,内0523", "150524,内0524", "150525100,内0525", "150526100,内0526",
            "150581001,内0581", "150523100001,内0523"})
    void shouldNameTheBasicCourtOfTheRegion(String region, String court) {
        assertThat(jurisdiction.courtOf(region)).contains(court);
    }

    @ParameterizedTest
    @ValueSource(strings = {"150500", "150500001", "110101", "1505", "", "15052A"})
    void shouldNameNoCourtForCityLevelForeignOrMalformedRegionsSoTheOperatorMustChooseACounty(String region) {
        assertThat(jurisdiction.courtOf(region)).isEmpty();
    }

    @Test
    void shouldNameNoCourtWithoutRegion() {
        assertThat(jurisdiction.courtOf(null)).isEmpty();
    }

    @Test
    void shouldKnowTheContractsCauseNamesAndNoOthers() {
        assertThat(jurisdiction.causeName("0104")).contains("赡养纠纷");
        assertThat(jurisdiction.causeName("0201")).contains("相邻关系纠纷");
        assertThat(jurisdiction.causeName("0999")).isEmpty();
    }

    @Test
    void shouldMapEveryDefaultCauseOfACategoryToACodeInTheTable() {
        CourtTransfers.CAUSE_OF_CATEGORY.values()
                .forEach(code -> assertThat(jurisdiction.causeName(code)).as(code).isPresent());
        assertThat(jurisdiction.causeName(CourtTransfers.causeOfCategory("CONSUMER"))).contains("其他民事纠纷");
    }
}
