package cn.tongjie.hub.womensfederation;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Data minimisation of contract §6: the federation may receive only what family mediation needs. The hub redacts its
 * outbound copy (the registry keeps the full data) and checks the finished referral with the federation's own
 * patterns before it leaves, so a referral that would be refused (or should never be seen) is never sent.
 */
final class WfMinimisation {

    /** §6.2, verbatim: a money amount in free text. */
    static final Pattern AMOUNT = Pattern.compile(
            "([0-9０-９]+([.,，．][0-9０-９]+)*|[零〇一二两三四五六七八九十百千万亿]+)\\s*(万元|元|块钱)");
    /** §6.3, verbatim: an 18-character resident ID number in free text. */
    static final Pattern ID_NUMBER = Pattern.compile(
            "[1-9][0-9]{5}(18|19|20)[0-9]{2}(0[1-9]|1[0-2])(0[1-9]|[12][0-9]|3[01])[0-9]{3}[0-9Xx]");
    /** §6.4 recommended replacements; they match neither pattern. */
    static final String AMOUNT_REDACTED = "[金额略]";
    static final String ID_REDACTED = "[证件号略]";

    /** Every member a CaseReferral may have (§5.1); anything else would be refused as UNKNOWN_FIELD (§6.2). */
    static final Set<String> REFERRAL_FIELDS = Set.of("case_ref", "dispute_type", "parties", "summary", "risk_flags",
            "priority", "region_code", "due_at", "source", "source_ref", "sent_at");
    static final Set<String> PARTY_FIELDS = Set.of("role", "name", "gender", "relation", "phone", "id_number", "minor",
            "address");
    static final Set<String> RISK_FIELDS = Set.of("domestic_violence_risk", "self_harm_risk", "minor_involved",
            "elderly_involved");

    private WfMinimisation() {
    }

    /** Free text for the federation: ID numbers first (their digits could otherwise be read as an amount), then amounts. */
    static String redactText(String text) {
        if (text == null) {
            return null;
        }
        String noIds = ID_NUMBER.matcher(text).replaceAll(ID_REDACTED);
        return AMOUNT.matcher(noIds).replaceAll(AMOUNT_REDACTED);
    }

    /** Addresses carry no amounts worth hiding (a house number + 元 is not a thing), only ID numbers (§6.3). */
    static String redactAddress(String address) {
        return address == null ? null : ID_NUMBER.matcher(address).replaceAll(ID_REDACTED);
    }

    /**
     * What in a finished referral §6 forbids, as "field CODE" strings; empty = may be sent. The last line of defence:
     * the builder already strips all of it.
     */
    static List<String> violations(JsonNode referral) {
        List<String> found = new ArrayList<>();
        referral.fieldNames().forEachRemaining(f -> {
            if (!REFERRAL_FIELDS.contains(f)) {
                found.add(f + " UNKNOWN_FIELD");
            }
        });
        referral.path("risk_flags").fieldNames().forEachRemaining(f -> {
            if (!RISK_FIELDS.contains(f)) {
                found.add("risk_flags." + f + " UNKNOWN_FIELD");
            }
        });
        String summary = referral.path("summary").asText("");
        if (AMOUNT.matcher(summary).find()) {
            found.add("summary AMOUNT_NOT_ALLOWED");
        }
        if (ID_NUMBER.matcher(summary).find()) {
            found.add("summary ID_NUMBER_IN_TEXT");
        }
        int i = 0;
        for (JsonNode p : referral.path("parties")) {
            String at = "parties[" + i++ + "]";
            p.fieldNames().forEachRemaining(f -> {
                if (!PARTY_FIELDS.contains(f)) {
                    found.add(at + "." + f + " UNKNOWN_FIELD");
                }
            });
            String role = p.path("role").asText();
            if (p.has("id_number") && !"applicant".equals(role) && !"respondent".equals(role)) {
                found.add(at + ".id_number ID_NOT_ALLOWED");
            }
            if (ID_NUMBER.matcher(p.path("address").asText("")).find()) {
                found.add(at + ".address ID_NUMBER_IN_TEXT");
            }
        }
        return found;
    }
}
