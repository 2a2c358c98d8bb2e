package cn.tongjie.hub.admin.config;

import cn.tongjie.hub.mapping.MappingEngine;
import cn.tongjie.hub.mapping.MappingProperties;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.schibsted.spt.data.jslt.Expression;
import com.schibsted.spt.data.jslt.JsltException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.core.io.support.ResourcePatternResolver;
import org.springframework.stereotype.Component;

/**
 * Checks an edited JSLT mapping before it is written: it must compile with the hub's functions (as the engine
 * compiles it) and still turn every fixture input of that mapping ({@code <agency>/fixtures/<name>/<case>.input.json})
 * into its {@code <case>.expected.json}. The fixtures travel in the jar with the mappings, so this is the same check
 * the build's MappingFixturesTest makes; an edit that is meant to change the output therefore goes through the
 * repository (mapping and fixtures together), while the console serves fixes that keep the agreed output.
 *
 * <p>Fixtures are read next to the mapping location (an operator's {@code file:mappings/} copy carries its own);
 * where that location has none for a mapping, the jar's copy is used, so a mapping is never checked against nothing.
 * Refusal reasons name the fixture case and the JSON pointer only, never a value: fixture data looks like personal
 * data, and reasons are shown and audited.
 */
@Component
class MappingDocs {

    private static final String INPUT = ".input.json";
    private static final String EXPECTED = ".expected.json";

    private final MappingEngine engine;
    private final String location;
    private final ObjectMapper json = new ObjectMapper();
    private final ResourcePatternResolver resolver = new PathMatchingResourcePatternResolver();

    MappingDocs(MappingEngine engine, MappingProperties properties) {
        this.engine = engine;
        this.location = properties.location();
    }

    /** {@code police/handover-to-dispute} → {@code mapping.police.handover-to-dispute}. */
    static String docName(String mappingId) {
        return "mapping." + mappingId.replace('/', '.');
    }

    String location(String mappingId) {
        return location + mappingId + ".jslt";
    }

    String jarCopy(String mappingId) {
        return MappingProperties.DEFAULT_LOCATION + mappingId + ".jslt";
    }

    /** Why {@code text} may not replace mapping {@code mappingId}; empty when it may. */
    List<String> check(String mappingId, String text) {
        Expression expression;
        try {
            expression = engine.compileCandidate(mappingId, text);
        } catch (JsltException e) {
            // a compile error quotes the mapping text, which is configuration, not data
            return List.of("does not compile: " + e.getMessage());
        }
        List<Resource> inputs = fixtureInputs(location, mappingId);
        if (inputs.isEmpty()) {
            inputs = fixtureInputs(MappingProperties.DEFAULT_LOCATION, mappingId);
        }
        if (inputs.isEmpty()) {
            return List.of("no fixtures under " + mappingId.replace("/", "/fixtures/")
                    + "/: the edit cannot be checked against the expected output");
        }
        List<String> reasons = new ArrayList<>();
        for (Resource input : inputs) {
            String name = input.getFilename();
            String fixture = name.substring(0, name.length() - INPUT.length());
            try {
                Resource expectedFile = input.createRelative(fixture + EXPECTED);
                if (!expectedFile.exists()) {
                    reasons.add("fixture " + fixture + ": no " + fixture + EXPECTED);
                    continue;
                }
                JsonNode actual = expression.apply(read(input));
                String diff = firstDifference(read(expectedFile), actual, "");
                if (diff != null) {
                    reasons.add("fixture " + fixture + ": output differs from the expected output at " + diff);
                }
            } catch (JsltException e) {
                // the runtime message can quote input values: position and the mapping's own error() text only
                String own = e.getMessageWithoutLocation();
                reasons.add("fixture " + fixture + ": fails at line " + e.getLine() + " column " + e.getColumn()
                        + (own != null && own.startsWith("error: ") ? " (" + own + ")" : ""));
            } catch (IOException | RuntimeException e) {
                reasons.add("fixture " + fixture + ": " + e.getClass().getSimpleName());
            }
        }
        return reasons;
    }

    private List<Resource> fixtureInputs(String base, String mappingId) {
        String[] parts = mappingId.split("/", 2);
        try {
            Resource[] found = resolver.getResources(base + parts[0] + "/fixtures/" + parts[1] + "/*" + INPUT);
            return Arrays.stream(found).sorted(Comparator.comparing(r -> String.valueOf(r.getFilename()))).toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    private JsonNode read(Resource r) throws IOException {
        try (InputStream in = r.getInputStream()) {
            return json.readTree(in);
        }
    }

    /**
     * The JSON pointer of the first difference, or null when equal. Numbers compare by value (2 = 2.0) and object
     * members in any order, as in MappingFixturesTest.
     */
    static String firstDifference(JsonNode expected, JsonNode actual, String at) {
        if (expected == null || actual == null || expected.isMissingNode() || actual.isMissingNode()) {
            return (expected == null || expected.isMissingNode()) == (actual == null || actual.isMissingNode())
                    ? null : pointer(at);
        }
        if (expected.isNumber() && actual.isNumber()) {
            return expected.decimalValue().compareTo(actual.decimalValue()) == 0 ? null : pointer(at);
        }
        if (expected.getNodeType() != actual.getNodeType()) {
            return pointer(at);
        }
        if (expected.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = expected.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                String d = firstDifference(e.getValue(), actual.path(e.getKey()), at + "/" + e.getKey());
                if (d != null) {
                    return d;
                }
            }
            for (Iterator<String> it = actual.fieldNames(); it.hasNext(); ) {
                String name = it.next();
                if (!expected.has(name)) {
                    return pointer(at + "/" + name) + " (not expected)";
                }
            }
            return null;
        }
        if (expected.isArray()) {
            for (int i = 0; i < Math.max(expected.size(), actual.size()); i++) {
                String d = firstDifference(expected.path(i), actual.path(i), at + "/" + i);
                if (d != null) {
                    return d;
                }
            }
            return null;
        }
        return expected.equals(actual) ? null : pointer(at);
    }

    private static String pointer(String at) {
        return at.isEmpty() ? "/" : at;
    }
}
