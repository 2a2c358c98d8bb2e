package cn.tongjie.hub.bench.mapping;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Mapping-language comparison (docs/mapping-language.md): JSLT vs JSONata vs DataSonnet on the police handover to
 * canonical dispute mapping. Not a test (Surefire ignores *Benchmark); run with
 * {@code mvn -Pmapping-bench test-compile exec:exec@mapping-bench}.
 *
 * <p>Method, JMH-style without JMH (its annotation processor would have to sit on the normal build's test classpath):
 * <ol>
 *   <li>Equivalence gate: all three must reproduce every expected file of
 *       {@code mappings/police/fixtures/handover-to-dispute/}; otherwise no figures are printed.</li>
 *   <li>Each language is measured in its own fresh JVMs ({@code forks}), so JIT profiles and class loading of one
 *       language never help or hurt another.</li>
 *   <li>In each fork: first compile (cold: includes loading the library's classes), first record, then warm-up
 *       iterations, then measured iterations of fixed wall time, single thread, cycling through all fixture inputs;
 *       outputs go to a sink so the JIT cannot drop the work. Then the median re-compile time once warm.</li>
 * </ol>
 * Options ({@code key=value}): {@code forks=2 warmup=15 iterations=10 seconds=1}; {@code defaults} = those;
 * {@code languages=JSLT,DATASONNET} to measure some only.
 */
public final class MappingLanguageBenchmark {

    private static final Path FIXTURES = Path.of("mappings/police/fixtures/handover-to-dispute");
    private static final String RESULT = "RESULT ";

    /** Keeps outputs alive so the JIT cannot eliminate the mapping work. */
    static volatile long sink;

    private MappingLanguageBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = options(args);
        if (options.containsKey("child")) {
            child(BenchLanguage.valueOf(options.get("child")), options);
            return;
        }
        List<JsonNode[]> fixtures = fixtures();
        if (!equivalent(fixtures)) {
            System.out.println("Outputs differ: no figures (fix the mappings first).");
            System.exit(1);
        }
        machine();
        Path snapshot = Files.createTempDirectory("mapping-bench-classes");
        try {
            String classpath = snapshotClasspath(snapshot);
            int forks = Integer.parseInt(options.get("forks"));
            Map<BenchLanguage, List<Map<String, String>>> results = new LinkedHashMap<>();
            for (BenchLanguage language : languages(options)) {
                for (int fork = 0; fork < forks; fork++) {
                    results.computeIfAbsent(language, l -> new ArrayList<>()).add(fork(language, options, classpath));
                }
            }
            report(results, options);
        } finally {
            try (Stream<Path> files = Files.walk(snapshot)) {
                for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(file);
                }
            }
        }
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new LinkedHashMap<>(Map.of(
                "forks", "2", "warmup", "15", "iterations", "10", "seconds", "1"));
        for (String arg : args) {
            for (String part : arg.trim().split("\\s+")) {
                int eq = part.indexOf('=');
                if (eq > 0) {
                    options.put(part.substring(0, eq), part.substring(eq + 1));
                }
            }
        }
        return options;
    }

    /** {@code languages=JSLT,DATASONNET} re-measures some only; default all. */
    private static List<BenchLanguage> languages(Map<String, String> options) {
        String only = options.get("languages");
        return only == null ? List.of(BenchLanguage.values())
                : Arrays.stream(only.split(",")).map(String::trim).map(BenchLanguage::valueOf).toList();
    }

    /** {input, expected} pairs of the police handover fixtures. */
    private static List<JsonNode[]> fixtures() throws IOException {
        List<JsonNode[]> pairs = new ArrayList<>();
        try (Stream<Path> files = Files.list(FIXTURES)) {
            for (Path input : files.filter(p -> p.toString().endsWith(".input.json")).sorted().toList()) {
                Path expected = Path.of(input.toString().replace(".input.json", ".expected.json"));
                pairs.add(new JsonNode[] {BenchLanguage.JSON.readTree(input.toFile()),
                        BenchLanguage.JSON.readTree(expected.toFile())});
            }
        }
        if (pairs.isEmpty()) {
            throw new IllegalStateException("no fixtures under " + FIXTURES + " (run from the project directory)");
        }
        return pairs;
    }

    private static boolean equivalent(List<JsonNode[]> fixtures) throws ReflectiveOperationException {
        Comparator<JsonNode> numeric = (a, b) -> a.isNumber() && b.isNumber()
                ? a.decimalValue().compareTo(b.decimalValue()) : a.equals(b) ? 0 : 1;
        boolean all = true;
        System.out.printf("Equivalence on %d fixtures of %s:%n", fixtures.size(), FIXTURES);
        for (BenchLanguage language : BenchLanguage.values()) {
            BenchLanguage.Mapper mapper = language.prepare(language.source());
            int same = 0;
            for (JsonNode[] pair : fixtures) {
                JsonNode out = mapper.map(pair[0]);
                if (pair[1].equals(numeric, out)) {
                    same++;
                    if (!pair[1].equals(out)) {
                        System.out.println("  note: " + language + " differs only in number representation");
                    }
                } else {
                    System.out.println("  " + language + " differs on " + pair[0].path("record").path("jjdbh")
                            + ":\n    expected " + pair[1] + "\n    actual   " + out);
                }
            }
            System.out.printf("  %-10s %d/%d identical%n", language, same, fixtures.size());
            all &= same == fixtures.size();
        }
        return all;
    }

    private static void machine() {
        Runtime rt = Runtime.getRuntime();
        System.out.printf("%nJVM %s (%s), %s %s, %d processors visible, max heap of forks: see -Xmx below%n",
                System.getProperty("java.version"), System.getProperty("java.vm.name"),
                System.getProperty("os.name"), System.getProperty("os.arch"), rt.availableProcessors());
    }

    /**
     * Copies the class directories (target/classes, target/test-classes) of this JVM's classpath to a temporary
     * folder: a concurrent build in the same working tree must not pull classes from under a running fork.
     */
    private static String snapshotClasspath(Path snapshot) throws IOException {
        List<String> entries = new ArrayList<>();
        int n = 0;
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path source = Path.of(entry);
            if (!Files.isDirectory(source)) {
                entries.add(entry);
                continue;
            }
            Path target = snapshot.resolve(String.valueOf(n++));
            try (Stream<Path> files = Files.walk(source)) {
                for (Path file : files.toList()) {
                    Path copy = target.resolve(source.relativize(file).toString());
                    if (Files.isDirectory(file)) {
                        Files.createDirectories(copy);
                    } else {
                        Files.copy(file, copy);
                    }
                }
            }
            entries.add(target.toString());
        }
        return String.join(File.pathSeparator, entries);
    }

    private static Map<String, String> fork(BenchLanguage language, Map<String, String> options, String classpath)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                // Fixed heap: no resizing during measurement; G1 as the hub uses by default.
                "-Xms1g", "-Xmx1g",
                "-cp", classpath,
                MappingLanguageBenchmark.class.getName(), "child=" + language.name()));
        options.forEach((k, v) -> command.add(k + "=" + v));
        double loadBefore = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        Map<String, String> result = null;
        Deque<String> tail = new ArrayDeque<>();
        try (BufferedReader out = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                if (line.startsWith(RESULT)) {
                    result = parse(line.substring(RESULT.length()));
                }
                tail.addLast(line);
                if (tail.size() > 40) {
                    tail.removeFirst();
                }
            }
        }
        if (process.waitFor() != 0 || result == null) {
            tail.forEach(System.out::println);
            throw new IllegalStateException(language + " fork failed (exit " + process.exitValue() + ")");
        }
        // Other processes on the machine skew figures; the 1-minute load average makes that visible.
        result.put("load", String.format(Locale.ROOT, "%.2f->%.2f", loadBefore,
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()));
        System.out.printf("  fork %-26s %s%n", language, result);
        return result;
    }

    private static Map<String, String> parse(String line) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String part : line.trim().split(" ")) {
            int eq = part.indexOf('=');
            values.put(part.substring(0, eq), part.substring(eq + 1));
        }
        return values;
    }

    /** Runs in the forked JVM: one language only. */
    private static void child(BenchLanguage language, Map<String, String> options) throws Exception {
        List<JsonNode[]> fixtures = fixtures(); // Jackson is warm before anything is timed.
        JsonNode[] inputs = fixtures.stream().map(p -> p[0]).toArray(JsonNode[]::new);
        String source = language.source();

        long t0 = System.nanoTime();
        Object compiled = language.compileOnly(source);
        long coldCompile = System.nanoTime() - t0;
        sink += compiled.hashCode();

        BenchLanguage.Mapper mapper = language.prepare(source);
        t0 = System.nanoTime();
        sink += mapper.map(inputs[0]).size();
        long firstRecord = System.nanoTime() - t0;

        int warmup = Integer.parseInt(options.get("warmup"));
        int iterations = Integer.parseInt(options.get("iterations"));
        long window = (long) (Double.parseDouble(options.get("seconds")) * 1e9);
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long records = 0;
        List<Long> rates = new ArrayList<>();
        long bytesPerRecord = 0;
        String failure = "none";
        try {
            for (int i = 0; i < warmup; i++) {
                iteration(mapper, inputs, window);
            }
            long allocatedBefore = threads.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < iterations; i++) {
                long[] r = iteration(mapper, inputs, window);
                records += r[0];
                rates.add(Math.round(r[0] * 1e9 / r[1]));
            }
            bytesPerRecord = (threads.getCurrentThreadAllocatedBytes() - allocatedBefore) / Math.max(1, records);
        } catch (Throwable t) {
            // A library that breaks under sustained load is a result too; report it instead of dying silently.
            failure = t.getClass().getSimpleName();
        }

        long[] recompile = new long[51];
        for (int i = 0; i < recompile.length; i++) {
            t0 = System.nanoTime();
            sink += language.compileOnly(source).hashCode();
            recompile[i] = System.nanoTime() - t0;
        }
        Arrays.sort(recompile);

        StringBuilder line = new StringBuilder(RESULT);
        line.append("coldCompileMs=").append(fmt(coldCompile / 1e6))
                .append(" firstRecordMs=").append(fmt(firstRecord / 1e6))
                .append(" warmCompileUs=").append(fmt(recompile[recompile.length / 2] / 1e3))
                .append(" bytesPerRecord=").append(bytesPerRecord)
                .append(" failure=").append(failure)
                .append(" rates=");
        for (int i = 0; i < rates.size(); i++) {
            line.append(i == 0 ? "" : ",").append(rates.get(i));
        }
        System.out.println(line);
        System.out.println("sink " + sink);
    }

    /** One fixed-time iteration; returns {records, nanos}. The clock is read every 64 records. */
    private static long[] iteration(BenchLanguage.Mapper mapper, JsonNode[] inputs, long window) {
        long start = System.nanoTime();
        long end = start + window;
        long records = 0;
        long now;
        int next = 0;
        long local = 0;
        do {
            for (int i = 0; i < 64; i++) {
                local += mapper.map(inputs[next]).size();
                next = next + 1 == inputs.length ? 0 : next + 1;
            }
            records += 64;
            now = System.nanoTime();
        } while (now < end);
        sink += local;
        return new long[] {records, now - start};
    }

    private static void report(Map<BenchLanguage, List<Map<String, String>>> results, Map<String, String> options) {
        System.out.printf("%nSettings: %s; -Xms1g -Xmx1g per fork%n", options);
        System.out.println();
        System.out.println("| Language | records/s (mean ± sd over all measured iterations) | min–max "
                + "| first → last iteration | µs/record | bytes allocated/record | first compile, fresh JVM (ms) "
                + "| first record (ms) | re-compile when warm, median (µs) |");
        System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        for (Map.Entry<BenchLanguage, List<Map<String, String>>> e : results.entrySet()) {
            List<Double> rates = new ArrayList<>();
            double cold = 0;
            double first = 0;
            double warm = 0;
            long bytes = 0;
            StringBuilder drift = new StringBuilder();
            for (Map<String, String> fork : e.getValue()) {
                String[] forkRates = fork.getOrDefault("rates", "").split(",");
                for (String r : forkRates) {
                    if (!r.isEmpty()) {
                        rates.add(Double.parseDouble(r));
                    }
                }
                drift.append(drift.length() == 0 ? "" : "; ")
                        .append(forkRates[0]).append(" → ").append(forkRates[forkRates.length - 1]);
                if (!"none".equals(fork.get("failure"))) {
                    drift.append(" (failed: ").append(fork.get("failure")).append(')');
                }
                cold += Double.parseDouble(fork.get("coldCompileMs"));
                first += Double.parseDouble(fork.get("firstRecordMs"));
                warm += Double.parseDouble(fork.get("warmCompileUs"));
                bytes += Long.parseLong(fork.get("bytesPerRecord"));
            }
            int n = e.getValue().size();
            double mean = rates.stream().mapToDouble(Double::doubleValue).average().orElse(0);
            double sd = Math.sqrt(rates.stream().mapToDouble(r -> (r - mean) * (r - mean)).sum()
                    / Math.max(1, rates.size() - 1));
            double min = rates.stream().mapToDouble(Double::doubleValue).min().orElse(0);
            double max = rates.stream().mapToDouble(Double::doubleValue).max().orElse(0);
            System.out.printf(Locale.ROOT, "| %s | %,.0f ± %,.0f | %,.0f–%,.0f | %s | %.1f | %,d | %.0f | %.1f | %.0f |%n",
                    e.getKey(), mean, sd, min, max, drift, 1e6 / mean, bytes / n, cold / n, first / n, warm / n);
        }
    }

    private static String fmt(double value) {
        return String.format(Locale.ROOT, "%.2f", value);
    }
}
