package cn.tongjie.hub.womensfederation;

import cn.tongjie.hub.common.IdNumbers;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Period;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Builds the createCase body (contract §5 CaseReferral) from the canonical dispute. Only the listed members are
 * written, and §6 is applied while building: ID numbers only for applicants/respondents, free text redacted. Pure:
 * the same inputs give the same body, so a retry repeats the same content (only sent_at differs, §5.4).
 */
final class WfReferrals {

    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    private static final Pattern REGION = Pattern.compile(
            "(150500|150502|150521|150522|150523|150524|150525|150526|150581|150571)([0-9]{3}([0-9]{3})?)?");
    private static final Pattern DOMESTIC_VIOLENCE = Pattern.compile("家暴|家庭暴力|告诫书|殴打|施暴|人身安全保护令");
    private static final Pattern SELF_HARM = Pattern.compile("自杀|自伤|轻生|自残");
    private static final Pattern CHILD_SUPPORT = Pattern.compile("抚养|抚育|探望");
    private static final Pattern INHERITANCE = Pattern.compile("继承|遗产|分家|析产");
    private static final Pattern MARRIAGE = Pattern.compile("离婚|夫妻|彩礼|婚姻|丈夫|妻子|结婚");
    private static final Pattern ELDERLY = Pattern.compile("赡养");
    private static final Map<String, String> SOURCES = Map.of("COURT_DELEGATED", "court", "COURT_ENTRUSTED", "court",
            "POLICE_HANDOVER", "police", "GRID_REPORT", "grid", "PETITION", "petition", "HOTLINE_12345",
            "hotline_12345", "PARTY_APPLICATION", "walk_in");
    /** An ID number as the sharing policy's BIRTH_DATE_ONLY mask leaves it. */
    private static final Pattern MASKED_BIRTH = Pattern.compile("\\*{6}[0-9]{8}\\*{4}");
    private static final Map<String, String> ROLES = Map.of("APPLICANT", "applicant", "RESPONDENT", "respondent");
    private static final Map<String, String> GENDERS = Map.of("MALE", "male", "FEMALE", "female", "UNKNOWN", "unknown");

    /** What the referral is built from besides the dispute. {@code firstBuiltAt} fixes due_at across retries. */
    record Assignment(String caseRef, boolean urgent, Instant firstBuiltAt, LocalDate dueDate) {
    }

    private WfReferrals() {
    }

    static ObjectNode build(JsonNode dispute, Assignment a, Instant sentAt, int normalDueDays, int urgentDueHours) {
        String text = dispute.path("summary").asText("") + " " + dispute.path("handoverNote").asText("");
        boolean violence = DOMESTIC_VIOLENCE.matcher(text).find();
        boolean selfHarm = SELF_HARM.matcher(text).find();
        LocalDate today = LocalDate.ofInstant(sentAt, SHANGHAI);

        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.put("case_ref", a.caseRef());
        out.put("dispute_type", disputeType(text, violence));
        ArrayNode parties = out.putArray("parties");
        boolean minor = false;
        boolean elderly = false;
        // Applicants and respondents first, so the first applicant leads and the 20-party limit never drops a side.
        List<JsonNode> ordered = new ArrayList<>();
        dispute.path("parties").forEach(p -> {
            if (ROLES.containsKey(p.path("role").asText())) {
                ordered.add(p);
            }
        });
        dispute.path("parties").forEach(p -> {
            if (!ROLES.containsKey(p.path("role").asText())) {
                ordered.add(p);
            }
        });
        for (JsonNode p : ordered.subList(0, Math.min(20, ordered.size()))) {
            String role = ROLES.getOrDefault(p.path("role").asText(), "other");
            ObjectNode party = parties.addObject();
            party.put("role", role);
            party.put("name", truncate(p.path("name").asText(), 50));
            boolean person = "NATURAL_PERSON".equals(p.path("partyType").asText());
            if (person && GENDERS.containsKey(p.path("gender").asText())) {
                party.put("gender", GENDERS.get(p.path("gender").asText()));
            }
            if (p.hasNonNull("phone")) {
                party.put("phone", p.get("phone").asText());
            }
            String id = residentId(p);
            // §6.1: only applicants and respondents carry an ID number; everyone else's is omitted.
            if (id != null && !"other".equals(role)) {
                party.put("id_number", id);
            }
            // The sharing policy gives the federation only the birth date of other persons (BIRTH_DATE_ONLY): enough
            // for the minor/elderly flags, never sent on as an ID number.
            String birth = id != null ? id : maskedBirthDate(p);
            Integer age = birth == null ? null : age(birth, today);
            if (age != null && age < 18) {
                party.put("minor", true);
                minor = true;
            }
            elderly |= age != null && age >= 65;
            if (p.hasNonNull("address")) {
                party.put("address", truncate(WfMinimisation.redactAddress(p.get("address").asText()), 200));
            }
        }
        out.put("summary", truncate(WfMinimisation.redactText(dispute.path("summary").asText("")), 2000));
        ObjectNode risk = out.putObject("risk_flags");
        risk.put("domestic_violence_risk", violence);
        risk.put("self_harm_risk", selfHarm);
        risk.put("minor_involved", minor);
        risk.put("elderly_involved", elderly);
        boolean urgent = violence || selfHarm || a.urgent();
        out.put("priority", urgent ? "urgent" : "normal");
        out.put("region_code", regionCode(dispute.path("regionCode").asText("")));
        out.put("due_at", dueAt(urgent, a, normalDueDays, urgentDueHours));
        out.put("source", SOURCES.getOrDefault(dispute.path("sourceChannel").asText(), "other"));
        if (dispute.hasNonNull("sourceRef")) {
            out.put("source_ref", truncate(dispute.get("sourceRef").asText(), 60));
        }
        out.put("sent_at", sentAt.toEpochMilli());
        return out;
    }

    /** §5.4 NO_APPLICANT would refuse it: an operator must complete the dispute first. Null = complete. */
    static String incompleteReason(JsonNode referral) {
        for (JsonNode p : referral.path("parties")) {
            if ("applicant".equals(p.path("role").asText())) {
                return null;
            }
        }
        return "NO_APPLICANT: the source named no applicant (womens-federation §5.1 needs one)";
    }

    /**
     * urgent: first build + urgentDueHours (≤ 3 days, §5.1); normal: first build + normalDueDays, earlier when the
     * assignment's limit (a court's dueAt) is earlier, never under one day. Fixed at the first build so a retry keeps
     * the same content.
     */
    static long dueAt(boolean urgent, Assignment a, int normalDueDays, int urgentDueHours) {
        Instant base = a.firstBuiltAt();
        if (urgent) {
            return base.plus(Duration.ofHours(Math.min(72, urgentDueHours))).toEpochMilli();
        }
        Instant due = base.plus(Duration.ofDays(Math.max(1, Math.min(60, normalDueDays))));
        if (a.dueDate() != null) {
            Instant limit = a.dueDate().plusDays(1).atStartOfDay(SHANGHAI).toInstant().minusMillis(1);
            if (limit.isBefore(due)) {
                due = limit;
            }
        }
        Instant earliest = base.plus(Duration.ofDays(1));
        return (due.isBefore(earliest) ? earliest : due).toEpochMilli();
    }

    static String disputeType(String text, boolean violence) {
        if (violence) {
            return "domestic_violence";
        }
        if (CHILD_SUPPORT.matcher(text).find()) {
            return "child_support";
        }
        if (INHERITANCE.matcher(text).find()) {
            return "inheritance";
        }
        if (MARRIAGE.matcher(text).find()) {
            return "marriage";
        }
        if (ELDERLY.matcher(text).find()) {
            return "support_elderly";
        }
        return "other_family";
    }

    /** The dispute's place when the contract knows it, else the city (150500 is always valid, §5.1). */
    static String regionCode(String canonical) {
        for (int len : new int[] {12, 9, 6}) {
            if (canonical.length() >= len && REGION.matcher(canonical.substring(0, len)).matches()) {
                return canonical.substring(0, len);
            }
        }
        return "150500";
    }

    private static String residentId(JsonNode p) {
        if (!"RESIDENT_ID".equals(p.path("idType").asText()) || !p.hasNonNull("idNumber")) {
            return null;
        }
        String id = IdNumbers.normaliseResidentId(p.get("idNumber").asText());
        return id != null && IdNumbers.isValidResidentId(id) ? id : null;
    }

    private static String maskedBirthDate(JsonNode p) {
        String v = p.path("idNumber").asText("");
        return "RESIDENT_ID".equals(p.path("idType").asText()) && MASKED_BIRTH.matcher(v).matches() ? v : null;
    }

    private static Integer age(String id, LocalDate today) {
        try {
            LocalDate birth = LocalDate.parse(id.substring(6, 14), DateTimeFormatter.BASIC_ISO_DATE);
            return Period.between(birth, today).getYears();
        } catch (RuntimeException notADate) {
            return null;
        }
    }

    private static String truncate(String s, int max) {
        return s == null || s.codePointCount(0, s.length()) <= max ? s
                : s.substring(0, s.offsetByCodePoints(0, max));
    }
}
