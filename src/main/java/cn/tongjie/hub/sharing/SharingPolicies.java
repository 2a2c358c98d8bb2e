package cn.tongjie.hub.sharing;

import cn.tongjie.hub.common.ErrorCode;
import cn.tongjie.hub.common.HubException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.io.DefaultResourceLoader;
import org.springframework.core.io.Resource;
import org.springframework.stereotype.Component;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The one enforcement point of the sharing policies (config/sharing-policies.yaml): given a recipient agency and a
 * canonical dispute, {@link #view} returns the copy that recipient may see — allowed fields as they are, masked fields
 * masked, everything else removed (default deny). Every connector builds its outbound payload from this view only.
 *
 * <p>Policies are validated against the canonical dispute schema when loaded: an unknown recipient, a path that is not
 * in the schema, an unknown mask or a missing recipient refuses the file (at start: the hub does not start; on a
 * reload: the running policies stay).
 */
@Component
public class SharingPolicies {

    private static final Logger log = LoggerFactory.getLogger(SharingPolicies.class);
    static final String JAR_COPY = "classpath:config/sharing-policies.yaml";
    static final String SCHEMA = "canonical/schemas/dispute-1.0.json";
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    /** The file as written by an administrator. */
    record PolicyFile(Integer version, Map<String, RecipientFile> recipients) {
    }

    /** One recipient's block: why it gets data, what it may see plainly, what only masked. */
    record RecipientFile(String purpose, List<String> allow, Map<String, String> mask) {
    }

    /** A validated recipient policy. Masked paths win over allowed ones where both match a field. */
    public record Policy(String recipient, List<FieldPath> allowed, Map<FieldPath, Mask> masked) {
    }

    private record Loaded(Map<String, Policy> policies, String source, long lastModified) {
    }

    private final String location;
    private final JsonNode schema;
    private final AtomicReference<Loaded> current = new AtomicReference<>();

    @Autowired
    SharingPolicies(SharingProperties props) {
        this(props.policiesLocation());
    }

    private SharingPolicies(String location) {
        this.location = location;
        this.schema = loadSchema();
        Loaded first = load(resource());
        current.set(first);
        log.info("Sharing policies loaded from {} for {} recipients", first.source(), first.policies().size());
    }

    /** For tests and tools: policies from the given location (a Spring resource string). */
    public static SharingPolicies from(String location) {
        return new SharingPolicies(location);
    }

    /** Re-reads the file if it changed; keeps the running policies (and throws) if the new version is invalid. */
    public synchronized boolean reloadIfChanged() {
        Resource r = resource();
        Loaded running = current.get();
        if (lastModified(r) == running.lastModified() && r.getDescription().equals(running.source())) {
            return false;
        }
        Loaded next = load(r);
        current.set(next);
        log.info("Sharing policies reloaded from {}", next.source());
        return true;
    }

    /** The recipients that have a policy (every agency the canonical model knows). */
    public Set<String> recipients() {
        return new TreeSet<>(current.get().policies().keySet());
    }

    public Policy policy(String recipient) {
        Policy p = current.get().policies().get(recipient);
        if (p == null) {
            throw new HubException(ErrorCode.TJ_INTERNAL, "no sharing policy for recipient " + recipient);
        }
        return p;
    }

    /** The view of a stored snapshot (canonical JSON) for one recipient. */
    public ObjectNode view(String recipient, String snapshotJson) {
        try {
            return view(recipient, snapshotJson == null ? JsonNodeFactory.instance.objectNode()
                    : MAPPER.readTree(snapshotJson));
        } catch (JsonProcessingException e) {
            // never quote the snapshot: it holds personal data
            throw new HubException(ErrorCode.TJ_INTERNAL, "dispute snapshot unreadable for the sharing view", e);
        }
    }

    /** The view of a canonical dispute for one recipient: a new tree, the input is left untouched. */
    public ObjectNode view(String recipient, JsonNode dispute) {
        Policy p = policy(recipient);
        JsonNode out = JsonNodeFactory.instance.objectNode();
        for (FieldPath path : p.allowed()) {
            out = merge(out, extract(path.segments(), 0, dispute, null));
        }
        for (Map.Entry<FieldPath, Mask> m : p.masked().entrySet()) {
            out = merge(out, extract(m.getKey().segments(), 0, dispute, m.getValue()));
        }
        prune(out);
        return (ObjectNode) out;
    }

    // ------------------------------------------------------------------ projection

    /** The part of {@code node} one path selects, same shape (arrays keep their indexes; NullNode = not selected). */
    private static JsonNode extract(List<FieldPath.Segment> segs, int i, JsonNode node, Mask mask) {
        if (node == null || node.isMissingNode() || node.isNull()) {
            return null;
        }
        if (i == segs.size()) {
            return masked(node.deepCopy(), mask);
        }
        FieldPath.Segment s = segs.get(i);
        if (s.array()) {
            if (!node.isArray()) {
                return null;
            }
            ArrayNode a = JsonNodeFactory.instance.arrayNode();
            for (JsonNode el : node) {
                JsonNode part = s.accepts(el) ? extract(segs, i + 1, el, mask) : null;
                a.add(part == null ? NullNode.instance : part);
            }
            return a;
        }
        if (!node.isObject() || !node.has(s.name())) {
            return null;
        }
        JsonNode part = extract(segs, i + 1, node.get(s.name()), mask);
        if (part == null) {
            return null;
        }
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.set(s.name(), part);
        return o;
    }

    /** Text leaves masked; any other leaf under a mask is dropped (a mask never lets a value through unmasked). */
    private static JsonNode masked(JsonNode node, Mask mask) {
        if (mask == null) {
            return node;
        }
        if (node.isTextual()) {
            return TextNode.valueOf(mask.apply(node.asText()));
        }
        if (node.isObject()) {
            ObjectNode o = (ObjectNode) node;
            List<String> names = new ArrayList<>();
            o.fieldNames().forEachRemaining(names::add);
            for (String n : names) {
                JsonNode m = masked(o.get(n), mask);
                if (m == null) {
                    o.remove(n);
                } else {
                    o.set(n, m);
                }
            }
            return o;
        }
        if (node.isArray()) {
            ArrayNode a = JsonNodeFactory.instance.arrayNode();
            for (JsonNode el : node) {
                JsonNode m = masked(el, mask);
                a.add(m == null ? NullNode.instance : m);
            }
            return a;
        }
        return null;
    }

    private static JsonNode merge(JsonNode into, JsonNode part) {
        if (part == null || part.isNull()) {
            return into;
        }
        if (into == null || into.isNull()) {
            return part;
        }
        if (into.isObject() && part.isObject()) {
            ObjectNode o = (ObjectNode) into;
            part.fields().forEachRemaining(e -> o.set(e.getKey(), merge(o.get(e.getKey()), e.getValue())));
            return o;
        }
        if (into.isArray() && part.isArray()) {
            ArrayNode a = (ArrayNode) into;
            for (int i = 0; i < part.size(); i++) {
                if (i < a.size()) {
                    a.set(i, merge(a.get(i), part.get(i)));
                } else {
                    a.add(part.get(i));
                }
            }
            return a;
        }
        return part; // two rules on one leaf: the later (a mask) wins
    }

    /** Drops the placeholders of unselected array elements and objects left empty. */
    private static void prune(JsonNode node) {
        if (node.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> it = node.fields();
            while (it.hasNext()) {
                JsonNode v = it.next().getValue();
                prune(v);
                if (v.isNull() || (v.isObject() && v.isEmpty())) {
                    it.remove();
                }
            }
        } else if (node.isArray()) {
            Iterator<JsonNode> it = node.elements();
            while (it.hasNext()) {
                JsonNode v = it.next();
                prune(v);
                if (v.isNull() || (v.isObject() && v.isEmpty())) {
                    it.remove();
                }
            }
        }
    }

    // ------------------------------------------------------------------ loading and validation

    private Resource resource() {
        DefaultResourceLoader loader = new DefaultResourceLoader();
        Resource r = loader.getResource(location);
        return r.exists() ? r : loader.getResource(JAR_COPY);
    }

    private Loaded load(Resource r) {
        try (InputStream in = r.getInputStream()) {
            String yaml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return new Loaded(validate(parse(yaml), schema, r.getDescription()), r.getDescription(), lastModified(r));
        } catch (IOException e) {
            throw new HubException(ErrorCode.TJ_CONFIG_INVALID, "sharing policies unreadable: " + r.getDescription(),
                    e);
        }
    }

    /** Validates a candidate text without applying it (tests, a future admin "validate" action). */
    public static void validateText(String yaml) {
        validate(parse(yaml), loadSchema(), "candidate");
    }

    private static PolicyFile parse(String yaml) {
        try {
            Object tree = new Yaml(new SafeConstructor(new LoaderOptions())).load(yaml);
            return MAPPER.convertValue(tree, PolicyFile.class);
        } catch (RuntimeException e) {
            throw new HubException(ErrorCode.TJ_CONFIG_INVALID,
                    "sharing policies are not valid YAML of the expected shape: " + e.getMessage(), e);
        }
    }

    private static Map<String, Policy> validate(PolicyFile f, JsonNode schema, String source) {
        if (f == null || f.recipients() == null) {
            throw new HubException(ErrorCode.TJ_CONFIG_INVALID, "sharing policies " + source + " need 'recipients'");
        }
        Set<String> known = new TreeSet<>();
        schema.path("properties").path("sourceAgency").path("enum").forEach(a -> known.add(a.asText()));
        List<String> problems = new ArrayList<>();
        Map<String, Policy> out = new LinkedHashMap<>();
        for (Map.Entry<String, RecipientFile> e : f.recipients().entrySet()) {
            String recipient = e.getKey();
            if (!known.contains(recipient)) {
                problems.add("unknown recipient '" + recipient + "' (known: " + known + ")");
                continue;
            }
            RecipientFile rf = e.getValue() == null ? new RecipientFile(null, null, null) : e.getValue();
            List<FieldPath> allowed = new ArrayList<>();
            Set<String> seen = new TreeSet<>();
            for (String text : rf.allow() == null ? List.<String>of() : rf.allow()) {
                FieldPath p = checked(recipient, text, schema, problems);
                if (p != null && seen.add(text)) {
                    allowed.add(p);
                } else if (p != null) {
                    problems.add(recipient + ": path " + text + " listed twice");
                }
            }
            Map<FieldPath, Mask> masked = new LinkedHashMap<>();
            for (Map.Entry<String, String> m : rf.mask() == null ? Map.<String, String>of().entrySet()
                    : rf.mask().entrySet()) {
                FieldPath p = checked(recipient, m.getKey(), schema, problems);
                Mask mask = null;
                try {
                    mask = Mask.valueOf(String.valueOf(m.getValue()));
                } catch (IllegalArgumentException unknown) {
                    problems.add(recipient + ": unknown mask '" + m.getValue() + "' for " + m.getKey() + " (known: "
                            + List.of(Mask.values()) + ")");
                }
                if (p != null && mask != null) {
                    masked.put(p, mask);
                }
            }
            out.put(recipient, new Policy(recipient, List.copyOf(allowed), Map.copyOf(masked)));
        }
        for (String k : known) {
            if (!f.recipients().containsKey(k)) {
                problems.add("no policy for recipient '" + k + "' (write an empty block to deny it everything)");
            }
        }
        if (!problems.isEmpty()) {
            throw new HubException(ErrorCode.TJ_CONFIG_INVALID, "sharing policies " + source + " refused: "
                    + String.join("; ", problems));
        }
        return Map.copyOf(out);
    }

    /** Parses a path and checks every step against the canonical dispute schema. */
    private static FieldPath checked(String recipient, String text, JsonNode schema, List<String> problems) {
        FieldPath p;
        try {
            p = FieldPath.parse(text);
        } catch (HubException e) {
            problems.add(recipient + ": " + e.getMessage());
            return null;
        }
        JsonNode at = schema;
        String walked = "";
        for (FieldPath.Segment s : p.segments()) {
            at = resolve(at, schema);
            if (s.array()) {
                if (!"array".equals(at.path("type").asText())) {
                    problems.add(recipient + ": path " + text + ": " + (walked.isEmpty() ? "/" : walked)
                            + " is not an array, * does not apply");
                    return null;
                }
                at = resolve(at.path("items"), schema);
                if (s.filterMember() != null) {
                    JsonNode member = at.path("properties").path(s.filterMember());
                    if (member.isMissingNode()) {
                        problems.add(recipient + ": path " + text + ": unknown filter field " + s.filterMember());
                        return null;
                    }
                    for (String v : s.filterValues()) {
                        if (member.has("enum") && !contains(member.path("enum"), v)) {
                            problems.add(recipient + ": path " + text + ": " + s.filterMember() + " is never '" + v
                                    + "'");
                            return null;
                        }
                    }
                }
                walked += "/*";
            } else {
                JsonNode next = at.path("properties").path(s.name());
                if (next.isMissingNode()) {
                    problems.add(recipient + ": unknown path " + text + " (no field '" + s.name() + "' at "
                            + (walked.isEmpty() ? "/" : walked) + " of the canonical dispute)");
                    return null;
                }
                at = next;
                walked += "/" + s.name();
            }
        }
        return p;
    }

    private static boolean contains(JsonNode array, String v) {
        for (JsonNode e : array) {
            if (v.equals(e.asText())) {
                return true;
            }
        }
        return false;
    }

    private static JsonNode resolve(JsonNode node, JsonNode root) {
        String ref = node.path("$ref").asText("");
        return ref.startsWith("#/") ? root.at(ref.substring(1)) : node;
    }

    private static JsonNode loadSchema() {
        try (InputStream in = new DefaultResourceLoader().getResource("classpath:" + SCHEMA).getInputStream()) {
            return MAPPER.readTree(in);
        } catch (IOException e) {
            throw new HubException(ErrorCode.TJ_INTERNAL, "canonical dispute schema missing: " + SCHEMA, e);
        }
    }

    private static long lastModified(Resource r) {
        try {
            return r.isFile() ? r.lastModified() : 0L;
        } catch (IOException e) {
            return 0L;
        }
    }
}
