package cn.tongjie.hub.court;

import static org.assertj.core.api.Assertions.assertThat;

import cn.tongjie.hub.canonical.JsonSchemas;
import cn.tongjie.hub.mapping.MappingEngine;
import cn.tongjie.hub.mapping.MappingProperties;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tongliao.court.docking.v1.DelegateMediationType;

/**
 * The court/delegation-to-dispute fixtures are what the hub really feeds the mapping: for each delegation sample,
 * the input DelegationIntake builds equals the fixture's input, and the mapped dispute equals the fixture's expected
 * output and is a valid canonical dispute. (MappingFixturesTest runs the same pairs through the engine alone.)
 */
class CourtDelegationMappingTest {

    private static final Path FIXTURES = Path.of("mappings/court/fixtures/delegation-to-dispute");
    private static final ObjectMapper JSON = new ObjectMapper();
    /** -Dcourt.fixtures.write=true regenerates the fixture files (then review the diff before committing). */
    static final boolean WRITE = Boolean.getBoolean("court.fixtures.write");

    @ParameterizedTest(name = "{1}")
    @CsvSource({
        "valid-ca1-delegate-mediation-legacy.xml, story-ca-legacy-middle-dot, TJ-20240603-000001",
        "valid-cb1-delegate-mediation-post-filing-summary.xml, story-cb-post-filing-legal-defendant, TJ-20260302-000001",
        "valid-ch1-delegate-mediation-no-suggested-org.xml, story-ch-no-suggested-org, TJ-20260323-000001",
        "valid-cc1-delegate-mediation-post-filing-ordinary.xml, story-cc-lawyer-agent, TJ-20260413-000001",
        "valid-cm1-delegate-mediation-mtom.http, story-cm-divorce-city-level-org, TJ-20260804-000001"
    })
    void shouldFeedTheMappingWhatTheFixtureShowsAndGetACanonicalDispute(String sample, String fixture,
            String disputeId) throws IOException {
        DelegateMediationType m = CourtOperationSamples.body(sample);
        DelegationIntake intake = new DelegationIntake(null, null, null,
                new MappingEngine(new MappingProperties("file:mappings/")), null, new CourtCodeTables(), JSON);

        // through text, so 9875.40 compares with the fixture's number as JSON does
        JsonNode input = JSON.readTree(JSON.writeValueAsString(intake.mappingInput(m, disputeId)));
        JsonNode output = JSON.readTree(JSON.writeValueAsString(intake.toCanonical(m, disputeId)));

        Path in = FIXTURES.resolve(fixture + ".input.json");
        Path out = FIXTURES.resolve(fixture + ".expected.json");
        if (WRITE) {
            Files.createDirectories(FIXTURES);
            Files.writeString(in, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(input) + "\n");
            Files.writeString(out, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(output) + "\n");
        }
        assertThat(input).isEqualTo(JSON.readTree(in.toFile()));
        assertThat(output).isEqualTo(JSON.readTree(out.toFile()));
        assertThat(JsonSchemas.validate("classpath:canonical/schemas/dispute-1.0.json", output)).isEmpty();
    }
}
