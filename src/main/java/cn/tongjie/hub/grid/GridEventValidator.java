package cn.tongjie.hub.grid;

import cn.tongjie.hub.common.IdNumbers;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Grid contract §5.1/§5.2 field rules. Collects every bad field (§3: "every bad field") with the contract's reason
 * words; unknown members are tolerated (§2).
 */
final class GridEventValidator {

    record FieldError(String field, String reason) {
    }

    /** §5.1: the first 6 digits of grid_code must be a 通辽 county-level code. */
    static final Set<String> COUNTIES = Set.of("150502", "150521", "150522", "150523", "150524", "150525", "150526",
            "150581", "150571");

    /** §5.2 class 04 矛盾纠纷 → canonical category. */
    static final Map<String, String> EVENT_TYPES = Map.ofEntries(
            Map.entry("0401", "MARRIAGE_FAMILY"), Map.entry("0402", "NEIGHBOUR"),
            Map.entry("0403", "HOUSING_HOMESTEAD"), Map.entry("0404", "LAND_FOREST"), Map.entry("0405", "LABOUR"),
            Map.entry("0406", "LAND_REQUISITION"), Map.entry("0407", "PROPERTY_MANAGEMENT"),
            Map.entry("0408", "CONSUMER"), Map.entry("0409", "MEDICAL"), Map.entry("0410", "TRAFFIC"),
            Map.entry("0411", "ENVIRONMENT"), Map.entry("0412", "CONTRACT"), Map.entry("0499", "OTHER"));

    private static final Pattern EVENT_ID = Pattern.compile("SJ\\d{8}\\d{10}");
    private static final Pattern GRID_CODE = Pattern.compile("\\d{15}");
    private static final Pattern MEMBER_ID = Pattern.compile("WGY\\d{8}");
    /** §2: the offset must be written and be exactly +08:00; milliseconds optional. */
    static final Pattern TIMESTAMP = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{3})?\\+08:00");
    private static final Pattern EVENT_TYPE = Pattern.compile("\\d{4}");
    private static final Pattern RESIDENT_ID_SHAPE = Pattern.compile("\\d{17}[\\dX]");
    private static final Pattern USCC_SHAPE = Pattern.compile("[0-9A-HJ-NPQRTUWXY]{2}\\d{6}[0-9A-HJ-NPQRTUWXY]{10}");

    private GridEventValidator() {
    }

    static List<FieldError> validate(JsonNode e) {
        List<FieldError> errors = new ArrayList<>();
        JsonNode eventId = e.get("event_id");
        if (missing(eventId)) {
            errors.add(new FieldError("event_id", "REQUIRED"));
        } else if (!eventId.isTextual() || !EVENT_ID.matcher(eventId.asText()).matches()
                || !realDate(eventId.asText().substring(2, 10))) {
            errors.add(new FieldError("event_id", "FORMAT"));
        }
        JsonNode grid = e.get("grid_code");
        if (missing(grid)) {
            errors.add(new FieldError("grid_code", "REQUIRED"));
        } else if (!grid.isTextual() || !GRID_CODE.matcher(grid.asText()).matches() || grid.asText().endsWith("000")) {
            errors.add(new FieldError("grid_code", "FORMAT"));
        } else if (!COUNTIES.contains(grid.asText().substring(0, 6))) {
            errors.add(new FieldError("grid_code", "CODE_UNKNOWN"));
        }
        optionalText(e, "grid_name", "grid_name", 100, errors);
        JsonNode reporter = e.get("reporter");
        if (missing(reporter)) {
            errors.add(new FieldError("reporter", "REQUIRED"));
        } else if (!reporter.isObject()) {
            errors.add(new FieldError("reporter", "FORMAT"));
        } else {
            JsonNode member = reporter.get("member_id");
            if (missing(member)) {
                errors.add(new FieldError("reporter.member_id", "REQUIRED"));
            } else if (!member.isTextual() || !MEMBER_ID.matcher(member.asText()).matches()) {
                errors.add(new FieldError("reporter.member_id", "FORMAT"));
            }
            requiredText(reporter, "name", "reporter.name", 50, errors);
            optionalText(reporter, "phone", "reporter.phone", 20, errors);
        }
        timestamp(e, "reported_at", true, errors);
        timestamp(e, "occurred_at", false, errors);
        JsonNode type = e.get("event_type");
        if (missing(type)) {
            errors.add(new FieldError("event_type", "REQUIRED"));
        } else if (!type.isTextual() || !EVENT_TYPE.matcher(type.asText()).matches()) {
            errors.add(new FieldError("event_type", "FORMAT"));
        } else if (!type.asText().startsWith("04")) {
            errors.add(new FieldError("event_type", "NOT_A_DISPUTE"));
        } else if (!EVENT_TYPES.containsKey(type.asText())) {
            errors.add(new FieldError("event_type", "CODE_UNKNOWN"));
        }
        requiredText(e, "title", "title", 100, errors);
        requiredText(e, "description", "description", 4000, errors);
        location(e.get("location"), errors);
        parties(e.get("parties"), errors);
        photos(e.get("photos"), errors);
        integer(e, "urgency", 1, 3, errors);
        integer(e, "persons_involved", 1, 9999, errors);
        return errors;
    }

    private static void location(JsonNode loc, List<FieldError> errors) {
        if (missing(loc)) {
            errors.add(new FieldError("location", "REQUIRED"));
            return;
        }
        if (!loc.isObject()) {
            errors.add(new FieldError("location", "FORMAT"));
            return;
        }
        requiredText(loc, "address", "location.address", 200, errors);
        boolean hasLat = !missing(loc.get("lat"));
        boolean hasLon = !missing(loc.get("lon"));
        if (hasLat != hasLon) {
            // §5.1: both or neither; the missing one is named.
            errors.add(new FieldError(hasLat ? "location.lon" : "location.lat", "CONDITIONAL_REQUIRED"));
        }
        coordinate(loc.get("lat"), "location.lat", 90, errors);
        coordinate(loc.get("lon"), "location.lon", 180, errors);
    }

    private static void coordinate(JsonNode v, String field, double limit, List<FieldError> errors) {
        if (missing(v)) {
            return;
        }
        if (!v.isNumber()) {
            errors.add(new FieldError(field, "FORMAT"));
        } else if (Math.abs(v.asDouble()) > limit) {
            errors.add(new FieldError(field, "RANGE"));
        }
    }

    private static void parties(JsonNode parties, List<FieldError> errors) {
        if (missing(parties)) {
            errors.add(new FieldError("parties", "REQUIRED"));
            return;
        }
        if (!parties.isArray()) {
            errors.add(new FieldError("parties", "FORMAT"));
            return;
        }
        if (parties.isEmpty() || parties.size() > 50) {
            errors.add(new FieldError("parties", "LENGTH"));
        }
        for (int i = 0; i < parties.size(); i++) {
            JsonNode p = parties.get(i);
            String at = "parties[" + i + "]";
            if (!p.isObject()) {
                errors.add(new FieldError(at, "FORMAT"));
                continue;
            }
            requiredText(p, "name", at + ".name", 100, errors);
            optionalText(p, "phone", at + ".phone", 20, errors);
            JsonNode id = p.get("id_number");
            if (missing(id)) {
                continue;
            }
            String v = id.isTextual() ? id.asText() : "";
            if (RESIDENT_ID_SHAPE.matcher(v).matches()) {
                if (!IdNumbers.isValidResidentId(v)) {
                    errors.add(new FieldError(at + ".id_number", "CHECK_DIGIT"));
                }
            } else if (USCC_SHAPE.matcher(v).matches()) {
                if (!IdNumbers.isValidUscc(v)) {
                    errors.add(new FieldError(at + ".id_number", "CHECK_DIGIT"));
                }
            } else {
                errors.add(new FieldError(at + ".id_number", "FORMAT"));
            }
        }
    }

    private static void photos(JsonNode photos, List<FieldError> errors) {
        if (missing(photos)) {
            return;
        }
        if (!photos.isArray()) {
            errors.add(new FieldError("photos", "FORMAT"));
            return;
        }
        if (photos.size() > 9) {
            errors.add(new FieldError("photos", "LENGTH"));
        }
        for (int i = 0; i < photos.size(); i++) {
            JsonNode u = photos.get(i);
            String at = "photos[" + i + "]";
            if (!u.isTextual() || !u.asText().startsWith("https://") || u.asText().length() <= 8) {
                errors.add(new FieldError(at, "FORMAT"));
            } else if (u.asText().length() > 500) {
                errors.add(new FieldError(at, "LENGTH"));
            }
        }
    }

    private static void timestamp(JsonNode parent, String name, boolean required, List<FieldError> errors) {
        JsonNode v = parent.get(name);
        if (missing(v)) {
            if (required) {
                errors.add(new FieldError(name, "REQUIRED"));
            }
            return;
        }
        if (!v.isTextual() || !TIMESTAMP.matcher(v.asText()).matches() || !parses(v.asText())) {
            errors.add(new FieldError(name, "FORMAT"));
        }
    }

    private static void integer(JsonNode parent, String name, int min, int max, List<FieldError> errors) {
        JsonNode v = parent.get(name);
        if (missing(v)) {
            errors.add(new FieldError(name, "REQUIRED"));
        } else if (!v.isIntegralNumber()) {
            errors.add(new FieldError(name, "FORMAT"));
        } else if (!v.canConvertToLong() || v.asLong() < min || v.asLong() > max) {
            errors.add(new FieldError(name, "RANGE"));
        }
    }

    private static void requiredText(JsonNode parent, String name, String field, int max, List<FieldError> errors) {
        JsonNode v = parent.get(name);
        if (missing(v)) {
            errors.add(new FieldError(field, "REQUIRED"));
        } else {
            text(v, field, max, errors);
        }
    }

    private static void optionalText(JsonNode parent, String name, String field, int max, List<FieldError> errors) {
        JsonNode v = parent.get(name);
        if (!missing(v)) {
            text(v, field, max, errors);
        }
    }

    private static void text(JsonNode v, String field, int max, List<FieldError> errors) {
        if (!v.isTextual()) {
            errors.add(new FieldError(field, "FORMAT"));
            return;
        }
        int length = v.asText().codePointCount(0, v.asText().length());
        if (length < 1 || length > max) {
            errors.add(new FieldError(field, "LENGTH"));
        }
    }

    private static boolean missing(JsonNode v) {
        return v == null || v.isNull();
    }

    private static boolean parses(String ts) {
        try {
            OffsetDateTime.parse(ts);
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    private static boolean realDate(String yyyyMMdd) {
        try {
            java.time.LocalDate.parse(yyyyMMdd, java.time.format.DateTimeFormatter.BASIC_ISO_DATE);
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }
}
