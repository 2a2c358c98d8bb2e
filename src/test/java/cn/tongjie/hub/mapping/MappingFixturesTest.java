package cn.tongjie.hub.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.JsonMetaSchema;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.NonValidationKeyword;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Runs every fixture pair {@code mappings/<agency>/fixtures/<mapping-name>/<case>.input.json} /
 * {@code <case>.expected.json} through the engine (plain constructor, no Spring) against the repo's own
 * {@code mappings/} folder, and checks the output against the target contract's schema where one exists.
 * Adding a fixture pair adds a test case; nothing here needs editing.
 */
class MappingFixturesTest {

    static final Path MAPPINGS = Path.of("mappings");
    private static final String INPUT = ".input.json";
    private static final String EXPECTED = ".expected.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private static MappingEngine engine;
    /** Target-contract schema per mapping id; a mapping without one is only compared with its expected output. */
    private static Map<String, JsonSchema> outputSchemas;
    /** Schema of the interesting part of the input, so fixtures cannot drift from what the hub really receives. */
    private static Map<String, Input> inputSchemas;

    record Input(Function<JsonNode, JsonNode> part, JsonSchema schema) {
    }

    @BeforeAll
    static void setUp() throws IOException {
        engine = new MappingEngine(new MappingProperties("file:" + MAPPINGS + "/"));
        // 2020-12, plus the OpenAPI document's "components" section as a known, non-validating keyword.
        JsonMetaSchema metaSchema = JsonMetaSchema.builder(JsonMetaSchema.getV202012())
                .keyword(new NonValidationKeyword("components")).build();
        JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012,
                builder -> builder.metaSchema(metaSchema));
        JsonSchema canonical = factory.getSchema(readJson(Path.of("src/main/resources/canonical/schemas/dispute-1.0.json")));
        JsonSchema feedback = factory.getSchema(readJson(Path.of("connectors/police/dispute-feedback.schema.json")));
        JsonSchema handover = factory.getSchema(readJson(Path.of("connectors/police/dispute-handover.schema.json")));
        JsonSchema caseAssignment = factory.getSchema(openApiSchema(Path.of("connectors/legal-service/openapi.yaml"),
                "CaseAssignment"));
        outputSchemas = Map.of(
                "court/delegation-to-dispute", canonical,
                "police/handover-to-dispute", canonical,
                "grid/event-to-dispute", canonical,
                "petition/push-to-dispute", canonical,
                "police/outcome-to-feedback", feedback,
                "legal-service/dispute-to-create-case", caseAssignment);
        inputSchemas = Map.of(
                "police/handover-to-dispute", new Input(in -> in.get("record"), handover),
                "petition/push-to-dispute", new Input(in -> in.get("push"),
                        factory.getSchema(openApiSchema(Path.of("connectors/petition/openapi.yaml"), "XfDispute"))),
                "legal-service/dispute-to-create-case", new Input(in -> in.get("dispute"), canonical));
    }

    static Stream<Arguments> fixtures() {
        List<Arguments> cases = new ArrayList<>();
        for (Path dir : fixtureDirs()) {
            String mappingId = dir.getParent().getParent().getFileName() + "/" + dir.getFileName();
            try (Stream<Path> files = Files.list(dir)) {
                files.map(Path::getFileName).map(Path::toString).filter(n -> n.endsWith(INPUT)).sorted()
                        .forEach(n -> cases.add(Arguments.of(mappingId,
                                n.substring(0, n.length() - INPUT.length()), dir)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} / {1}")
    @MethodSource("fixtures")
    void mappingProducesExpectedOutput(String mappingId, String caseName, Path dir) throws IOException {
        JsonNode input = readJson(dir.resolve(caseName + INPUT));
        Path expectedFile = dir.resolve(caseName + EXPECTED);
        assertTrue(Files.exists(expectedFile), "missing " + expectedFile);
        JsonNode expected = readJson(expectedFile);

        Input in = inputSchemas.get(mappingId);
        if (in != null) {
            assertValid("input", in.schema(), in.part().apply(input));
        }

        JsonNode actual = engine.apply(mappingId, input);

        if (!expected.equals(NUMERIC_AWARE, actual)) {
            fail("output differs from " + expectedFile + "\nexpected:\n" + sorted(expected) + "\nactual:\n"
                    + sorted(actual));
        }
        assertNoEmptyMembers(actual, "$");
        JsonSchema target = outputSchemas.get(mappingId);
        if (target != null) {
            assertValid("output", target, actual);
        }
    }

    /** Every mapping file has fixtures and every fixture folder belongs to a mapping file. */
    @Test
    void fixtureFoldersMatchMappingFiles() {
        Set<String> withFixtures = new TreeSet<>();
        for (Path dir : fixtureDirs()) {
            withFixtures.add(dir.getParent().getParent().getFileName() + "/" + dir.getFileName());
        }
        assertThat(withFixtures).isEqualTo(new TreeSet<>(engine.mappingIds()));
    }

    /** The schemas used above do reject what the contracts reject (else a passing fixture would prove little). */
    @Test
    void targetSchemasAcceptContractSamplesAndRejectTheirInvalidOnes() throws IOException {
        JsonSchema caseAssignment = outputSchemas.get("legal-service/dispute-to-create-case");
        Path legal = Path.of("src/test/resources/samples/legal-service");
        assertValid("legal sample", caseAssignment, readJson(legal.resolve("create-case-story-N-neighbour.json")));
        assertValid("legal sample", caseAssignment,
                readJson(legal.resolve("create-case-property-industry-committee.json")));
        assertThat(caseAssignment.validate(readJson(legal.resolve("invalid-create-unknown-field.json")))).isNotEmpty();
        assertThat(caseAssignment.validate(readJson(legal.resolve("invalid-create-single-party.json")))).isNotEmpty();

        JsonSchema feedback = outputSchemas.get("police/outcome-to-feedback");
        JsonNode records = readJson(Path.of("src/test/resources/samples/police/feedback-story-N-accepted-then-success.kafka.json"));
        for (JsonNode record : records.get("records")) {
            assertValid("police sample", feedback, record.get("value"));
        }
        ObjectNode extra = records.get("records").get(0).get("value").deepCopy();
        extra.put("bz", "unknown member");
        assertThat(feedback.validate(extra)).isNotEmpty();
    }

    private static List<Path> fixtureDirs() {
        try (Stream<Path> agencies = Files.list(MAPPINGS)) {
            List<Path> dirs = new ArrayList<>();
            for (Path agency : agencies.filter(Files::isDirectory).sorted().toList()) {
                Path fixtures = agency.resolve("fixtures");
                if (Files.isDirectory(fixtures)) {
                    try (Stream<Path> s = Files.list(fixtures)) {
                        s.filter(Files::isDirectory).sorted().forEach(dirs::add);
                    }
                }
            }
            return dirs;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** JSON equality: 2 and 2.0 are the same number; object member order never matters (ObjectNode.equals). */
    private static final Comparator<JsonNode> NUMERIC_AWARE = (a, b) -> {
        if (a.isNumber() && b.isNumber()) {
            return a.decimalValue().compareTo(b.decimalValue());
        }
        return a.equals(b) ? 0 : 1;
    };

    /** The contracts' rule: optional members are omitted, never "" or null. */
    private static void assertNoEmptyMembers(JsonNode node, String path) {
        if (node.isObject()) {
            node.properties().forEach(e -> {
                JsonNode v = e.getValue();
                String p = path + "." + e.getKey();
                assertTrue(!v.isNull() && !(v.isTextual() && v.textValue().isEmpty()), "empty member " + p);
                assertNoEmptyMembers(v, p);
            });
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                assertNoEmptyMembers(node.get(i), path + "[" + i + "]");
            }
        }
    }

    private static void assertValid(String what, JsonSchema schema, JsonNode node) {
        Set<ValidationMessage> errors = schema.validate(node);
        assertThat(errors).as(what + " violates its schema").isEmpty();
    }

    /**
     * A standalone JSON Schema for one OpenAPI 3.1 component: the component is referenced from a document that carries
     * the contract's whole {@code components} section, so its internal {@code #/components/schemas/..} refs resolve.
     * Read straight from the contract file, so it cannot drift from it.
     */
    static JsonNode openApiSchema(Path openApi, String component) throws IOException {
        JsonNode doc = new YAMLMapper().readTree(openApi.toFile());
        ObjectNode schema = JSON.createObjectNode();
        schema.put("$schema", "https://json-schema.org/draft/2020-12/schema");
        schema.put("$ref", "#/components/schemas/" + component);
        schema.set("components", doc.get("components"));
        return schema;
    }

    static JsonNode readJson(Path file) throws IOException {
        return JSON.readTree(file.toFile());
    }

    private static String sorted(JsonNode node) {
        try {
            Object plain = JSON.convertValue(node, Object.class);
            return JSON.copy().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
                    .writerWithDefaultPrettyPrinter().writeValueAsString(plain);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
