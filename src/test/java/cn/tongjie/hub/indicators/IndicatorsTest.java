package cn.tongjie.hub.indicators;

import static org.assertj.core.api.Assertions.assertThat;

import cn.tongjie.hub.indicators.Indicators.CaseFiled;
import cn.tongjie.hub.indicators.Indicators.Conclusion;
import cn.tongjie.hub.indicators.Indicators.DelegationReceived;
import cn.tongjie.hub.indicators.Indicators.DelegationResult;
import java.io.FileInputStream;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The six formulas on a hand-built data set, including the rule that 开发区 (150571) is part of 科尔沁区 (150502). */
class IndicatorsTest {

    private static final LocalDate FROM = LocalDate.parse("2026-01-01");
    private static final LocalDate TO = LocalDate.parse("2026-06-30");

    private static Population population() throws Exception {
        return Population.read(new FileInputStream("config/population.yaml"), "config/population.yaml");
    }

    private static OffsetDateTime at(String s) {
        return OffsetDateTime.parse(s);
    }

    private static Indicators.Facts facts() {
        return new Indicators.Facts(
                List.of(
                        // 科尔沁区 proper: two civil first-instance cases, one received twice (full-width and ASCII)
                        new CaseFiled("（2026）内0502民初100号", "150502001", at("2026-02-01T10:00:00+08:00")),
                        new CaseFiled("(2026)内0502民初100号", "150502001", at("2026-03-01T10:00:00+08:00")),
                        new CaseFiled("(2026)内0502行初7号", "150502", at("2026-03-02T10:00:00+08:00")),
                        // 开发区: one case — counts for 150571 AND 150502, once for the city
                        new CaseFiled("(2026)内0502民初200号", "150571001", at("2026-04-01T10:00:00+08:00")),
                        // 奈曼旗: a 民诉前调 number is no first-instance filing; a 民初 one before the period
                        new CaseFiled("(2026)内0525民诉前调5号", "150525", at("2026-04-01T10:00:00+08:00")),
                        new CaseFiled("(2025)内0525民初9号", "150525", at("2025-12-31T23:59:00+08:00")),
                        // 中院 without a dispute region: the city only
                        new CaseFiled("(2026)内05民初1号", "1505", at("2026-05-01T10:00:00+08:00"))),
                List.of(
                        new DelegationReceived("150502", at("2026-01-10T09:00:00+08:00"), true),
                        new DelegationReceived("150571", at("2026-01-11T09:00:00+08:00"), true),
                        new DelegationReceived("150571", at("2026-01-12T09:00:00+08:00"), false),
                        new DelegationReceived("150525", at("2026-07-01T00:00:00+08:00"), true)), // after the period
                List.of(
                        new DelegationResult("150502", at("2026-02-10T09:00:00+08:00"), "SUCCESS"),
                        new DelegationResult("150571", at("2026-02-11T09:00:00+08:00"), "FAILURE"),
                        new DelegationResult("150571", at("2026-02-12T09:00:00+08:00"), "TIMEOUT"),
                        new DelegationResult("150502", at("2026-02-13T09:00:00+08:00"), "WITHDRAWN")),
                List.of(
                        // 科尔沁区: agreement with 司法确认, performed; 10 days
                        new Conclusion("TJ-1", "150502002", at("2026-03-01T10:00:00+08:00"),
                                at("2026-03-11T10:00:00+08:00"), true, true, true),
                        // 开发区: agreement without application, follow-up says not performed; 5 days
                        new Conclusion("TJ-2", "150571001", at("2026-03-01T10:00:00+08:00"),
                                at("2026-03-06T10:00:00+08:00"), true, false, false),
                        // 开发区: failed mediation, 3 days
                        new Conclusion("TJ-3", "150571", at("2026-03-01T10:00:00+08:00"),
                                at("2026-03-04T10:00:00+08:00"), false, false, null),
                        // 奈曼旗: agreement without follow-up, 1 day
                        new Conclusion("TJ-4", "150525", at("2026-06-29T10:00:00+08:00"),
                                at("2026-06-30T10:00:00+08:00"), true, false, null)));
    }

    private static Indicators.Row row(Indicators.Report r, String code) {
        return r.rows().stream().filter(x -> x.regionCode().equals(code)).findFirst().orElseThrow();
    }

    private static Indicators.Value value(Indicators.Row row, String key) {
        return row.indicators().stream().filter(v -> v.key().equals(key)).findFirst().orElseThrow();
    }

    private static void assertRatio(Indicators.Value v, long numerator, long denominator, String value) {
        assertThat(v.numerator()).isEqualByComparingTo(BigDecimal.valueOf(numerator));
        assertThat(v.denominator()).isEqualByComparingTo(BigDecimal.valueOf(denominator));
        if (value == null) {
            assertThat(v.value()).isNull();
            assertThat(v.note()).startsWith("n/a");
        } else {
            assertThat(v.value()).isEqualByComparingTo(new BigDecimal(value));
        }
    }

    @Test
    void shouldCountDevelopmentZoneInKorqinAndOnceInTheCityTotal() throws Exception {
        Indicators.Report r = Indicators.compute(population(), facts(), FROM, TO, null);

        // 科尔沁区: 民初100 (once), 行初7, 民初200 from 开发区 = 3 cases on 921,800 people
        assertRatio(value(row(r, "150502"), "litigationRate"), 3, 921_800, "0.03");
        assertRatio(value(row(r, "150571"), "litigationRate"), 1, 203_100, "0.05");
        // city: the four cases once each (中院's included), on the city's census figure — not the sum of the rows
        assertRatio(value(row(r, "150500"), "litigationRate"), 4, 2_873_168, "0.01");
        assertRatio(value(row(r, "150525"), "litigationRate"), 0, 375_300, "0.00");
        assertThat(r.rows().get(r.rows().size() - 1).regionCode()).isEqualTo("150500");
        assertThat(row(r, "150571").partOf()).isEqualTo("150502");
    }

    @Test
    void shouldComputeMediationRatesFromDelegationsAndConclusions() throws Exception {
        Indicators.Report r = Indicators.compute(population(), facts(), FROM, TO, null);
        Indicators.Row korqin = row(r, "150502");
        Indicators.Row zone = row(r, "150571");
        Indicators.Row city = row(r, "150500");

        // 诉前调解成功率: SUCCESS ÷ (SUCCESS + FAILURE + TIMEOUT); WITHDRAWN is no conclusion
        assertRatio(value(korqin, "preLitigationMediationSuccessRate"), 1, 3, "33.33");
        assertRatio(value(zone, "preLitigationMediationSuccessRate"), 0, 2, "0.00");
        // 接收委派调解率: accepted ÷ received, only those received in the period
        assertRatio(value(korqin, "delegationAcceptanceRate"), 2, 3, "66.67");
        assertRatio(value(city, "delegationAcceptanceRate"), 2, 3, "66.67");
        assertRatio(value(row(r, "150525"), "delegationAcceptanceRate"), 0, 0, null);
        // 司法确认率: agreements with an application ÷ agreements
        assertRatio(value(korqin, "judicialConfirmationRate"), 1, 2, "50.00");
        assertRatio(value(city, "judicialConfirmationRate"), 1, 3, "33.33");
        // 自动履行率: performed ÷ agreements with a follow-up (奈曼旗's has none: n/a there)
        assertRatio(value(korqin, "automaticPerformanceRate"), 1, 2, "50.00");
        assertRatio(value(row(r, "150525"), "automaticPerformanceRate"), 0, 0, null);
        // 平均化解时长: (10 + 5 + 3) / 3 = 6 days in 科尔沁区; city (10 + 5 + 3 + 1) / 4 = 4.75
        Indicators.Value days = value(korqin, "meanResolutionDays");
        assertThat(days.numerator()).isEqualByComparingTo("18");
        assertThat(days.value()).isEqualByComparingTo("6.00");
        assertThat(value(city, "meanResolutionDays").value()).isEqualByComparingTo("4.75");
        assertThat(value(zone, "meanResolutionDays").value()).isEqualByComparingTo("4.00");
    }

    @Test
    void shouldGiveEveryIndicatorItsFormulaAndNotApplicableWithReasonWhenNothingHappened() throws Exception {
        Indicators.Report r = Indicators.compute(population(), new Indicators.Facts(List.of(), List.of(), List.of(),
                List.of()), FROM, TO, "150524");

        assertThat(r.rows()).singleElement().satisfies(row -> {
            assertThat(row.regionName()).isEqualTo("库伦旗");
            assertThat(row.indicators()).extracting(Indicators.Value::name).containsExactly("万人成讼率",
                    "诉前调解成功率", "接收委派调解率", "司法确认率", "自动履行率", "平均化解时长");
            assertThat(row.indicators()).allSatisfy(v -> assertThat(v.formula()).startsWith(v.name() + " = "));
            assertThat(row.indicators().subList(1, 6)).allSatisfy(v -> {
                assertThat(v.value()).isNull();
                assertThat(v.note()).startsWith("n/a: ");
            });
        });
    }

    @Test
    void shouldExportOneCsvLinePerRegionAndIndicatorWithQuotedFormulas() throws Exception {
        String csv = IndicatorsCsv.write(Indicators.compute(population(), facts(), FROM, TO, null));

        String[] lines = csv.substring(1).split("\r\n");
        assertThat(csv).startsWith("\uFEFF" + IndicatorsCsv.HEADER);
        assertThat(lines).hasSize(1 + 10 * 6);
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("150571,通辽经济技术开发区,203100,150502,万人成讼率,")
                .contains(",1,常住人口（2020年第七次人口普查）,203100,0.05,件/万人,"));
        assertThat(IndicatorsCsv.quote("a,\"b\"")).isEqualTo("\"a,\"\"b\"\"\"");
    }
}
