package cn.tongjie.hub.admin.config;

import static org.assertj.core.api.Assertions.assertThat;

import cn.tongjie.hub.mapping.MappingEngine;
import cn.tongjie.hub.mapping.MappingProperties;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The check of an edited mapping, on the repository's own mappings and fixtures (plain constructors, no Spring): the
 * unchanged text passes, an edit that does not compile or changes a fixture's output is refused with the fixture and
 * the JSON pointer and no value; and the edit lock's If-Match parsing.
 */
class MappingDocsTest {

    private static final MappingProperties REPO = new MappingProperties("file:mappings/");
    private final MappingDocs docs = new MappingDocs(new MappingEngine(REPO), REPO);
    private final ObjectMapper json = new ObjectMapper();

    private static String feedback() throws Exception {
        return Files.readString(Path.of("mappings/police/outcome-to-feedback.jslt"));
    }

    @Test
    void shouldPassTheRunningMappingAndNameItsDocumentAndFile() throws Exception {
        assertThat(docs.check("police/outcome-to-feedback", feedback())).isEmpty();
        assertThat(MappingDocs.docName("legal-service/dispute-to-create-case"))
                .isEqualTo("mapping.legal-service.dispute-to-create-case");
        assertThat(docs.location("police/outcome-to-feedback")).isEqualTo("file:mappings/police/outcome-to-feedback.jslt");
    }

    @Test
    void shouldRefuseAnEditThatDoesNotCompile() throws Exception {
        assertThat(docs.check("police/outcome-to-feedback", "let x = \n" + feedback())).singleElement().asString()
                .startsWith("does not compile");
    }

    @Test
    void shouldRefuseAnEditThatChangesAFixtureOutputNamingThePointerButNoValue() throws Exception {
        assertThat(docs.check("police/outcome-to-feedback", feedback().replace("\"jjdbh\": .jjdbh,",
                "\"jjdbh\": .trackingId,")))
                .isNotEmpty()
                .allSatisfy(r -> assertThat(r).matches("fixture [^:]+: output differs from the expected output at /jjdbh"));
    }

    @Test
    void shouldFindTheFirstDifferenceAsAJsonPointer() throws Exception {
        assertThat(MappingDocs.firstDifference(json.readTree("{\"a\":{\"n\":2}}"), json.readTree("{\"a\":{\"n\":2.0}}"), ""))
                .isNull();
        assertThat(MappingDocs.firstDifference(json.readTree("{\"a\":{\"b\":\"x\"}}"), json.readTree("{\"a\":{\"b\":\"y\"}}"), ""))
                .isEqualTo("/a/b");
        assertThat(MappingDocs.firstDifference(json.readTree("{\"a\":1}"), json.readTree("{\"a\":1,\"z\":\"\"}"), ""))
                .isEqualTo("/z (not expected)");
        assertThat(MappingDocs.firstDifference(json.readTree("[1]"), json.readTree("[1,2]"), "")).isEqualTo("/1");
    }

    @Test
    void shouldReadTheBaseVersionFromIfMatch() {
        assertThat(ConfigController.etagVersion("\"3\"")).isEqualTo(3);
        assertThat(ConfigController.etagVersion("W/\"12\"")).isEqualTo(12);
        assertThat(ConfigController.etagVersion("7")).isEqualTo(7);
        assertThat(ConfigController.etagVersion("*")).isNull();
        assertThat(ConfigController.etagVersion(null)).isNull();
    }
}
