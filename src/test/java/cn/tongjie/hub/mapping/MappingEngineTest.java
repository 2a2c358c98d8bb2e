package cn.tongjie.hub.mapping;

import cn.tongjie.hub.common.ErrorCode;
import cn.tongjie.hub.common.HubException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MappingEngineTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void reloadKeepsTheOldSetWhenAFileDoesNotCompile() throws IOException {
        write("demo/greet.jslt", "{\"greeting\": \"hello \" + .name}");
        MappingEngine engine = engine();
        assertThat(apply(engine, "demo/greet", "{\"name\": \"A\"}")).isEqualTo(json("{\"greeting\": \"hello A\"}"));

        // A bad edit of the existing file plus a new, valid file: neither may be taken over.
        write("demo/greet.jslt", "{\"greeting\": \"bye \" + .name");
        write("demo/other.jslt", "{\"other\": true}");
        assertThatThrownBy(engine::reload)
                .isInstanceOfSatisfying(HubException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.TJ_MAPPING_FAILED))
                .hasMessageContaining("demo/greet.jslt");

        assertThat(engine.mappingIds()).containsExactly("demo/greet");
        assertThat(apply(engine, "demo/greet", "{\"name\": \"A\"}")).isEqualTo(json("{\"greeting\": \"hello A\"}"));

        // Once fixed, the whole new set goes live at once.
        write("demo/greet.jslt", "{\"greeting\": \"bye \" + .name}");
        engine.reload();
        assertThat(engine.mappingIds()).containsExactly("demo/greet", "demo/other");
        assertThat(apply(engine, "demo/greet", "{\"name\": \"A\"}")).isEqualTo(json("{\"greeting\": \"bye A\"}"));
    }

    @Test
    void reloadKeepsTheOldSetWhenTheLocationIsEmptied() throws IOException {
        write("demo/a.jslt", "{\"a\": 1}");
        MappingEngine engine = engine();
        Files.delete(dir.resolve("demo/a.jslt"));

        assertThatThrownBy(engine::reload).isInstanceOf(HubException.class).hasMessageContaining("no *.jslt");
        assertThat(engine.mappingIds()).containsExactly("demo/a");
    }

    @Test
    void startupFailsOnABadFile() throws IOException {
        write("demo/bad.jslt", "{");
        assertThatThrownBy(this::engine).isInstanceOfSatisfying(HubException.class,
                e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.TJ_MAPPING_FAILED));
    }

    @Test
    void emptyStringsNullsAndEmptyObjectsAreOmittedButFalseAndEmptyArraysStay() throws IOException {
        write("demo/empty.jslt", """
                {"s": .s, "blank": "", "missing": .nope, "obj": {"x": .nope}, "f": false, "zero": 0, "list": [],
                 "nested": {"keep": 1, "drop": ""}}
                """);
        JsonNode out = apply(engine(), "demo/empty", "{\"s\": \"\"}");
        assertThat(out).isEqualTo(json("{\"f\": false, \"zero\": 0, \"list\": [], \"nested\": {\"keep\": 1}}"));
    }

    @Test
    void truncateCountsCodePointsNotUtf16Units() throws IOException {
        write("demo/cut.jslt", "{\"cut\": truncate(.s, 3), \"none\": truncate(.nope, 3), \"short\": truncate(\"ab\", 3)}");
        JsonNode out = apply(engine(), "demo/cut", "{\"s\": \"赵𠮷安先生\"}");
        assertThat(out).isEqualTo(json("{\"cut\": \"赵𠮷安\", \"short\": \"ab\"}"));
    }

    @Test
    void shanghaiTimeConvertsAnyOffsetAndRejectsImpossibleTimes() throws IOException {
        write("demo/time.jslt", "{\"t\": shanghai-time(.t, \"yyyyMMddHHmmss\")}");
        MappingEngine engine = engine();
        assertThat(apply(engine, "demo/time", "{\"t\": \"2026-12-08T16:00Z\"}"))
                .isEqualTo(json("{\"t\": \"20261209000000\"}"));
        assertThat(apply(engine, "demo/time", "{}")).isEqualTo(json("{}"));
        assertThatThrownBy(() -> apply(engine, "demo/time", "{\"t\": \"2026-11-28T25:00:00+08:00\"}"))
                .isInstanceOf(HubException.class)
                .hasMessageContaining("shanghai-time")
                .hasMessageNotContaining("25:00");
        // Shared facts: a timestamp without an offset is +08:00 local time.
        assertThat(apply(engine, "demo/time", "{\"t\": \"2026-11-28T10:00\"}"))
                .isEqualTo(json("{\"t\": \"20261128100000\"}"));
        assertThatThrownBy(() -> apply(engine, "demo/time", "{\"t\": \"28.11.2026\"}"))
                .isInstanceOf(HubException.class);
    }

    @Test
    void unknownMappingAndRuntimeErrorsAreHubExceptionsWithoutInputValues() throws IOException {
        write("demo/num.jslt", "{\"n\": number(.s)}");
        MappingEngine engine = engine();

        assertThatThrownBy(() -> apply(engine, "demo/nope", "{}"))
                .isInstanceOfSatisfying(HubException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.TJ_MAPPING_FAILED));
        assertThatThrownBy(() -> apply(engine, "demo/num", "{\"s\": \"巴特尔\"}"))
                .isInstanceOf(HubException.class)
                .hasMessageContaining("demo/num")
                .hasMessageNotContaining("巴特尔");
    }

    @Test
    void filesDeeperThanAgencyFolderAreNotMappings() throws IOException {
        write("demo/a.jslt", "{\"a\": 1}");
        write("demo/fixtures/a/x.jslt", "{ broken");
        assertThat(engine().mappingIds()).containsExactly("demo/a");
    }

    @Test
    void classpathLocationWorks() {
        // The build copies the repo's mappings/ folder to classpath:mappings/ (the default location).
        MappingEngine engine = new MappingEngine(new MappingProperties(null));
        assertThat(engine.mappingIds()).contains("police/handover-to-dispute", "police/outcome-to-feedback",
                "legal-service/dispute-to-create-case");
    }

    @Test
    void springBindsTheLocationPropertyAndDefaultsToTheClasspath() {
        // A bare context, not the hub: only the mapping beans and property binding.
        ApplicationContextRunner runner = new ApplicationContextRunner()
                .withUserConfiguration(MappingConfiguration.class, MappingEngine.class);
        runner.withPropertyValues("tongjie.mappings.location=" + dir.toUri())
                .run(context -> assertThat(context).hasFailed());
        runner.withPropertyValues("tongjie.mappings.location=file:mappings")
                .run(context -> assertThat(context.getBean(MappingEngine.class).mappingIds())
                        .contains("police/handover-to-dispute"));
        runner.run(context -> assertThat(context.getBean(MappingProperties.class).location())
                .isEqualTo("classpath:mappings/"));
    }

    private MappingEngine engine() {
        return new MappingEngine(new MappingProperties(dir.toUri().toString()));
    }

    private void write(String relative, String content) throws IOException {
        Path file = dir.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content, StandardCharsets.UTF_8);
    }

    private static JsonNode apply(MappingEngine engine, String id, String input) throws IOException {
        return engine.apply(id, json(input));
    }

    private static JsonNode json(String text) throws IOException {
        return JSON.readTree(text);
    }
}
