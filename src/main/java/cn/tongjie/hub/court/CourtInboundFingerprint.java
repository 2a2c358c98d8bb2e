package cn.tongjie.hub.court;

import cn.tongjie.hub.common.ErrorCode;
import cn.tongjie.hub.common.HubException;
import jakarta.activation.DataHandler;
import jakarta.xml.bind.annotation.adapters.CollapsedStringAdapter;
import jakarta.xml.bind.annotation.adapters.XmlJavaTypeAdapter;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import javax.xml.datatype.DatatypeConstants;
import javax.xml.datatype.XMLGregorianCalendar;

/**
 * "Same content" of contract §12 as a SHA-256: every child of the Body element except messageId and sentAt, after
 * schema normalisation. Walks the JAXB object instead of re-marshalling it, so the normalisation is explicit:
 * token-typed strings collapsed, date-times as instants, dates as dates, base64 content as its bytes (so line
 * breaks do not count), decimals by value; repeated elements keep their order. Members are visited in name order:
 * field reflection order is not guaranteed, and fingerprints are stored for 400 days across hub versions.
 */
final class CourtInboundFingerprint {

    private static final Set<String> HEADER = Set.of("messageId", "sentAt");

    private CourtInboundFingerprint() {
    }

    static String of(String operation, Object body) {
        StringBuilder out = new StringBuilder(operation).append('{');
        members(body, out, true);
        out.append('}');
        return CourtChecks.sha256Hex(out.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static void members(Object bean, StringBuilder out, boolean top) {
        List<Field> fields = Arrays.stream(bean.getClass().getDeclaredFields())
                .filter(f -> !Modifier.isStatic(f.getModifiers()))
                .sorted(Comparator.comparing(Field::getName)).toList();
        for (Field f : fields) {
            if (top && HEADER.contains(f.getName())) {
                continue;
            }
            Object v = get(f, bean);
            if (v == null || (v instanceof List<?> l && l.isEmpty())) {
                continue;
            }
            out.append(f.getName()).append('=');
            value(v, collapsed(f), out);
            out.append(';');
        }
    }

    private static void value(Object v, boolean collapse, StringBuilder out) {
        if (v instanceof String s) {
            String t = collapse ? s.strip().replaceAll("[ \\t\\r\\n]+", " ") : s;
            // length-prefixed, so no text can imitate the separators
            out.append(t.length()).append(':').append(t);
        } else if (v instanceof XMLGregorianCalendar x) {
            out.append(x.getHour() == DatatypeConstants.FIELD_UNDEFINED ? x.toXMLFormat()
                    : x.toGregorianCalendar().toInstant().toString());
        } else if (v instanceof DataHandler d) {
            out.append("sha256:").append(CourtChecks.sha256Hex(CourtChecks.bytes(d)));
        } else if (v instanceof BigDecimal b) {
            out.append(b.compareTo(BigDecimal.ZERO) == 0 ? "0" : b.stripTrailingZeros().toPlainString());
        } else if (v instanceof Enum<?> e) {
            out.append(e.name());
        } else if (v instanceof Number || v instanceof Boolean) {
            out.append(v);
        } else if (v instanceof List<?> list) {
            out.append('[');
            for (Object item : list) {
                value(item, collapse, out);
                out.append(',');
            }
            out.append(']');
        } else {
            out.append('{');
            members(v, out, false);
            out.append('}');
        }
    }

    private static boolean collapsed(Field f) {
        XmlJavaTypeAdapter a = f.getAnnotation(XmlJavaTypeAdapter.class);
        return a != null && a.value() == CollapsedStringAdapter.class;
    }

    private static Object get(Field f, Object bean) {
        try {
            f.setAccessible(true);
            return f.get(bean);
        } catch (IllegalAccessException | RuntimeException e) {
            throw new HubException(ErrorCode.TJ_INTERNAL, "cannot read " + f, e);
        }
    }
}
