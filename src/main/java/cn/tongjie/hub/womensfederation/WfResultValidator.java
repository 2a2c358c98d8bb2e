package cn.tongjie.hub.womensfederation;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** postResult checks of contract §7 (400 answers); every problem is listed (§4). */
final class WfResultValidator {

    record Problem(String field, String code, String message) {
    }

    static final Set<String> FIELDS = Set.of("case_ref", "wf_case_id", "result", "agreement_summary", "mediator_name",
            "closed_at", "protection_order_advised", "note");
    static final Set<String> RESULTS = Set.of("resolved", "unresolved", "referred_to_court", "withdrawn");

    private WfResultValidator() {
    }

    /** {@code latestClosedAt} = hub clock + 5 min (§7 CLOSED_AT_IN_FUTURE). */
    static List<Problem> validate(JsonNode r, Instant latestClosedAt) {
        List<Problem> p = new ArrayList<>();
        r.fieldNames().forEachRemaining(f -> {
            if (!FIELDS.contains(f)) {
                p.add(new Problem(f, "UNKNOWN_FIELD", "unknown member"));
            }
        });
        string(r, "case_ref", true, 40, "[A-Za-z0-9-]+", p);
        string(r, "wf_case_id", true, 17, "HYJT-\\d{4}-\\d{7}", p);
        if (string(r, "result", true, 20, null, p) && !RESULTS.contains(r.get("result").asText())) {
            p.add(new Problem("result", "INVALID_VALUE", "not a result code"));
        }
        boolean resolved = "resolved".equals(r.path("result").asText());
        if (r.has("agreement_summary")) {
            if (!resolved) {
                p.add(new Problem("agreement_summary", "FORBIDDEN", "only for result resolved"));
            } else {
                string(r, "agreement_summary", true, 2000, null, p);
            }
        } else if (resolved) {
            p.add(new Problem("agreement_summary", "CONDITIONAL_REQUIRED", "required when result is resolved"));
        }
        string(r, "mediator_name", false, 50, null, p);
        string(r, "note", false, 1000, null, p);
        JsonNode closed = r.get("closed_at");
        if (closed == null || closed.isNull()) {
            p.add(new Problem("closed_at", "REQUIRED", "missing"));
        } else if (!closed.isIntegralNumber() || closed.asLong() < 1_000_000_000_000L
                || closed.asLong() > 9_999_999_999_999L) {
            p.add(new Problem("closed_at", "INVALID_FORMAT", "epoch milliseconds (13 digits) expected"));
        } else if (Instant.ofEpochMilli(closed.asLong()).isAfter(latestClosedAt)) {
            p.add(new Problem("closed_at", "CLOSED_AT_IN_FUTURE", "later than the hub clock + 5 min"));
        }
        JsonNode po = r.get("protection_order_advised");
        if (po == null || po.isNull()) {
            p.add(new Problem("protection_order_advised", "REQUIRED", "missing"));
        } else if (!po.isBoolean()) {
            p.add(new Problem("protection_order_advised", "INVALID_FORMAT", "boolean expected"));
        }
        return p;
    }

    /** True when present and a string of valid length/shape; a problem is added otherwise (when required or wrong). */
    private static boolean string(JsonNode r, String field, boolean required, int max, String pattern,
            List<Problem> p) {
        JsonNode v = r.get(field);
        if (v == null || v.isNull()) {
            if (required) {
                p.add(new Problem(field, "REQUIRED", "missing"));
            }
            return false;
        }
        if (!v.isTextual()) {
            p.add(new Problem(field, "INVALID_FORMAT", "string expected"));
            return false;
        }
        String s = v.asText();
        int len = s.codePointCount(0, s.length());
        if (len < 1 || len > max || (pattern != null && !s.matches(pattern))) {
            p.add(new Problem(field, "INVALID_FORMAT", "1–" + max + " characters" + (pattern != null ? " " + pattern : "")));
            return false;
        }
        return true;
    }
}
