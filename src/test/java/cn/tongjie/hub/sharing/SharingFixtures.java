package cn.tongjie.hub.sharing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;

/**
 * Shared by the sharing property tests of every connector: random canonical disputes with a value in every field, the
 * project's real policy file, and the check that no value of a field the policy denies (or masks) appears in an
 * outbound message.
 *
 * <p>Every free-text value starts with a tag unique to its field and party («F7», «P2name» ...), so a denied value can
 * only show up in an outbound message if it was copied from that very field. Values a mapping cannot copy verbatim
 * anyway (code words such as MALE or police, booleans, whole numbers) are not searched for; the view test checks
 * every field structurally ({@link #leavesOutsidePolicy}).
 */
public final class SharingFixtures {

    public static final String POLICY_FILE = "file:config/sharing-policies.yaml";
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final String CHARS = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"
            + "张王李赵刘陈杨黄周吴纠纷工资离婚邻里欠款村路号";
    private static final String[] CHANNELS = {"COURT_DELEGATED", "COURT_ENTRUSTED", "POLICE_HANDOVER", "PETITION",
        "GRID_REPORT", "HOTLINE_12345", "PARTY_APPLICATION", "OTHER_AGENCY", "UNION", "WOMENS_FEDERATION"};
    private static final String[] AGENCIES = {"police", "court", "petition", "grid", "legal-service", "trade-union",
        "womens-federation"};
    private static final String[] CATEGORIES = {"MARRIAGE_FAMILY", "NEIGHBOUR", "HOUSING_HOMESTEAD", "CONTRACT",
        "BUSINESS", "DAMAGES", "LAND_FOREST", "LAND_REQUISITION", "ENVIRONMENT", "LABOUR", "CONSUMER", "MEDICAL",
        "TRAFFIC", "PROPERTY_MANAGEMENT", "OTHER"};
    private static final String[] REGIONS = {"150502", "150521", "150522", "150523", "150524", "150525", "150526",
        "150581", "150571", "150502001", "150521100", "150502003005"};
    private static final String[] ROLES = {"APPLICANT", "RESPONDENT", "THIRD_PARTY"};
    private static final String[] PARTY_TYPES = {"NATURAL_PERSON", "LEGAL_PERSON", "OTHER_ORGANISATION"};
    private static final String[] ID_TYPES = {"RESIDENT_ID", "RESIDENT_ID", "RESIDENT_ID", "USCC", "PASSPORT", "OTHER"};
    private static final String[] GENDERS = {"MALE", "FEMALE", "UNKNOWN"};
    private static final String[] WARNINGS = {"RED", "ORANGE", "YELLOW", "BLUE"};

    private static SharingPolicies policies;

    private SharingFixtures() {
    }

    /** The policies of config/sharing-policies.yaml, as the hub loads them. */
    public static synchronized SharingPolicies policies() {
        if (policies == null) {
            policies = SharingPolicies.from(POLICY_FILE);
        }
        return policies;
    }

    /** An assignment of the dispute as triage makes it: externalRef = disputeId-01. */
    public static cn.tongjie.hub.registry.Assignment assignment(JsonNode dispute, String agency) {
        String id = dispute.path("disputeId").asText();
        java.time.OffsetDateTime created = java.time.OffsetDateTime.parse("2026-11-28T09:00:00+08:00");
        return new cn.tongjie.hub.registry.Assignment(id + "-01", id, 1, agency, "TGT-01", "某调解委员会", "rule-1",
                "RED".equals(dispute.path("warningLevel").asText()), LocalDate.of(2026, 12, 28),
                cn.tongjie.hub.registry.AssignmentStatus.PENDING, null, null, null, null, null, null, 0, created, null,
                created, created);
    }

    /** A registry mock that holds the dispute as its stored snapshot, for connectors that read it themselves. */
    public static cn.tongjie.hub.registry.DisputeRegistry registryWith(JsonNode dispute) {
        cn.tongjie.hub.registry.DisputeRegistry registry = org.mockito.Mockito.mock(
                cn.tongjie.hub.registry.DisputeRegistry.class);
        java.time.OffsetDateTime at = java.time.OffsetDateTime.parse("2026-11-28T09:00:00+08:00");
        cn.tongjie.hub.registry.Dispute d = new cn.tongjie.hub.registry.Dispute(dispute.path("disputeId").asText(),
                cn.tongjie.hub.registry.DisputeStatus.values()[0], null, dispute.path("category").asText(),
                dispute.path("regionCode").asText(), dispute.path("sourceAgency").asText(),
                dispute.path("sourceChannel").asText(), dispute.path("sourceRef").asText(), null, false, false, false,
                dispute.toString(), at, at);
        org.mockito.Mockito.when(registry.find(d.disputeId())).thenReturn(java.util.Optional.of(d));
        return registry;
    }

    /** Random canonical disputes: every field of dispute-1.0.json filled, 1–6 parties of every role and kind. */
    public static Arbitrary<ObjectNode> disputes() {
        return Arbitraries.randomValue(SharingFixtures::dispute);
    }

    static ObjectNode dispute(Random r) {
        ObjectNode d = JSON.objectNode();
        d.put("disputeId", "TJ-" + (2020 + r.nextInt(10)) + "-" + String.format("%08d", r.nextInt(100_000_000)));
        d.put("sourceChannel", pick(r, CHANNELS));
        d.put("sourceAgency", pick(r, AGENCIES));
        d.put("sourceRef", text(r, "F1"));
        d.put("sourceVersion", text(r, "F2"));
        d.put("category", pick(r, CATEGORIES));
        d.put("sourceCategory", text(r, "F3"));
        d.put("summary", text(r, "F4"));
        d.put("occurredAt", dateTime(r));
        d.put("reportedAt", dateTime(r));
        d.put("regionCode", pick(r, REGIONS));
        d.put("address", text(r, "F5"));
        d.putObject("location").put("longitude", 119 + r.nextInt(4) + r.nextInt(1_000_000) / 1e6 + 1e-7)
                .put("latitude", 42 + r.nextInt(4) + r.nextInt(1_000_000) / 1e6 + 1e-7).put("crs", "WGS84");
        int persons = 1 + r.nextInt(60);
        d.put("personsInvolved", persons);
        d.put("mass", persons >= 5);
        // two decimals, never a whole number, so the amount is recognisable in any output
        d.put("amount", BigDecimal.valueOf(100_000 + r.nextInt(99_900_000), 2).add(new BigDecimal("0.01")));
        d.put("warningLevel", pick(r, WARNINGS));
        d.putObject("reporter").put("name", text(r, "F6")).put("phone", phone(r, 90)).put("anonymous", r.nextBoolean());
        ArrayNode parties = d.putArray("parties");
        int n = 1 + r.nextInt(6);
        for (int i = 0; i < n; i++) {
            ObjectNode p = parties.addObject();
            // the first two are an applicant and a respondent, so the connectors build a complete message
            p.put("role", i < 2 ? ROLES[i] : pick(r, ROLES));
            String type = i == 0 ? "NATURAL_PERSON" : pick(r, PARTY_TYPES);
            p.put("partyType", type);
            p.put("name", text(r, "P" + i + "name"));
            String idType = "NATURAL_PERSON".equals(type) ? pick(r, ID_TYPES) : "USCC";
            p.put("idType", idType);
            p.put("idNumber", "RESIDENT_ID".equals(idType) ? residentId(r, i) : text(r, "P" + i + "id"));
            p.put("gender", pick(r, GENDERS));
            p.put("ethnicity", String.format("%02d", 1 + r.nextInt(56)));
            p.put("phone", phone(r, 10 + i));
            p.put("address", text(r, "P" + i + "addr"));
            p.put("employer", text(r, "P" + i + "empl"));
            p.put("legalRepresentative", text(r, "P" + i + "rep"));
            p.put("caller", r.nextBoolean());
        }
        d.putObject("handlingUnit").put("code", text(r, "F7")).put("name", text(r, "F8"));
        d.put("handoverNote", text(r, "F9"));
        d.putObject("suggestedMediationBody").put("code", text(r, "F10")).put("name", text(r, "F11"))
                .put("mediator", text(r, "F12"));
        d.put("mediationDueAt", dateTime(r));
        return d;
    }

    /**
     * Asserts that no value of a field the recipient's policy denies or masks appears in the outbound message. The
     * denied fields are worked out from the policy paths here, independently of {@link SharingPolicies#view}.
     */
    public static void assertNothingDeniedIn(String recipient, JsonNode dispute, String outbound) {
        Map<String, String> denied = deniedValues(policies().policy(recipient), dispute);
        for (Map.Entry<String, String> e : denied.entrySet()) {
            assertThat(outbound).as("%s must not receive %s (%s)", recipient, e.getKey(), e.getValue())
                    .doesNotContain(e.getValue());
        }
    }

    /** Pointer → value of every searchable leaf the policy does not allow in plain form. */
    static Map<String, String> deniedValues(SharingPolicies.Policy policy, JsonNode dispute) {
        Map<String, String> out = new LinkedHashMap<>();
        leaves(dispute, new ArrayList<>(), new ArrayList<>(), dispute, policy, out);
        return out;
    }

    /**
     * Every leaf of a view lies under a path of the policy (array indexes read as *): a structural check that covers
     * code words, booleans and numbers too, which the value search leaves out.
     */
    static java.util.Set<String> leavesOutsidePolicy(SharingPolicies.Policy policy, JsonNode view) {
        List<List<String>> shapes = new ArrayList<>();
        java.util.stream.Stream.concat(policy.allowed().stream(), policy.masked().keySet().stream()).forEach(p ->
                shapes.add(p.segments().stream().map(s -> s.array() ? "*" : s.name()).toList()));
        java.util.Set<String> outside = new java.util.TreeSet<>();
        shapeLeaves(view, new ArrayList<>(), shapes, outside);
        return outside;
    }

    private static void shapeLeaves(JsonNode node, List<String> at, List<List<String>> shapes,
            java.util.Set<String> outside) {
        if (node.isObject() || node.isArray()) {
            if (node.isObject()) {
                node.fields().forEachRemaining(e -> {
                    at.add(e.getKey());
                    shapeLeaves(e.getValue(), at, shapes, outside);
                    at.remove(at.size() - 1);
                });
            } else {
                node.forEach(el -> {
                    at.add("*");
                    shapeLeaves(el, at, shapes, outside);
                    at.remove(at.size() - 1);
                });
            }
            return;
        }
        if (shapes.stream().noneMatch(sh -> sh.size() <= at.size() && at.subList(0, sh.size()).equals(sh))) {
            outside.add("/" + String.join("/", at));
        }
    }

    /** Pointer → value of every searchable leaf the policy allows in plain form. */
    static Map<String, String> allowedValues(SharingPolicies.Policy policy, JsonNode dispute) {
        Map<String, String> all = new LinkedHashMap<>();
        collect(dispute, "", all);
        Map<String, String> denied = deniedValues(policy, dispute);
        all.keySet().removeAll(denied.keySet());
        return all;
    }

    private static void collect(JsonNode node, String at, Map<String, String> out) {
        if (node.isObject()) {
            node.fields().forEachRemaining(e -> collect(e.getValue(), at + "/" + e.getKey(), out));
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                collect(node.get(i), at + "/" + i, out);
            }
        } else if (searchable(node)) {
            out.put(at, node.asText());
        }
    }

    private static void leaves(JsonNode node, List<String> names, List<JsonNode> owners, JsonNode root,
            SharingPolicies.Policy policy, Map<String, String> out) {
        if (node.isObject()) {
            node.fields().forEachRemaining(e -> {
                names.add(e.getKey());
                owners.add(node);
                leaves(e.getValue(), names, owners, root, policy, out);
                names.remove(names.size() - 1);
                owners.remove(owners.size() - 1);
            });
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                names.add("#" + i);
                owners.add(node);
                leaves(node.get(i), names, owners, root, policy, out);
                names.remove(names.size() - 1);
                owners.remove(owners.size() - 1);
            }
        } else if (searchable(node)) {
            boolean plain = policy.allowed().stream().anyMatch(p -> covers(p, names, owners));
            boolean masked = policy.masked().keySet().stream().anyMatch(p -> covers(p, names, owners));
            if (!plain || masked) {
                out.put("/" + String.join("/", names).replace("#", ""), node.asText());
            }
        }
    }

    /** Whether a policy path selects the leaf at names (array steps as "#index"); a path may end above the leaf. */
    private static boolean covers(FieldPath path, List<String> names, List<JsonNode> owners) {
        List<FieldPath.Segment> segs = path.segments();
        if (segs.size() > names.size()) {
            return false;
        }
        for (int i = 0; i < segs.size(); i++) {
            FieldPath.Segment s = segs.get(i);
            String name = names.get(i);
            if (s.array()) {
                if (!name.startsWith("#")) {
                    return false;
                }
                JsonNode element = owners.get(i).get(Integer.parseInt(name.substring(1)));
                if (!s.accepts(element)) {
                    return false;
                }
            } else if (!s.name().equals(name)) {
                return false;
            }
        }
        return true;
    }

    /** Values a mapping could copy verbatim and that cannot occur by chance: tagged text, IDs, phones, decimals. */
    private static boolean searchable(JsonNode v) {
        if (v.isTextual()) {
            String t = v.asText();
            // a 6-digit county code is also the start of every resident ID issued there: not distinctive
            return t.length() >= 6 && !t.matches("[A-Za-z_-]+") && !t.matches("[0-9]{6}");
        }
        return v.isNumber() && !v.isIntegralNumber();
    }

    private static String text(Random r, String tag) {
        StringBuilder b = new StringBuilder("«").append(tag).append('»');
        int n = 3 + r.nextInt(25);
        for (int i = 0; i < n; i++) {
            b.append(CHARS.charAt(r.nextInt(CHARS.length())));
        }
        return b.toString();
    }

    /** A valid 18-character resident ID; the sequence number carries the party index, so no two parties share one. */
    private static String residentId(Random r, int index) {
        LocalDate birth = LocalDate.of(1940, 1, 1).plusDays(r.nextInt(365 * 85));
        String first17 = pick(r, new String[] {"150502", "150521", "150581", "110101"})
                + birth.format(java.time.format.DateTimeFormatter.BASIC_ISO_DATE)
                + index + String.format("%02d", r.nextInt(100));
        return first17 + cn.tongjie.hub.common.IdNumbers.residentIdCheckChar(first17);
    }

    private static String phone(Random r, int unique) {
        return "13" + String.format("%02d", unique % 100) + String.format("%07d", r.nextInt(10_000_000));
    }

    private static String dateTime(Random r) {
        return String.format("20%02d-%02d-%02dT%02d:%02d:%02d+08:00", 20 + r.nextInt(7), 1 + r.nextInt(12),
                1 + r.nextInt(28), r.nextInt(24), r.nextInt(60), r.nextInt(60));
    }

    private static String pick(Random r, String[] values) {
        return values[r.nextInt(values.length)];
    }
}
