package cn.tongjie.hub.simulator.legal;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/** The contract's time conventions: RFC 3339 with seconds and always +08:00 (README §2), Asia/Shanghai dates. */
final class Times {

    static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    static final ZoneOffset PLUS_8 = ZoneOffset.ofHours(8);
    /** {@code xxx} rather than {@code XXX}: never "Z", the contract rejects it. */
    private static final DateTimeFormatter RFC3339 = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ssxxx");

    private Times() {
    }

    static OffsetDateTime now(Clock clock) {
        return OffsetDateTime.ofInstant(clock.instant().truncatedTo(ChronoUnit.SECONDS), PLUS_8);
    }

    static LocalDate today(Clock clock) {
        return LocalDate.ofInstant(clock.instant(), SHANGHAI);
    }

    static String format(OffsetDateTime time) {
        return RFC3339.format(time.withOffsetSameInstant(PLUS_8));
    }

    static String format(Instant instant) {
        return format(OffsetDateTime.ofInstant(instant, PLUS_8));
    }
}
