package cn.tongjie.hub.simulator.legal;

import cn.tongjie.hub.common.IdNumbers;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Validation of createCase and withdrawCase bodies as the legal-service system does it (README §5.4, §6 and
 * openapi.yaml). Every problem is collected, because the contract's 422 lists them all. Where a value breaks both a
 * pattern and a code table the code-table error ({@code INVALID_CODE}) is reported (common README).
 */
final class RequestValidator {

    /** One entry of the 422 {@code errors[]}. */
    record FieldError(String field, String code, String message) {
    }

    static final Pattern CASE_NO = Pattern.compile("^RMTJ-[0-9]{6}-[0-9]{4}-[0-9]{6}$");
    private static final Pattern EXTERNAL_REF_CHARS = Pattern.compile("^[A-Za-z0-9-]+$");
    private static final Pattern REGION = Pattern.compile("^(150500|1505(02|21|22|23|24|25|26|71|81)([0-9]{3}|[0-9]{6})?)$");
    private static final Pattern DATE_TIME =
            Pattern.compile("^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]{1,3})?\\+08:00$");
    private static final Pattern DATE = Pattern.compile("^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$");
    private static final Pattern PHONE = Pattern.compile("^(1[3-9][0-9]{9}|0[1-9][0-9]{1,2}-?[0-9]{7,8})$");
    private static final Pattern ETHNICITY = Pattern.compile("^(0[1-9]|[1-4][0-9]|5[0-6]|97|98)$");
    private static final String USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY";

    private static final Set<String> ASSIGNMENT_FIELDS = Set.of("externalRef", "committeeCode", "category", "summary",
            "parties", "dueDate", "source", "sourceRef", "regionCode", "address", "occurredAt", "amount",
            "personsInvolved", "urgent");
    private static final Set<String> PARTY_FIELDS = Set.of("role", "partyType", "name", "idType", "idNumber", "gender",
            "ethnicity", "phone", "address", "legalRepresentative");
    private static final Set<String> WITHDRAW_FIELDS = Set.of("externalRef", "reason", "reasonText", "requestedAt");
    private static final Set<String> SOURCES = Set.of("COURT_DELEGATED", "COURT_ENTRUSTED", "POLICE_HANDOVER",
            "PETITION", "GRID_REPORT", "HOTLINE_12345", "PARTY_APPLICATION", "OTHER_AGENCY");
    private static final Set<String> ROLES = Set.of("APPLICANT", "RESPONDENT", "THIRD_PARTY");
    private static final Set<String> PARTY_TYPES = Set.of("NATURAL_PERSON", "LEGAL_PERSON", "OTHER_ORGANISATION");
    private static final Set<String> ID_TYPES = Set.of("RESIDENT_ID", "USCC", "PASSPORT", "OTHER");
    private static final Set<String> GENDERS = Set.of("MALE", "FEMALE", "UNKNOWN");
    private static final Set<String> WITHDRAW_REASONS =
            Set.of("PARTY_WITHDREW", "RESOLVED_ELSEWHERE", "REASSIGNED", "DUPLICATE", "OTHER");

    private static final int MAX_DUE_DAYS = 90;

    private RequestValidator() {
    }

    /** All problems of a createCase body; {@code today} is the Asia/Shanghai date of receipt. */
    static List<FieldError> validateAssignment(ObjectNode body, LocalDate today) {
        List<FieldError> errors = new ArrayList<>();
        unknownFields(body, ASSIGNMENT_FIELDS, "", errors);

        externalRef(body, "externalRef", errors);

        String committeeCode = requiredText(body, "committeeCode", "committeeCode", errors);
        Committees.Committee committee = Committees.byCode(committeeCode);
        if (committeeCode != null && committee == null) {
            errors.add(new FieldError("committeeCode", "INVALID_CODE", "人民调解委员会代码不存在"));
        }
        String category = requiredText(body, "category", "category", errors);
        boolean categoryKnown = category != null && Committees.CATEGORY_NAMES.containsKey(category);
        if (category != null && !categoryKnown) {
            errors.add(new FieldError("category", "INVALID_CODE", "纠纷类别代码不存在"));
        }
        if (committee != null && categoryKnown && !committee.acceptsCategory(category)) {
            String only = committee.accepts().iterator().next();
            errors.add(new FieldError("committeeCode", "CATEGORY_NOT_ACCEPTED",
                    committee.name() + "只受理类别" + only + "（" + Committees.CATEGORY_NAMES.get(only) + "）"));
        }

        String summary = requiredText(body, "summary", "summary", errors);
        maxLength(summary, 2000, "summary", errors);

        parties(body, errors);

        String dueDate = requiredText(body, "dueDate", "dueDate", errors);
        LocalDate due = date(dueDate, "dueDate", errors);
        if (due != null && (due.isBefore(today) || due.isAfter(today.plusDays(MAX_DUE_DAYS)))) {
            errors.add(new FieldError("dueDate", "DATE_OUT_OF_RANGE",
                    "调解期限须在" + today + "至" + today.plusDays(MAX_DUE_DAYS) + "之间"));
        }

        String source = requiredText(body, "source", "source", errors);
        if (source != null && !SOURCES.contains(source)) {
            errors.add(new FieldError("source", "INVALID_CODE", "纠纷来源代码不存在"));
        }
        maxLength(optionalText(body, "sourceRef", "sourceRef", errors), 60, "sourceRef", errors);

        String region = requiredText(body, "regionCode", "regionCode", errors);
        if (region != null && !REGION.matcher(region).matches()) {
            errors.add(new FieldError("regionCode", "INVALID_CODE", "纠纷发生地区划代码不在通辽市范围内"));
        }
        maxLength(optionalText(body, "address", "address", errors), 200, "address", errors);
        dateTime(optionalText(body, "occurredAt", "occurredAt", errors), "occurredAt", errors);
        amount(body, errors);
        personsInvolved(body, errors);
        if (body.has("urgent") && !body.get("urgent").isBoolean()) {
            errors.add(new FieldError("urgent", "INVALID_FORMAT", "须为布尔值"));
        }
        return errors;
    }

    /** All problems of a withdrawCase body; {@code caseExternalRef} is the externalRef the case was created with. */
    static List<FieldError> validateWithdraw(ObjectNode body, String caseExternalRef) {
        List<FieldError> errors = new ArrayList<>();
        unknownFields(body, WITHDRAW_FIELDS, "", errors);
        String ref = externalRef(body, "externalRef", errors);
        if (ref != null && !ref.equals(caseExternalRef)) {
            errors.add(new FieldError("externalRef", "EXTERNAL_REF_MISMATCH", "externalRef与案件委派时不一致"));
        }
        String reason = requiredText(body, "reason", "reason", errors);
        if (reason != null && !WITHDRAW_REASONS.contains(reason)) {
            errors.add(new FieldError("reason", "INVALID_CODE", "撤回原因代码不存在"));
        }
        String reasonText = optionalText(body, "reasonText", "reasonText", errors);
        maxLength(reasonText, 500, "reasonText", errors);
        if ("OTHER".equals(reason) && reasonText == null && !body.has("reasonText")) {
            errors.add(new FieldError("reasonText", "CONDITIONAL_REQUIRED", "撤回原因为OTHER时须填写说明"));
        }
        String requestedAt = requiredText(body, "requestedAt", "requestedAt", errors);
        dateTime(requestedAt, "requestedAt", errors);
        return errors;
    }

    private static void parties(ObjectNode body, List<FieldError> errors) {
        JsonNode parties = body.get("parties");
        if (parties == null || parties.isNull()) {
            errors.add(new FieldError("parties", "REQUIRED", "缺少当事人"));
            return;
        }
        if (!parties.isArray()) {
            errors.add(new FieldError("parties", "INVALID_FORMAT", "当事人须为数组"));
            return;
        }
        if (parties.size() > 50) {
            errors.add(new FieldError("parties", "OUT_OF_RANGE", "当事人最多50个"));
        }
        boolean applicant = false;
        boolean respondent = false;
        for (int i = 0; i < parties.size(); i++) {
            String role = party(parties.get(i), "parties[" + i + "]", errors);
            applicant |= "APPLICANT".equals(role);
            respondent |= "RESPONDENT".equals(role);
        }
        // Fewer than two parties can never hold both roles, so minItems is reported as this one problem.
        if (!applicant || !respondent) {
            errors.add(new FieldError("parties", "PARTIES_INCOMPLETE", "须至少有一名申请人和一名被申请人"));
        }
    }

    /** Validates one party and returns its role when valid (for the completeness check). */
    private static String party(JsonNode node, String path, List<FieldError> errors) {
        if (!node.isObject()) {
            errors.add(new FieldError(path, "INVALID_FORMAT", "当事人须为对象"));
            return null;
        }
        ObjectNode party = (ObjectNode) node;
        unknownFields(party, PARTY_FIELDS, path + ".", errors);

        String role = requiredText(party, "role", path + ".role", errors);
        if (role != null && !ROLES.contains(role)) {
            errors.add(new FieldError(path + ".role", "INVALID_CODE", "当事人角色代码不存在"));
            role = null;
        }
        String partyType = requiredText(party, "partyType", path + ".partyType", errors);
        if (partyType != null && !PARTY_TYPES.contains(partyType)) {
            errors.add(new FieldError(path + ".partyType", "INVALID_CODE", "当事人类型代码不存在"));
            partyType = null;
        }
        String name = requiredText(party, "name", path + ".name", errors);
        maxLength(name, 100, path + ".name", errors);

        String idType = optionalText(party, "idType", path + ".idType", errors);
        if (idType != null && !ID_TYPES.contains(idType)) {
            errors.add(new FieldError(path + ".idType", "INVALID_CODE", "证件类型代码不存在"));
            idType = null;
        }
        String idNumber = optionalText(party, "idNumber", path + ".idNumber", errors);
        if (party.has("idNumber") && !party.has("idType")) {
            errors.add(new FieldError(path + ".idType", "CONDITIONAL_REQUIRED", "填写证件号码时须填写证件类型"));
        }
        if (idType != null && partyType != null) {
            boolean person = partyType.equals("NATURAL_PERSON");
            if ((idType.equals("RESIDENT_ID") && !person) || (idType.equals("USCC") && person)) {
                errors.add(new FieldError(path + ".idType", "ID_TYPE_MISMATCH",
                        person ? "自然人不能使用统一社会信用代码" : "组织不能使用居民身份证号码"));
            }
        }
        if (idNumber != null) {
            idNumber(idNumber, idType, path + ".idNumber", errors);
        }

        String gender = optionalText(party, "gender", path + ".gender", errors);
        if (gender != null && !GENDERS.contains(gender)) {
            errors.add(new FieldError(path + ".gender", "INVALID_CODE", "性别代码不存在"));
        }
        String ethnicity = optionalText(party, "ethnicity", path + ".ethnicity", errors);
        if (ethnicity != null && !ETHNICITY.matcher(ethnicity).matches()) {
            errors.add(new FieldError(path + ".ethnicity", "INVALID_CODE", "民族代码不存在"));
        }
        String phone = optionalText(party, "phone", path + ".phone", errors);
        if (phone != null && !PHONE.matcher(phone).matches()) {
            errors.add(new FieldError(path + ".phone", "INVALID_FORMAT", "电话号码格式错误"));
        }
        maxLength(optionalText(party, "address", path + ".address", errors), 200, path + ".address", errors);
        String legalRep = optionalText(party, "legalRepresentative", path + ".legalRepresentative", errors);
        maxLength(legalRep, 50, path + ".legalRepresentative", errors);
        if (party.has("legalRepresentative") && "NATURAL_PERSON".equals(partyType)) {
            errors.add(new FieldError(path + ".legalRepresentative", "FORBIDDEN", "自然人不填写法定代表人"));
        }
        return role;
    }

    private static void idNumber(String idNumber, String idType, String path, List<FieldError> errors) {
        int length = idNumber.codePointCount(0, idNumber.length());
        if (length > 30) {
            errors.add(new FieldError(path, "TOO_LONG", "证件号码最长30个字符"));
            return;
        }
        if (length < 5) {
            errors.add(new FieldError(path, "INVALID_FORMAT", "证件号码至少5个字符"));
            return;
        }
        if ("RESIDENT_ID".equals(idType)) {
            // Shape and birth date first, so that CHECK_DIGIT means exactly "wrong check character".
            if (!IdNumbers.hasResidentIdShape(idNumber) || !IdNumbers.hasRealBirthDate(idNumber)) {
                errors.add(new FieldError(path, "INVALID_FORMAT", "身份证号须为18位且出生日期有效"));
            } else if (!IdNumbers.isValidResidentId(idNumber)) {
                errors.add(new FieldError(path, "CHECK_DIGIT", "身份证号校验位错误"));
            }
        } else if ("USCC".equals(idType)) {
            if (idNumber.length() != 18 || !idNumber.chars().allMatch(c -> USCC_CHARS.indexOf(c) >= 0)) {
                errors.add(new FieldError(path, "INVALID_FORMAT", "统一社会信用代码须为18位且只含规定字符"));
            } else if (!IdNumbers.isValidUscc(idNumber)) {
                errors.add(new FieldError(path, "CHECK_DIGIT", "统一社会信用代码校验位错误"));
            }
        }
    }

    private static String externalRef(ObjectNode body, String field, List<FieldError> errors) {
        String ref = requiredText(body, field, field, errors);
        if (ref == null) {
            return null;
        }
        if (!EXTERNAL_REF_CHARS.matcher(ref).matches()) {
            errors.add(new FieldError(field, "INVALID_FORMAT", "externalRef只能包含字母、数字和连字符"));
            return null;
        }
        if (ref.length() > 40) {
            errors.add(new FieldError(field, "TOO_LONG", "externalRef最长40个字符"));
            return null;
        }
        return ref;
    }

    private static void amount(ObjectNode body, List<FieldError> errors) {
        if (!body.has("amount")) {
            return;
        }
        JsonNode node = body.get("amount");
        if (!node.isNumber()) {
            errors.add(new FieldError("amount", "INVALID_FORMAT", "涉及金额须为数字"));
            return;
        }
        BigDecimal value = node.decimalValue();
        if (value.signum() < 0) {
            errors.add(new FieldError("amount", "OUT_OF_RANGE", "涉及金额不能为负数"));
        }
        if (value.stripTrailingZeros().scale() > 2) {
            errors.add(new FieldError("amount", "INVALID_FORMAT", "涉及金额最多两位小数"));
        }
    }

    private static void personsInvolved(ObjectNode body, List<FieldError> errors) {
        if (!body.has("personsInvolved")) {
            return;
        }
        JsonNode node = body.get("personsInvolved");
        // JSON Schema counts 3.0 as an integer, so only a real fraction is a format error.
        if (!node.isNumber() || node.decimalValue().stripTrailingZeros().scale() > 0) {
            errors.add(new FieldError("personsInvolved", "INVALID_FORMAT", "涉及人数须为整数"));
            return;
        }
        BigInteger value = node.decimalValue().toBigInteger();
        if (value.compareTo(BigInteger.ONE) < 0 || value.compareTo(BigInteger.valueOf(9999)) > 0) {
            errors.add(new FieldError("personsInvolved", "OUT_OF_RANGE", "涉及人数须在1至9999之间"));
        }
    }

    private static LocalDate date(String value, String field, List<FieldError> errors) {
        if (value == null) {
            return null;
        }
        if (DATE.matcher(value).matches()) {
            try {
                return LocalDate.parse(value); // ISO_LOCAL_DATE is strict: 2026-02-30 fails
            } catch (DateTimeParseException e) {
                // falls through to the format error
            }
        }
        errors.add(new FieldError(field, "INVALID_FORMAT", "日期格式须为yyyy-MM-dd"));
        return null;
    }

    private static void dateTime(String value, String field, List<FieldError> errors) {
        if (value == null) {
            return;
        }
        if (DATE_TIME.matcher(value).matches()) {
            try {
                OffsetDateTime.parse(value);
                return;
            } catch (DateTimeParseException e) {
                // falls through to the format error
            }
        }
        errors.add(new FieldError(field, "INVALID_FORMAT", "时间须为RFC 3339格式并带+08:00时区"));
    }

    private static void unknownFields(ObjectNode node, Set<String> allowed, String prefix, List<FieldError> errors) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!allowed.contains(name)) {
                errors.add(new FieldError(prefix + name, "UNKNOWN_FIELD", "不允许的字段"));
            }
        }
    }

    /** A required string: missing, null or empty ⇒ REQUIRED; another JSON type ⇒ INVALID_FORMAT. */
    private static String requiredText(ObjectNode node, String name, String path, List<FieldError> errors) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull() || (value.isTextual() && value.textValue().isEmpty())) {
            errors.add(new FieldError(path, "REQUIRED", "必填字段"));
            return null;
        }
        if (!value.isTextual()) {
            errors.add(new FieldError(path, "INVALID_FORMAT", "须为字符串"));
            return null;
        }
        return value.textValue();
    }

    /** An optional string: absent ⇒ null; present members must be non-empty strings (empty ones are omitted). */
    private static String optionalText(ObjectNode node, String name, String path, List<FieldError> errors) {
        JsonNode value = node.get(name);
        if (value == null) {
            return null;
        }
        if (!value.isTextual() || value.textValue().isEmpty()) {
            errors.add(new FieldError(path, "INVALID_FORMAT", "须为非空字符串"));
            return null;
        }
        return value.textValue();
    }

    /** Lengths count characters (code points) as JSON Schema does, so 𠮷 counts once. */
    private static void maxLength(String value, int max, String path, List<FieldError> errors) {
        if (value != null && value.codePointCount(0, value.length()) > max) {
            errors.add(new FieldError(path, "TOO_LONG", "最长" + max + "个字符"));
        }
    }
}
