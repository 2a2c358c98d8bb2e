package cn.tongjie.hub.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.schibsted.spt.data.jslt.Function;
import com.schibsted.spt.data.jslt.JsltException;

import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Java functions the hub adds to JSLT. Kept to what JSLT cannot express correctly on its own; everything else stays in
 * the mapping files so operators can read and change it.
 */
final class MappingFunctions {

    /** Every function registered with each compiled mapping. */
    static final List<Function> ALL = List.of(new Truncate(), new ShanghaiTime());

    /** Every contract's local time zone (common README: UTC+08:00, no daylight saving). */
    static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

    private MappingFunctions() {
    }

    /**
     * {@code truncate(string, max)}: the first {@code max} Unicode code points. JSLT's own slice {@code $s[0:n]} counts
     * UTF-16 units and can cut a non-BMP character such as 𠮷 in half, while the agencies' length limits (JSON Schema
     * maxLength) count code points. null stays null, so optional members stay omitted.
     */
    static final class Truncate implements Function {
        @Override
        public String getName() {
            return "truncate";
        }

        @Override
        public int getMinArguments() {
            return 2;
        }

        @Override
        public int getMaxArguments() {
            return 2;
        }

        @Override
        public JsonNode call(JsonNode input, JsonNode[] arguments) {
            JsonNode value = arguments[0];
            if (value == null || value.isNull() || value.isMissingNode()) {
                return NullNode.instance;
            }
            if (!value.isTextual() || !arguments[1].canConvertToInt() || arguments[1].asInt() < 0) {
                // No value in the message: it may be personal data.
                throw new JsltException("truncate(string, max) needs a string and a non-negative integer");
            }
            String s = value.textValue();
            int max = arguments[1].asInt();
            if (s.codePointCount(0, s.length()) <= max) {
                return value;
            }
            return TextNode.valueOf(s.substring(0, s.offsetByCodePoints(0, max)));
        }
    }

    /**
     * {@code shanghai-time(timestamp, pattern)}: an RFC 3339 timestamp with any offset (seconds and fraction optional,
     * as Java's {@code OffsetDateTime.toString()} writes them) rendered in Asia/Shanghai with a
     * {@link DateTimeFormatter} pattern, e.g. {@code "yyyyMMddHHmmss"} or {@code "yyyy-MM-dd'T'HH:mm:ssXXX"}.
     * Without an offset the time is +08:00 local time (common README, shared facts). JSLT's own parse-time uses a
     * lenient SimpleDateFormat (25:00 rolls over) and needs an exact pattern. null stays null.
     */
    static final class ShanghaiTime implements Function {
        private final Map<String, DateTimeFormatter> formatters = new ConcurrentHashMap<>();

        @Override
        public String getName() {
            return "shanghai-time";
        }

        private static ZonedDateTime parse(String text) {
            try {
                return OffsetDateTime.parse(text).atZoneSameInstant(SHANGHAI);
            } catch (DateTimeParseException e) {
                return LocalDateTime.parse(text).atZone(SHANGHAI);
            }
        }

        @Override
        public int getMinArguments() {
            return 2;
        }

        @Override
        public int getMaxArguments() {
            return 2;
        }

        @Override
        public JsonNode call(JsonNode input, JsonNode[] arguments) {
            JsonNode value = arguments[0];
            if (value == null || value.isNull() || value.isMissingNode()) {
                return NullNode.instance;
            }
            if (!value.isTextual() || !arguments[1].isTextual()) {
                throw new JsltException("shanghai-time(timestamp, pattern) needs two strings");
            }
            try {
                DateTimeFormatter formatter =
                        formatters.computeIfAbsent(arguments[1].textValue(), DateTimeFormatter::ofPattern);
                return TextNode.valueOf(parse(value.textValue()).format(formatter));
            } catch (DateTimeException | IllegalArgumentException e) {
                // The exception text quotes the value; keep it out (it ends up in logs).
                throw new JsltException("shanghai-time: not an RFC 3339 timestamp with offset, or a bad pattern");
            }
        }
    }
}
