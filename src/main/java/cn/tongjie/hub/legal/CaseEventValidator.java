package cn.tongjie.hub.legal;

import cn.tongjie.hub.canonical.JsonSchemas;
import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.ValidationMessage;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks a CaseEvent against the contract (openapi CaseEvent, README §7.1) and names each problem the contract's way:
 * {@code {field: "conclusion.agreementNo", code: "REQUIRED"}}. Members that belong to another event type or result
 * are reported as FORBIDDEN at the member itself rather than as an anonymous "not" failure.
 */
final class CaseEventValidator {

    static final String SCHEMA = "classpath:connectors/legal-service/case-event.schema.json";
    private static final Map<String, String> MEMBER_OF_TYPE = Map.of("DECLINED", "declined",
            "MEDIATOR_ASSIGNED", "mediator", "CONCLUDED", "conclusion", "FOLLOW_UP", "followUp");
    /** Known types; an unknown one is already reported as INVALID_CODE, so its members are not judged. */
    private static final Set<String> EVENT_TYPES = Set.of("ACCEPTED", "DECLINED", "MEDIATOR_ASSIGNED", "CONCLUDED",
            "FOLLOW_UP");
    private static final List<String> SUCCESS_ONLY = List.of("agreementNo", "agreementText", "agreementForm",
            "agreedAmount", "performanceDeadline");

    private CaseEventValidator() {
    }

    record Problem(String field, String code, String message) {
    }

    static List<Problem> validate(JsonNode event) {
        Set<Problem> out = new LinkedHashSet<>();
        for (ValidationMessage m : JsonSchemas.validate(SCHEMA, event)) {
            String keyword = m.getType();
            String path = path(m.getInstanceLocation() == null ? "" : m.getInstanceLocation().toString());
            switch (keyword) {
                case "required" -> out.add(new Problem(join(path, m.getProperty()), "REQUIRED", "required member missing"));
                case "additionalProperties" -> out.add(new Problem(join(path, m.getProperty()), "UNKNOWN_FIELD", "unknown member"));
                case "enum", "const" -> out.add(new Problem(path, "INVALID_CODE", "not one of the contract's codes"));
                case "maxLength" -> out.add(new Problem(path, "TOO_LONG", "too long"));
                case "minimum", "maximum" -> out.add(new Problem(path, "OUT_OF_RANGE", "out of range"));
                case "not", "if", "then", "else", "allOf", "anyOf", "$ref" -> {
                    // reported below as FORBIDDEN at the member that does not belong
                }
                default -> out.add(new Problem(path, "INVALID_FORMAT", keyword + " violated"));
            }
        }
        forbiddenMembers(event, out);
        realTimestamps(event, out);
        return new ArrayList<>(out);
    }

    private static void forbiddenMembers(JsonNode event, Set<Problem> out) {
        String type = event.path("eventType").asText();
        MEMBER_OF_TYPE.forEach((t, member) -> {
            if (!t.equals(type) && event.has(member) && EVENT_TYPES.contains(type)) {
                out.add(new Problem(member, "FORBIDDEN", "not allowed with eventType " + type));
            }
        });
        JsonNode c = event.path("conclusion");
        if (c.isObject()) {
            String result = c.path("result").asText();
            if ("SUCCESS".equals(result)) {
                if (c.has("failureReason")) {
                    out.add(new Problem("conclusion.failureReason", "FORBIDDEN", "only with FAILURE or TERMINATED"));
                }
            } else if (!result.isEmpty()) {
                for (String m : SUCCESS_ONLY) {
                    if (c.has(m)) {
                        out.add(new Problem("conclusion." + m, "FORBIDDEN", "only with SUCCESS"));
                    }
                }
            }
        }
    }

    /** The pattern accepts 2026-13-45; a real timestamp is also required. */
    private static void realTimestamps(JsonNode event, Set<Problem> out) {
        check(event.path("occurredAt"), "occurredAt", out);
        check(event.path("conclusion").path("concludedAt"), "conclusion.concludedAt", out);
        check(event.path("followUp").path("followUpAt"), "followUp.followUpAt", out);
    }

    private static void check(JsonNode ts, String field, Set<Problem> out) {
        if (ts.isTextual() && ts.asText().endsWith("+08:00")) {
            try {
                OffsetDateTime.parse(ts.asText());
            } catch (DateTimeParseException e) {
                out.add(new Problem(field, "INVALID_FORMAT", "not a real RFC 3339 timestamp"));
            }
        }
    }

    /** JSON Pointer "/parties/1/idNumber" → contract path "parties[1].idNumber". */
    static String path(String pointer) {
        if (pointer == null || pointer.isEmpty() || pointer.equals("/") || pointer.equals("$")) {
            return "";
        }
        StringBuilder sb = new StringBuilder();
        for (String seg : pointer.substring(1).split("/")) {
            if (seg.matches("\\d+")) {
                sb.append('[').append(seg).append(']');
            } else {
                if (sb.length() > 0) {
                    sb.append('.');
                }
                sb.append(seg.replace("~1", "/").replace("~0", "~"));
            }
        }
        return sb.toString();
    }

    private static String join(String path, String property) {
        if (property == null) {
            return path.isEmpty() ? "$" : path;
        }
        return path.isEmpty() ? property : path + "." + property;
    }
}
