package cn.tongjie.hub.court;

import cn.tongjie.hub.common.ErrorCode;
import cn.tongjie.hub.common.HubException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import javax.xml.datatype.DatatypeConfigurationException;
import javax.xml.datatype.DatatypeConstants;
import javax.xml.datatype.DatatypeFactory;
import javax.xml.datatype.XMLGregorianCalendar;

/**
 * Date-time conversions for the court contract (§5): body date-times carry an explicit {@code +08:00} and at most
 * millisecond precision; dates are Beijing dates. Never {@code Z} in the body (contract §18).
 */
public final class CourtTimes {

    public static final ZoneOffset BEIJING = ZoneOffset.ofHours(8);
    private static final DatatypeFactory FACTORY = factory();

    private CourtTimes() {
    }

    public static OffsetDateTime toInstant(XMLGregorianCalendar x) {
        return x == null ? null : x.toGregorianCalendar().toZonedDateTime().toOffsetDateTime()
                .withOffsetSameInstant(BEIJING);
    }

    /** The instant as {@code 2026-03-09T23:59:59+08:00} (milliseconds only when not zero). */
    public static XMLGregorianCalendar toXml(OffsetDateTime t) {
        OffsetDateTime b = t.withOffsetSameInstant(BEIJING).truncatedTo(ChronoUnit.MILLIS);
        XMLGregorianCalendar x = FACTORY.newXMLGregorianCalendar(b.getYear(), b.getMonthValue(), b.getDayOfMonth(),
                b.getHour(), b.getMinute(), b.getSecond(), DatatypeConstants.FIELD_UNDEFINED, 8 * 60);
        if (b.getNano() != 0) {
            x.setMillisecond(b.getNano() / 1_000_000);
        }
        return x;
    }

    public static XMLGregorianCalendar toXml(Instant t) {
        return toXml(t.atOffset(BEIJING));
    }

    public static LocalDate toDate(XMLGregorianCalendar x) {
        return x == null ? null : LocalDate.of(x.getYear(), x.getMonth(), x.getDay());
    }

    public static XMLGregorianCalendar toXmlDate(LocalDate d) {
        return FACTORY.newXMLGregorianCalendarDate(d.getYear(), d.getMonthValue(), d.getDayOfMonth(),
                DatatypeConstants.FIELD_UNDEFINED);
    }

    /** The Beijing calendar date of an instant. */
    public static LocalDate beijingDate(OffsetDateTime t) {
        return t.withOffsetSameInstant(BEIJING).toLocalDate();
    }

    private static DatatypeFactory factory() {
        try {
            return DatatypeFactory.newInstance();
        } catch (DatatypeConfigurationException e) {
            throw new HubException(ErrorCode.TJ_INTERNAL, "no XML datatype factory", e);
        }
    }
}
