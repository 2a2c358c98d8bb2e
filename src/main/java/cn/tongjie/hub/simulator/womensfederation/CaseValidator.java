package cn.tongjie.hub.simulator.womensfederation;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** The federation's createCase checks (contract §5, §6) as it applies them; independent of the hub's code. */
final class CaseValidator {

    record Problem(String field, String code, String message) {
    }

    private static final Pattern AMOUNT = Pattern.compile(
            "([0-9０-９]+([.,，．][0-9０-９]+)*|[零〇一二两三四五六七八九十百千万亿]+)\\s*(万元|元|块钱)");
    private static final Pattern ID_IN_TEXT = Pattern.compile(
            "[1-9][0-9]{5}(18|19|20)[0-9]{2}(0[1-9]|1[0-2])(0[1-9]|[12][0-9]|3[01])[0-9]{3}[0-9Xx]");
    private static final Pattern REGION = Pattern.compile(
            "(150500|150502|150521|150522|150523|150524|150525|150526|150581|150571)([0-9]{3}([0-9]{3})?)?");
    private static final Set<String> FIELDS = Set.of("case_ref", "dispute_type", "parties", "summary", "risk_flags",
            "priority", "region_code", "due_at", "source", "source_ref", "sent_at");
    private static final Set<String> PARTY_FIELDS = Set.of("role", "name", "gender", "relation", "phone", "id_number",
            "minor", "address");
    private static final Set<String> RISK_FIELDS = Set.of("domestic_violence_risk", "self_harm_risk",
            "minor_involved", "elderly_involved");
    private static final Map<String, Set<String>> ENUMS = Map.of(
            "dispute_type", Set.of("marriage", "domestic_violence", "support_elderly", "child_support", "inheritance",
                    "other_family"),
            "priority", Set.of("normal", "urgent"),
            "source", Set.of("court", "police", "grid", "petition", "legal_service", "walk_in", "hotline_12345",
                    "other"));
    private static final int[] WEIGHTS = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};

    private CaseValidator() {
    }

    /** 400 problems: unknown members anywhere (§2, §6.2). */
    static List<Problem> unknownFields(JsonNode c) {
        List<Problem> p = new ArrayList<>();
        c.fieldNames().forEachRemaining(f -> {
            if (!FIELDS.contains(f)) {
                p.add(new Problem(f, "UNKNOWN_FIELD", "unknown member"));
            }
        });
        c.path("risk_flags").fieldNames().forEachRemaining(f -> {
            if (!RISK_FIELDS.contains(f)) {
                p.add(new Problem("risk_flags." + f, "UNKNOWN_FIELD", "unknown member"));
            }
        });
        int i = 0;
        for (JsonNode party : c.path("parties")) {
            String at = "parties[" + i++ + "].";
            party.fieldNames().forEachRemaining(f -> {
                if (!PARTY_FIELDS.contains(f)) {
                    p.add(new Problem(at + f, "UNKNOWN_FIELD", "unknown member"));
                }
            });
        }
        return p;
    }

    /** 422 problems (§5.1, §6). */
    static List<Problem> validate(JsonNode c) {
        List<Problem> p = new ArrayList<>();
        text(c, "case_ref", 40, "[A-Za-z0-9-]+", p);
        for (String e : List.of("dispute_type", "priority", "source")) {
            if (text(c, e, 20, null, p) && !ENUMS.get(e).contains(c.get(e).asText())) {
                p.add(new Problem(e, "INVALID_VALUE", "not a code"));
            }
        }
        if (text(c, "summary", 2000, null, p)) {
            String s = c.get("summary").asText();
            if (AMOUNT.matcher(s).find()) {
                p.add(new Problem("summary", "AMOUNT_NOT_ALLOWED", "纠纷简述中不得包含金额"));
            }
            if (ID_IN_TEXT.matcher(s).find()) {
                p.add(new Problem("summary", "ID_NUMBER_IN_TEXT", "纠纷简述中不得包含身份证号"));
            }
        }
        if (text(c, "region_code", 12, null, p) && !REGION.matcher(c.get("region_code").asText()).matches()) {
            p.add(new Problem("region_code", "INVALID_VALUE", "not a 通辽 region"));
        }
        if (c.has("source_ref")) {
            text(c, "source_ref", 60, null, p);
        }
        boolean sentOk = millis(c, "sent_at", p);
        boolean dueOk = millis(c, "due_at", p);
        JsonNode parties = c.path("parties");
        if (!parties.isArray() || parties.isEmpty() || parties.size() > 20) {
            p.add(new Problem("parties", parties.isMissingNode() ? "REQUIRED" : "INVALID_FORMAT", "1–20 parties"));
        } else {
            boolean applicant = false;
            int i = 0;
            for (JsonNode party : parties) {
                String at = "parties[" + i++ + "]";
                String role = party.path("role").asText();
                applicant |= "applicant".equals(role);
                if (!Set.of("applicant", "respondent", "other").contains(role)) {
                    p.add(new Problem(at + ".role", "INVALID_VALUE", "not a role"));
                }
                if (party.path("name").asText("").isEmpty()) {
                    p.add(new Problem(at + ".name", "REQUIRED", "missing"));
                }
                if (party.has("id_number")) {
                    String id = party.get("id_number").asText();
                    if (!"applicant".equals(role) && !"respondent".equals(role)) {
                        p.add(new Problem(at + ".id_number", "ID_NOT_ALLOWED", "非当事人（子女等）的身份证号不得传入"));
                    } else if (!id.matches("[0-9]{17}[0-9X]")) {
                        p.add(new Problem(at + ".id_number", "INVALID_FORMAT", "18 characters"));
                    } else if (!checkDigitOk(id)) {
                        p.add(new Problem(at + ".id_number", "CHECK_DIGIT", "wrong check character"));
                    }
                }
                if (ID_IN_TEXT.matcher(party.path("address").asText("")).find()) {
                    p.add(new Problem(at + ".address", "ID_NUMBER_IN_TEXT", "地址中不得包含身份证号"));
                }
            }
            if (!applicant) {
                p.add(new Problem("parties", "NO_APPLICANT", "at least one applicant"));
            }
        }
        JsonNode risk = c.get("risk_flags");
        if (risk == null || !risk.isObject() || !risk.path("domestic_violence_risk").isBoolean()) {
            p.add(new Problem("risk_flags.domestic_violence_risk", "REQUIRED", "missing"));
        } else {
            boolean atRisk = risk.path("domestic_violence_risk").asBoolean() || risk.path("self_harm_risk").asBoolean();
            if (atRisk && !"urgent".equals(c.path("priority").asText())) {
                p.add(new Problem("priority", "PRIORITY_MISMATCH", "风险案件必须为 urgent"));
            }
        }
        if (sentOk && dueOk) {
            long sent = c.get("sent_at").asLong();
            long due = c.get("due_at").asLong();
            boolean ok = "urgent".equals(c.path("priority").asText())
                    ? sent < due && due <= sent + Duration.ofDays(3).toMillis()
                    : sent + Duration.ofDays(1).toMillis() <= due && due <= sent + Duration.ofDays(60).toMillis();
            if (!ok) {
                p.add(new Problem("due_at", "DUE_AT_OUT_OF_RANGE", "due_at outside the priority's range"));
            }
        }
        return p;
    }

    private static boolean checkDigitOk(String id) {
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            sum += (id.charAt(i) - '0') * WEIGHTS[i];
        }
        return "10X98765432".charAt(sum % 11) == id.charAt(17);
    }

    private static boolean millis(JsonNode c, String f, List<Problem> p) {
        JsonNode v = c.get(f);
        if (v == null) {
            p.add(new Problem(f, "REQUIRED", "missing"));
            return false;
        }
        if (!v.isIntegralNumber() || v.asLong() < 1_000_000_000_000L || v.asLong() > 9_999_999_999_999L) {
            p.add(new Problem(f, "INVALID_FORMAT", "epoch milliseconds"));
            return false;
        }
        return true;
    }

    private static boolean text(JsonNode c, String f, int max, String pattern, List<Problem> p) {
        JsonNode v = c.get(f);
        if (v == null || v.isNull()) {
            p.add(new Problem(f, "REQUIRED", "missing"));
            return false;
        }
        String s = v.asText();
        if (!v.isTextual() || s.isEmpty() || s.length() > max || (pattern != null && !s.matches(pattern))) {
            p.add(new Problem(f, "INVALID_FORMAT", "bad format"));
            return false;
        }
        return true;
    }
}
