package cn.tongjie.hub.indicators;

import java.math.BigDecimal;

/** CSV export of an indicators report: one line per region and indicator (RFC 4180, UTF-8 with BOM for Excel). */
final class IndicatorsCsv {

    static final String HEADER = "区划代码,区划名称,常住人口,所属区划,指标,公式,分子说明,分子,分母说明,分母,值,单位,说明,统计期起,统计期止";

    private IndicatorsCsv() {
    }

    static String write(Indicators.Report report) {
        StringBuilder out = new StringBuilder("\uFEFF").append(HEADER).append("\r\n");
        for (Indicators.Row row : report.rows()) {
            for (Indicators.Value v : row.indicators()) {
                line(out, row.regionCode(), row.regionName(), String.valueOf(row.population()), row.partOf(), v.name(),
                        v.formula(), v.numeratorLabel(), plain(v.numerator()), v.denominatorLabel(),
                        plain(v.denominator()), v.value() == null ? "n/a" : plain(v.value()), v.unit(), v.note(),
                        report.from().toString(), report.to().toString());
            }
        }
        return out.toString();
    }

    private static void line(StringBuilder out, String... fields) {
        for (int i = 0; i < fields.length; i++) {
            if (i > 0) {
                out.append(',');
            }
            out.append(quote(fields[i]));
        }
        out.append("\r\n");
    }

    static String quote(String s) {
        if (s == null) {
            return "";
        }
        if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) {
            return s;
        }
        return '"' + s.replace("\"", "\"\"") + '"';
    }

    private static String plain(BigDecimal b) {
        return b == null ? "" : b.toPlainString();
    }
}
