package cn.tongjie.hub.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Set;

/** Masks personal data for roles that may see that a dispute exists but not who is in it (MONITOR). */
final class Masking {

    private static final Set<String> NAME_FIELDS = Set.of("name", "xm", "bjrxm", "tjr", "mediatorName");
    private static final Set<String> ID_FIELDS = Set.of("idNumber", "sfzh");
    private static final Set<String> PHONE_FIELDS = Set.of("phone", "lxdh", "bjdh", "tjrdh", "mediatorPhone");
    private static final Set<String> ADDRESS_FIELDS = Set.of("address", "fadz");

    private Masking() {
    }

    static String name(String s) {
        if (s == null || s.isEmpty()) {
            return s;
        }
        int first = s.codePointAt(0);
        return new String(Character.toChars(first)) + "**";
    }

    static String id(String s) {
        return s == null || s.length() < 10 ? "****" : s.substring(0, 6) + "********" + s.substring(s.length() - 4);
    }

    static String phone(String s) {
        return s == null || s.length() < 7 ? "****" : s.substring(0, 3) + "****" + s.substring(s.length() - 4);
    }

    /** Masks in place, recursively: names, ID numbers, phones and addresses. Organisation names stay readable. */
    static JsonNode mask(JsonNode node) {
        if (node == null) {
            return null;
        }
        if (node.isObject()) {
            ObjectNode o = (ObjectNode) node;
            // an organisation's name is public information; only people are masked
            boolean organisation = o.hasNonNull("partyType") && !"NATURAL_PERSON".equals(o.path("partyType").asText());
            for (var it = o.fields(); it.hasNext(); ) {
                var e = it.next();
                String f = e.getKey();
                JsonNode v = e.getValue();
                if (v.isTextual()) {
                    if (NAME_FIELDS.contains(f) && !organisation) {
                        e.setValue(o.textNode(name(v.asText())));
                    } else if (ID_FIELDS.contains(f)) {
                        e.setValue(o.textNode(id(v.asText())));
                    } else if (PHONE_FIELDS.contains(f)) {
                        e.setValue(o.textNode(phone(v.asText())));
                    } else if (ADDRESS_FIELDS.contains(f)) {
                        e.setValue(o.textNode("（已脱敏）"));
                    }
                } else {
                    mask(v);
                }
            }
        } else if (node.isArray()) {
            node.forEach(Masking::mask);
        }
        return node;
    }
}
