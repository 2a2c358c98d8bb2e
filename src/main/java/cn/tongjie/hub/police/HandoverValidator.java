package cn.tongjie.hub.police;

import cn.tongjie.hub.canonical.JsonSchemas;
import cn.tongjie.hub.common.IdNumbers;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.networknt.schema.ValidationMessage;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.ResolverStyle;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Police contract §5.4: checks run in stage order and the first failing stage decides the primary reason; within the
 * field stage every problem is collected. Where a value breaks both a schema pattern and a code table (xzqhdm), the
 * code-table reason (REGION_UNKNOWN) is reported (common/README.md).
 */
final class HandoverValidator {

    static final String SCHEMA = "classpath:connectors/police/dispute-handover.schema.json";
    private static final Pattern MSG_ID = Pattern.compile("^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$");
    private static final DateTimeFormatter TS14 = DateTimeFormatter.ofPattern("uuuuMMddHHmmss")
            .withResolverStyle(ResolverStyle.STRICT);
    /** §5.3: 150500 or a county-level code (incl. 150571), optionally + 3 or + 6 digits. */
    private static final Set<String> COUNTY_CODES = Set.of("150500", "150502", "150521", "150522", "150523", "150524",
            "150525", "150526", "150581", "150571");
    private static final List<String> TS_FIELDS = List.of("bjsj", "cjsj", "yjsj", "xgsj");
    // Strict parser: one JSON value, nothing after it, no duplicate members.
    private static final ObjectMapper STRICT = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .build();

    private HandoverValidator() {
    }

    static Result validate(byte[] key, byte[] value, Map<String, String> headers) {
        // Stage 1
        if (value == null || value.length == 0) {
            return Result.fail(new Reason(ReasonCode.VALUE_EMPTY, "$", "value is null or empty"));
        }
        // Stage 2
        if (value.length >= 3 && (value[0] & 0xFF) == 0xEF && (value[1] & 0xFF) == 0xBB && (value[2] & 0xFF) == 0xBF) {
            return Result.fail(new Reason(ReasonCode.VALUE_NOT_JSON, "$", "value starts with a UTF-8 BOM"));
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(value)).toString();
        } catch (CharacterCodingException e) {
            return Result.fail(new Reason(ReasonCode.VALUE_NOT_JSON, "$", "value is not valid UTF-8"));
        }
        JsonNode json;
        try {
            json = STRICT.readTree(text);
        } catch (Exception e) {
            return Result.fail(new Reason(ReasonCode.VALUE_NOT_JSON, "$", "value is not parseable JSON"));
        }
        if (json == null || !json.isObject()) {
            return Result.fail(new Reason(ReasonCode.VALUE_NOT_JSON, "$", "value is not a JSON object"));
        }
        // Stage 3: the string "1.2" only (the number 1.2 is a different version marker).
        JsonNode sv = json.get("sv");
        if (sv == null || !sv.isTextual() || !"1.2".equals(sv.asText())) {
            return Result.fail(new Reason(ReasonCode.SCHEMA_VERSION_UNSUPPORTED, "/sv",
                    sv == null ? "sv absent" : "sv " + sv + " is not \"1.2\""));
        }
        // Stage 4
        String msgId = headers.get(PoliceHeaders.MSG_ID);
        String sentAt = headers.get(PoliceHeaders.SENT_AT);
        List<Reason> headerProblems = new ArrayList<>();
        if (msgId == null || !MSG_ID.matcher(msgId).matches()) {
            headerProblems.add(new Reason(ReasonCode.HEADER_MISSING, "$", "header police-msg-id absent or not a lowercase UUID"));
        }
        if (sentAt == null || !isRealTs14(sentAt)) {
            headerProblems.add(new Reason(ReasonCode.HEADER_MISSING, "$", "header police-sent-at absent or not yyyyMMddHHmmss"));
        }
        if (!headerProblems.isEmpty()) {
            return Result.fail(headerProblems);
        }
        // Stage 5: every field problem.
        List<Reason> fieldProblems = fieldProblems(json);
        if (!fieldProblems.isEmpty()) {
            return Result.fail(fieldProblems);
        }
        // Stage 6
        String jjdbh = json.get("jjdbh").asText();
        String keyText = key == null ? null : new String(key, StandardCharsets.UTF_8);
        if (keyText == null || !keyText.equals(jjdbh)) {
            return Result.fail(new Reason(ReasonCode.KEY_MISMATCH, "/jjdbh",
                    key == null ? "record key absent" : "record key differs from jjdbh"));
        }
        return Result.ok(json, jjdbh, msgId, sentAt);
    }

    private static List<Reason> fieldProblems(JsonNode json) {
        Set<Reason> problems = new LinkedHashSet<>();
        for (ValidationMessage m : JsonSchemas.validate(SCHEMA, json)) {
            String pointer = pointer(m);
            String keyword = m.getType();
            if ("required".equals(keyword) || "dependentRequired".equals(keyword)) {
                problems.add(new Reason(ReasonCode.FIELD_MISSING, pointer, "required member absent"));
            } else if ("/xzqhdm".equals(pointer) && json.path("xzqhdm").isTextual()) {
                problems.add(new Reason(ReasonCode.REGION_UNKNOWN, pointer, "region code not in §5.3"));
            } else if (pointer.matches("/dsr/\\d+/sfzh") && "pattern".equals(keyword)) {
                // A malformed ID number is a field error; a well-formed one with a wrong check character is CHECK_DIGIT below.
                problems.add(new Reason(ReasonCode.FIELD_INVALID, pointer, "not an 18-character resident ID number"));
            } else {
                problems.add(new Reason(ReasonCode.FIELD_INVALID, pointer, keyword + " violated"));
            }
        }
        // Rules JSON Schema cannot express (README §5, equally binding).
        JsonNode region = json.get("xzqhdm");
        if (region != null && region.isTextual() && !isKnownRegion(region.asText())) {
            problems.add(new Reason(ReasonCode.REGION_UNKNOWN, "/xzqhdm", "region code not in §5.3"));
        }
        for (String f : TS_FIELDS) {
            JsonNode ts = json.get(f);
            if (ts != null && ts.isTextual() && ts.asText().matches("\\d{14}") && !isRealTs14(ts.asText())) {
                problems.add(new Reason(ReasonCode.FIELD_INVALID, "/" + f, "impossible date/time"));
            }
        }
        JsonNode dsr = json.get("dsr");
        if (dsr != null && dsr.isArray()) {
            for (int i = 0; i < dsr.size(); i++) {
                JsonNode sfzh = dsr.get(i).get("sfzh");
                if (sfzh != null && sfzh.isTextual() && IdNumbers.hasResidentIdShape(sfzh.asText())
                        && !IdNumbers.isValidResidentId(sfzh.asText())) {
                    String p = "/dsr/" + i + "/sfzh";
                    if (!IdNumbers.hasRealBirthDate(sfzh.asText())) {
                        problems.add(new Reason(ReasonCode.FIELD_INVALID, p, "impossible birth date in ID number"));
                    } else {
                        problems.add(new Reason(ReasonCode.CHECK_DIGIT, p, "wrong GB 11643 check character"));
                    }
                }
            }
        }
        List<Reason> sorted = new ArrayList<>(problems);
        // Primary reason first: the order of the §5.4 table within stage 5.
        sorted.sort(Comparator.comparingInt(r -> r.code().ordinal()));
        return sorted;
    }

    static boolean isKnownRegion(String code) {
        if (!code.matches("\\d{6}(\\d{3}|\\d{6})?")) {
            return false;
        }
        return COUNTY_CODES.contains(code.substring(0, 6)) && (code.length() == 6 || !code.startsWith("150500"));
    }

    static boolean isRealTs14(String s) {
        try {
            LocalDateTime.parse(s, TS14);
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static String pointer(ValidationMessage m) {
        String base = m.getInstanceLocation() == null ? "" : m.getInstanceLocation().toString();
        if (base.equals("$") || base.equals("/")) {
            base = "";
        }
        if ("required".equals(m.getType()) && m.getProperty() != null) {
            return base + "/" + m.getProperty();
        }
        if ("dependentRequired".equals(m.getType()) && m.getArguments() != null && m.getArguments().length > 0) {
            // getProperty() names the member that is present; the pointer must name the absent one (§5.4)
            return base + "/" + m.getArguments()[0];
        }
        return base.isEmpty() ? "$" : base;
    }

    /** Contract §5.4 reason codes, in table order (the order decides the primary reason within a stage). */
    enum ReasonCode {
        VALUE_EMPTY, VALUE_NOT_JSON, SCHEMA_VERSION_UNSUPPORTED, HEADER_MISSING, FIELD_MISSING, FIELD_INVALID,
        CHECK_DIGIT, REGION_UNKNOWN, KEY_MISMATCH,
        /** Hub-side, not a contract code: valid by §5.4 but the hub failed on it repeatedly; kept for repair and replay. */
        HUB_PROCESSING_FAILED
    }

    /** One problem: code, JSON Pointer (or $) and a detail that never contains the offending value (it may be personal data). */
    record Reason(ReasonCode code, String pointer, String detail) {
    }

    record Result(boolean valid, List<Reason> reasons, JsonNode value, String jjdbh, String msgId, String sentAt) {
        static Result ok(JsonNode value, String jjdbh, String msgId, String sentAt) {
            return new Result(true, List.of(), value, jjdbh, msgId, sentAt);
        }

        static Result fail(Reason reason) {
            return new Result(false, List.of(reason), null, null, null, null);
        }

        static Result fail(List<Reason> reasons) {
            return new Result(false, List.copyOf(reasons), null, null, null, null);
        }

        ReasonCode primary() {
            return reasons.get(0).code();
        }
    }
}
