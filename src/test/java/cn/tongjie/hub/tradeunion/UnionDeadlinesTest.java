package cn.tongjie.hub.tradeunion;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.ZoneId;
import java.time.ZonedDateTime;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** §5.1/§8: the union's reading delay counts only its working hours (Mon–Fri 08:00–18:00 Beijing time). */
class UnionDeadlinesTest {

    private static final ZoneId BJ = ZoneId.of("Asia/Shanghai");

    @ParameterizedTest(name = "uploaded {0} → late from {1}")
    @CsvSource({
            // Friday evening: Monday and Tuesday are the two working days
            "2026-12-04T19:00, 2026-12-08T18:00",
            // Monday 09:30: two full working days later is Wednesday 09:30
            "2026-12-07T09:30, 2026-12-09T09:30",
            // Tuesday 07:00 (before opening) counts from 08:00
            "2026-12-08T07:00, 2026-12-09T18:00",
            // Thursday 17:00: 1 h Thursday + 10 h Friday, then 9 h to Monday 17:00
            "2026-12-10T17:00, 2026-12-14T17:00",
            // Saturday: from Monday 08:00
            "2026-12-05T11:00, 2026-12-08T18:00"})
    void shouldCountOnlyTheUnionsWorkingHours(String uploaded, String late) {
        ZonedDateTime from = java.time.LocalDateTime.parse(uploaded).atZone(BJ);
        assertThat(UnionDeadlines.afterWorkingDays(from, 2)).isEqualTo(java.time.LocalDateTime.parse(late).atZone(BJ));
    }
}
