package cn.tongjie.hub.bench.mapping.jmh;

import cn.tongjie.hub.mapping.MappingEngine;
import cn.tongjie.hub.mapping.MappingProperties;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * Mapping alone per agency (issue 8), with JMH: every mapping file {@code mappings/<agency>/<name>.jslt} applied by the
 * hub's own {@link MappingEngine} (as the hub maps: compiled JSLT, the hub's functions, its object filter) to its
 * fixture inputs {@code mappings/<agency>/fixtures/<name>/*.input.json}, one input per operation, in turn. Score =
 * operations per second = records per second, one thread.
 *
 * <p>Lives in src/jmh/java, compiled only in the {@code bench} Maven profile (JMH's annotation processor must not sit
 * on the normal build's classpath). Run by {@code HubE2eBenchmark} after the hub has stopped (bench/run.sh), or alone:
 * {@code mvn -Pbench -DskipTests test-compile exec:exec@mapping-jmh}. Options as in {@link #run}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class MappingJmhBench {

    private static final Path MAPPINGS = Path.of("mappings");
    private static final String INPUT = ".input.json";

    /** Mapping id {@code <agency>/<name>}; the runner passes every mapping that has fixtures. */
    @Param({"police/handover-to-dispute"})
    public String mapping;

    private MappingEngine engine;
    private JsonNode[] inputs;
    private int next;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        engine = new MappingEngine(new MappingProperties(MAPPINGS.toAbsolutePath().toUri().toString()));
        inputs = inputs(mapping).toArray(JsonNode[]::new);
        for (JsonNode in : inputs) {
            // a failing fixture would measure exception handling, not mapping
            engine.apply(mapping, in);
        }
    }

    /** One record through the mapping; the result is returned so the JIT cannot drop the work. */
    @Benchmark
    public JsonNode map() {
        JsonNode in = inputs[next];
        next = next + 1 == inputs.length ? 0 : next + 1;
        return engine.apply(mapping, in);
    }

    static List<JsonNode> inputs(String mappingId) throws IOException {
        String[] parts = mappingId.split("/");
        Path dir = MAPPINGS.resolve(parts[0]).resolve("fixtures").resolve(parts[1]);
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.getFileName().toString().endsWith(INPUT)).sorted().toList()) {
                out.add(json.readTree(f.toFile()));
            }
        }
        return out;
    }

    /** Mapping ids with at least one fixture input, sorted. */
    static List<String> mappingsWithFixtures() throws IOException {
        List<String> ids = new ArrayList<>();
        try (Stream<Path> files = Files.list(MAPPINGS)) {
            for (Path agency : files.filter(Files::isDirectory).sorted().toList()) {
                try (Stream<Path> jslt = Files.list(agency)) {
                    for (Path f : jslt.filter(p -> p.toString().endsWith(".jslt")).sorted().toList()) {
                        String name = f.getFileName().toString().replace(".jslt", "");
                        Path fixtures = agency.resolve("fixtures").resolve(name);
                        if (Files.isDirectory(fixtures)) {
                            ids.add(agency.getFileName() + "/" + name);
                        }
                    }
                }
            }
        }
        return ids;
    }

    /**
     * Runs every mapping; options {@code forks}, {@code warmup} and {@code iterations} (counts), {@code seconds}
     * (iteration length) and {@code verbose}. Returns per mapping: mapping, inputs, score (records/s), error (99.9 %).
     */
    public static List<Map<String, Object>> run(Map<String, String> options) throws RunnerException, IOException {
        List<String> ids = mappingsWithFixtures();
        TimeValue iteration = TimeValue.milliseconds((long) (Double.parseDouble(options.getOrDefault("seconds", "1")) * 1000));
        Options opts = new OptionsBuilder()
                .include(MappingJmhBench.class.getName() + ".map")
                .param("mapping", ids.toArray(String[]::new))
                .forks(Integer.parseInt(options.getOrDefault("forks", "1")))
                .warmupIterations(Integer.parseInt(options.getOrDefault("warmup", "2")))
                .warmupTime(iteration)
                .measurementIterations(Integer.parseInt(options.getOrDefault("iterations", "3")))
                .measurementTime(iteration)
                .threads(1)
                // small heap: the mappings' inputs are a few KB; the fork must not crowd the machine
                .jvmArgs("-Xms256m", "-Xmx256m")
                // verbose=true: JMH's own progress and any exception from a fork
                .verbosity(Boolean.parseBoolean(options.getOrDefault("verbose", "false")) ? VerboseMode.NORMAL
                        : VerboseMode.SILENT)
                .build();
        Collection<RunResult> results = new Runner(opts).run();
        List<Map<String, Object>> out = new ArrayList<>();
        for (RunResult r : results) {
            String id = r.getParams().getParam("mapping");
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("mapping", id);
            row.put("inputs", inputs(id).size());
            row.put("score", r.getPrimaryResult().getScore());
            double error = r.getPrimaryResult().getScoreError();
            row.put("error", Double.isNaN(error) ? 0.0 : error);
            out.add(row);
        }
        out.sort((a, b) -> ((String) a.get("mapping")).compareTo((String) b.get("mapping")));
        if (out.size() != ids.size()) {
            throw new IllegalStateException("JMH measured " + out.size() + " of " + ids.size() + " mappings " + ids
                    + " (a mapping failed on its fixtures? rerun alone with verbose=true)");
        }
        return out;
    }

    /** Alone: {@code key=value} options as for {@link #run}; prints one line per mapping. */
    public static void main(String[] args) throws Exception {
        Map<String, String> o = new LinkedHashMap<>();
        for (String a : args) {
            int eq = a.indexOf('=');
            if (eq > 0) {
                o.put(a.substring(0, eq), a.substring(eq + 1));
            }
        }
        for (Map<String, Object> row : run(o)) {
            System.out.printf(java.util.Locale.ROOT, "%-40s %3d inputs %,12.0f records/s ± %,.0f%n", row.get("mapping"),
                    row.get("inputs"), row.get("score"), row.get("error"));
        }
    }
}
