package cn.tongjie.hub.bench.e2e;

import cn.tongjie.hub.simulator.legal.LegalServiceSimulator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

/**
 * End-to-end benchmark of the hub (issue 8 groundwork). Run by {@code bench/run.sh}; see docs/benchmarks.md.
 *
 * <p>This JVM is the load generator. It starts the hub as a separate JVM ({@code java -Xmx512m -jar
 * target/tongjie-hub-*.jar}, demo profile, embedded broker and H2 file store in a temporary directory, police simulator
 * off) and, by default, hosts the legal-service simulator itself (answering createCase at once, no case life cycle),
 * so the hub's CPU and memory figures contain the hub alone. Scenarios, in this order:
 * <ol>
 *   <li>warm-up (not reported as a figure);</li>
 *   <li>bare Kafka on the hub's broker: single hop produce → consume, and an at-least-once pass-through
 *       (consume → produce acks=all → commit) at the maximum rate and at the fixed rate;</li>
 *   <li>hub end to end at the maximum rate, at half the rate it just reached, and at the fixed rate (500/s).</li>
 * </ol>
 * End-to-end latency = from the handover's send (max rate) or intended send time (fixed rate) to the moment this JVM
 * consumes the hub's feedback czjg 01 for that jjdbh on {@code police.110.dispute-feedback} — the hub produces it
 * after the legal-service system answered 201 to createCase. After the load: idle memory, a full GC (live set), a
 * graceful stop, the per-stage breakdown from the hub's store, and a restart on the same data (ready time).
 *
 * <p>Options ({@code key=value}): see {@link #DEFAULTS}. Bounded: every wait has a deadline and the whole run stops
 * starting new scenarios when {@code budget} seconds are used up. Loopback only.
 */
public final class HubE2eBenchmark {

    static final Map<String, String> DEFAULTS = defaults();
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final LocalDate FIRST_DAY = LocalDate.of(2026, 1, 1);

    private HubE2eBenchmark() {
    }

    private static Map<String, String> defaults() {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("jar", "target/tongjie-hub-*.jar");
        d.put("out", "target/bench");
        d.put("budget", "720");          // seconds for this harness (the build comes on top)
        d.put("xmx", "512m");            // the hub's -Xmx (target: heap ≤ 512 MB)
        d.put("simulator", "loadgen");   // loadgen | hub: where the legal-service simulator runs
        d.put("warmup", "600");          // handovers before anything is measured (JIT, pools, consumer groups)
        d.put("bare.records", "20000");  // bare Kafka at the maximum rate
        d.put("bare.seconds", "20");     // bare pass-through at the fixed rate, for this long
        d.put("max.records", "3000");    // hub at the maximum rate
        d.put("half.seconds", "30");     // hub at half its measured maximum, for this long
        d.put("rate", "500");            // the fixed rate of the issue, records per second
        d.put("fixed.seconds", "10");    // hub at the fixed rate, for this long
        d.put("timeout", "240");         // longest wait for the last answer after the last send, seconds
        d.put("intake.warmup", "1500");  // requests to each synchronous intake before its figures (JIT, pools)
        d.put("intake.concurrency", "32"); // closed loop: connections sending back to back (the maximum rate)
        d.put("intake.seconds", "15");   // closed loop per intake, seconds
        d.put("intake.rate", "500");     // open loop per intake, requests per second
        d.put("intake.fixed.seconds", "10"); // open loop per intake, seconds
        d.put("mapping", "true");        // false: skip the JMH mapping benchmark
        d.put("mapping.forks", "1");     // JMH forks per mapping
        d.put("mapping.warmup", "2");    // JMH warm-up iterations of mapping.seconds
        d.put("mapping.iterations", "3"); // JMH measured iterations of mapping.seconds
        d.put("mapping.seconds", "1");   // JMH iteration length
        d.put("e2e", "true");            // false: skip warm-up, bare Kafka and hub e2e (intakes and mapping only)
        d.put("ready.timeout", "180");   // longest wait for /actuator/health/readiness UP after a (re)start, s
        d.put("profile", "false");       // true: JFR recording of the hub + thread dumps under load
        d.put("command", "bench/run.sh");
        d.put("rev", "unknown");
        return d;
    }

    // ------------------------------------------------------------------------------------------ resources

    /** CPU, memory and GC figures of one time window. */
    record Resources(double seconds, double hubCores, double loadgenCores, double machineCores, double otherCores,
            double rssMaxMb,
            double heapMaxMb, double heapCommittedMaxMb, double gcCount, double gcTotalMs, double gcMaxMs) {
    }

    /** Accumulates one window; the sampler raises the maxima every second. */
    static final class Window {
        final long wall0 = System.nanoTime();
        final long hubCpu0;
        final long loadCpu0 = loadgenCpuNanos();
        final long[] machine0;
        final double[] gc0;
        volatile long rssMaxKb;
        volatile double heapMax;
        volatile double heapCommittedMax;

        Window(HubProcessBench hub) {
            hubCpu0 = hub.cpuNanos();
            machine0 = hub.machineCpuNanos();
            gc0 = hub.gcPauses();
        }

        void sample(long rssKb, double heap, double committed) {
            rssMaxKb = Math.max(rssMaxKb, rssKb);
            heapMax = Math.max(heapMax, heap);
            heapCommittedMax = Math.max(heapCommittedMax, committed);
        }

        Resources end(HubProcessBench hub) {
            double secs = (System.nanoTime() - wall0) / 1e9;
            long[] m = hub.machineCpuNanos();
            double[] gc = hub.gcPauses();
            double[] heap = hub.heapBytes();
            sample(hub.rssKb()[0], heap[0], heap[1]);
            double hubCores = (hub.cpuNanos() - hubCpu0) / 1e9 / secs;
            double loadCores = (loadgenCpuNanos() - loadCpu0) / 1e9 / secs;
            double machineCores = (m[0] - machine0[0]) / 1e9 / secs;
            // gcPauses() answers -1 when the actuator did not answer (an overloaded hub): unknown, not negative
            boolean gcKnown = gc[0] >= 0 && gc0[0] >= 0;
            return new Resources(secs, hubCores, loadCores, machineCores, machineCores - hubCores - loadCores,
                    rssMaxKb / 1024.0, heapMax / (1024.0 * 1024), heapCommittedMax / (1024.0 * 1024),
                    gcKnown ? gc[0] - gc0[0] : Double.NaN, gcKnown ? (gc[1] - gc0[1]) * 1000 : Double.NaN,
                    gc[2] >= 0 ? gc[2] * 1000 : Double.NaN);
        }
    }

    static long loadgenCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    // ------------------------------------------------------------------------------------------ results

    record Latency(double p50, double p95, double p99, double max, double mean) {
        static Latency of(long[] sortedNanos) {
            double mean = 0;
            for (long v : sortedNanos) {
                mean += v / 1e6;
            }
            return new Latency(HandoverLoadBench.percentileMs(sortedNanos, 0.50),
                    HandoverLoadBench.percentileMs(sortedNanos, 0.95), HandoverLoadBench.percentileMs(sortedNanos, 0.99),
                    sortedNanos.length == 0 ? Double.NaN : sortedNanos[sortedNanos.length - 1] / 1e6,
                    sortedNanos.length == 0 ? Double.NaN : mean / sortedNanos.length);
        }
    }

    record Scenario(String id, String title, String path, double offeredRate, int records, int completed,
            int duplicates, int produceErrors, double produceSeconds, double produceRate, double throughput,
            Latency latency, Resources resources, boolean timedOut, String note, int concurrency) {
    }

    /** JMH result of one mapping on its fixtures: records per second (mean ± 99.9 % error), single thread. */
    record MappingResult(String mapping, int inputs, double recordsPerSecond, double error, int forks,
            int iterations, double iterationSeconds) {
    }

    record Run(String startedAt, Map<String, String> options, Map<String, String> machine, Map<String, Object> settings,
            long readyColdMs, String springStartedLine, List<Scenario> scenarios,
            Map<String, List<StageBreakdownBench.Stage>> stages, Map<String, Object> memory, long stopMs,
            long readyRestartMs, Map<String, Object> checks, List<String> notes, List<MappingResult> mappings) {
    }

    // ------------------------------------------------------------------------------------------ main

    public static void main(String[] args) throws Exception {
        // The load generator's own Kafka clients log at INFO by default; only warnings matter here.
        ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
                .setLevel(ch.qos.logback.classic.Level.WARN);
        Map<String, String> o = new LinkedHashMap<>(DEFAULTS);
        for (String a : args) {
            int eq = a.indexOf('=');
            if (eq > 0) {
                o.put(a.substring(0, eq), a.substring(eq + 1));
            }
        }
        if (o.containsKey("render")) {
            // Re-render a finished run (results.json) with the current report code, without running anything.
            Path json = Path.of(o.get("render"));
            Run run = JSON.readValue(json.toFile(), Run.class);
            Files.writeString(json.resolveSibling("results.md"), ReportBench.markdown(run));
            log("rendered " + json.resolveSibling("results.md"));
            return;
        }
        long started = System.nanoTime();
        long budgetEnd = started + TimeUnit.SECONDS.toNanos(Long.parseLong(o.get("budget")));
        Path out = Path.of(o.get("out"));
        Files.createDirectories(out);
        Path jar = resolveJar(o.get("jar"));
        Path data = Files.createTempDirectory("tongjie-bench-");
        Path hubLog = out.resolve("hub.log");
        Files.deleteIfExists(hubLog);
        boolean profile = Boolean.parseBoolean(o.get("profile"));
        boolean simInLoadgen = !"hub".equals(o.get("simulator"));
        // e2e=false: none of the Kafka and end-to-end scenarios (a quick run of the intakes and the mapping benchmark)
        boolean e2e = Boolean.parseBoolean(o.get("e2e"));
        List<String> notes = new ArrayList<>();

        List<String> jvm = new ArrayList<>();
        if (profile) {
            Path jfr = out.resolve("hub.jfr").toAbsolutePath();
            Files.deleteIfExists(jfr);
            jvm.add("-XX:StartFlightRecording=filename=" + jfr + ",settings=profile,dumponexit=true");
        }
        LegalServiceSimulator legal = null;
        List<String> app = new ArrayList<>();
        int simPort = HubProcessBench.freePort();
        if (simInLoadgen) {
            legal = new LegalServiceSimulator(LegalServiceSimulator.Settings.defaults()
                    .withPort(simPort)
                    .withAutoLifecycle(false)
                    .withMaintenance(0.0, null)
                    .withOutcomeProbabilities(1.0, 0.0, 0.0, 0.0),
                    Clock.system(ZoneId.of("Asia/Shanghai")), new ObjectMapper());
            legal.start();
            app.add("--tongjie.simulators.legal-service.enabled=false");
        } else {
            app.add("--tongjie.simulators.legal-service.enabled=true");
            app.add("--tongjie.simulators.legal-service.port=" + simPort);
            app.add("--tongjie.simulators.legal-service.auto-lifecycle=false");
            app.add("--tongjie.simulators.legal-service.maintenance-probability=0");
            app.add("--tongjie.simulators.legal-service.decline-probability=0");
        }
        app.add("--tongjie.legal-service.base-url=http://127.0.0.1:" + simPort);

        HubProcessBench hub = new HubProcessBench(jar, Path.of("").toAbsolutePath(), data, hubLog, o.get("xmx"), jvm, app);
        if (legal != null) {
            legal.setHubEventsUrl(hub.baseUrl() + "/api/legal-service/v1/events");
        }
        Runtime.getRuntime().addShutdownHook(new Thread(hub::close));
        ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "bench-sampler");
            t.setDaemon(true);
            return t;
        });
        AtomicReference<Window> window = new AtomicReference<>();
        List<Scenario> scenarios = new ArrayList<>();
        Map<String, Map<String, long[]>> forStages = new LinkedHashMap<>();
        Map<String, Object> memory = new LinkedHashMap<>();
        Map<String, Object> checks = new LinkedHashMap<>();
        long readyCold;
        long stopMs = -1;
        long readyRestart = -1;
        String startedLine;
        String startedAt = OffsetDateTime.now().truncatedTo(ChronoUnit.SECONDS).toString();
        try {
            log("starting the hub: " + String.join(" ", hub.command()));
            long[] machine0 = hub.machineCpuNanos();
            long startWall0 = System.nanoTime();
            readyCold = hub.startAndAwaitReady(Duration.ofSeconds(Long.parseLong(o.get("ready.timeout"))));
            memory.put("startCpuSeconds", hub.cpuNanos() / 1e9);
            memory.put("startMachineOtherCores", otherCores(hub, machine0, startWall0, hub.cpuNanos()));
            log("hub ready in " + readyCold + " ms (pid " + hub.pid() + ", " + memory.get("startCpuSeconds")
                    + " s CPU)");
            startedLine = startedLine(hubLog);
            memory.put("rssAtReadyMb", hub.rssKb()[0] / 1024.0);
            memory.put("heapAtReadyMb", hub.heapUsedBytes() / (1024.0 * 1024));
            memory.put("heapAtReadyActuatorMb", hub.metric("jvm.memory.used", "area:heap", "VALUE") / (1024.0 * 1024));
            sampler.scheduleAtFixedRate(() -> {
                Window w = window.get();
                if (w != null && hub.alive()) {
                    double[] heap = hub.heapBytes();
                    w.sample(hub.rssKb()[0], heap[0], heap[1]);
                }
            }, 0, 1, TimeUnit.SECONDS);
            String brokers = hub.brokers();
            int day = 0;
            notes.add("quiet after start-up: " + awaitQuiet(hub, 60));

            // 1. warm-up: JIT, connection pools, consumer groups joined
            int warm = e2e ? Integer.parseInt(o.get("warmup")) : 0;
            if (warm > 0) {
                log("warm-up: " + warm + " handovers");
                var items = HandoverLoadBench.handovers(warm, FIRST_DAY.plusDays(day));
                day += 40;
                window.set(new Window(hub));
                var obs = HandoverLoadBench.run(brokers, HandoverLoadBench.HANDOVER, HandoverLoadBench.FEEDBACK,
                        items, 0, timeout(o, budgetEnd, 120), HandoverLoadBench.feedbackAccepted());
                Scenario s = scenario("warmup", "warm-up (not a figure)", "hub e2e", 0, obs,
                        window.get().end(hub), null);
                scenarios.add(s);
                log(s);
            }

            // 2. bare Kafka on the same broker, same records (once the hub has finished the warm-up's work)
            notes.add("quiet after the warm-up: " + awaitQuiet(hub, 60));
            int bareN = Integer.parseInt(o.get("bare.records"));
            double rate = Double.parseDouble(o.get("rate"));
            BareKafkaBench.createTopics(brokers, List.of("bench.bare.hop", "bench.bare.in", "bench.bare.out"), 6);
            if (e2e && remaining(budgetEnd) > 120) {
                log("bare Kafka single hop, max rate: " + bareN);
                var items = HandoverLoadBench.handovers(bareN, FIRST_DAY.plusDays(day));
                day += 40;
                window.set(new Window(hub));
                var obs = HandoverLoadBench.run(brokers, "bench.bare.hop", "bench.bare.hop", items, 0,
                        timeout(o, budgetEnd, 60), r -> true);
                Scenario s = scenario("bare-hop-max", "bare Kafka single hop, max rate", "bare hop", 0, obs,
                        window.get().end(hub), null);
                scenarios.add(s);
                log(s);
            }
            for (double r : new double[] {0, rate}) {
                if (!e2e || remaining(budgetEnd) < 120) {
                    notes.add("bare pass-through at " + label(r) + " skipped: " + (e2e ? "budget used up" : "e2e=false"));
                    continue;
                }
                int n = r == 0 ? bareN : (int) (r * Double.parseDouble(o.get("bare.seconds")));
                log("bare Kafka pass-through at " + label(r) + ": " + n);
                var items = HandoverLoadBench.handovers(n, FIRST_DAY.plusDays(day));
                day += 40;
                try (var pass = new BareKafkaBench.PassThrough(brokers, "bench.bare.in", "bench.bare.out",
                        Duration.ofSeconds(remaining(budgetEnd)))) {
                    window.set(new Window(hub));
                    var obs = HandoverLoadBench.run(brokers, "bench.bare.in", "bench.bare.out", items, r,
                            timeout(o, budgetEnd, 60), rec -> true);
                    Scenario s = scenario(r == 0 ? "bare-pass-max" : "bare-pass-fixed",
                            "bare Kafka pass-through, " + label(r), "bare pass-through", r, obs, window.get().end(hub),
                            null);
                    scenarios.add(s);
                    log(s);
                }
            }

            // 3. the hub end to end, each scenario on a quiet hub
            notes.add("quiet after bare Kafka: " + awaitQuiet(hub, 30));
            long e2eFrom = System.currentTimeMillis();
            List<String> dumps = java.util.Collections.synchronizedList(new ArrayList<>());
            double maxThroughput = 0;
            int maxN = Integer.parseInt(o.get("max.records"));
            if (e2e && remaining(budgetEnd) > 90) {
                log("hub e2e, max rate: " + maxN);
                var items = HandoverLoadBench.handovers(maxN, FIRST_DAY.plusDays(day));
                day += 40;
                window.set(new Window(hub));
                if (profile) {
                    for (int k = 1; k <= 3; k++) {
                        int shot = k;
                        sampler.schedule(() -> {
                            Path f = out.resolve("threads-" + shot + ".txt");
                            try {
                                Files.writeString(f, hub.jcmd("Thread.print"));
                                dumps.add(f.toString());
                            } catch (java.io.IOException e) {
                                dumps.add("failed: " + e);
                            }
                        }, 5L * k, TimeUnit.SECONDS);
                    }
                }
                var obs = HandoverLoadBench.run(brokers, HandoverLoadBench.HANDOVER, HandoverLoadBench.FEEDBACK,
                        items, 0, timeout(o, budgetEnd, 90), HandoverLoadBench.feedbackAccepted());
                Scenario s = scenario("hub-max", "hub e2e, max rate", "hub e2e", 0, obs, window.get().end(hub), null);
                scenarios.add(s);
                forStages.put(s.id(), stamps(items, obs));
                maxThroughput = s.throughput();
                log(s);
                notes.add("quiet after the maximum rate: " + awaitQuiet(hub, 60));
            } else {
                notes.add("hub at the maximum rate skipped: " + (e2e ? "budget used up" : "e2e=false"));
            }
            double half = Math.max(1, Math.floor(maxThroughput / 2));
            int halfN = (int) (half * Double.parseDouble(o.get("half.seconds")));
            if (maxThroughput > 0 && halfN > 0 && remaining(budgetEnd) > 90) {
                log("hub e2e at " + half + "/s (half the maximum): " + halfN);
                var items = HandoverLoadBench.handovers(halfN, FIRST_DAY.plusDays(day));
                day += 40;
                window.set(new Window(hub));
                var obs = HandoverLoadBench.run(brokers, HandoverLoadBench.HANDOVER, HandoverLoadBench.FEEDBACK,
                        items, half, timeout(o, budgetEnd, 90), HandoverLoadBench.feedbackAccepted());
                Scenario s = scenario("hub-half", "hub e2e, " + label(half) + " (half its max)", "hub e2e", half, obs,
                        window.get().end(hub), null);
                scenarios.add(s);
                forStages.put(s.id(), stamps(items, obs));
                log(s);
                notes.add("quiet after half the maximum: " + awaitQuiet(hub, 60));
            } else {
                notes.add("hub at half its maximum rate skipped (no maximum measured or budget used up)");
            }
            int fixedN = (int) (rate * Double.parseDouble(o.get("fixed.seconds")));
            if (e2e && remaining(budgetEnd) > 90) {
                log("hub e2e at " + label(rate) + ": " + fixedN);
                var items = HandoverLoadBench.handovers(fixedN, FIRST_DAY.plusDays(day));
                day += 40;
                window.set(new Window(hub));
                var obs = HandoverLoadBench.run(brokers, HandoverLoadBench.HANDOVER, HandoverLoadBench.FEEDBACK,
                        items, rate, timeout(o, budgetEnd, 150), HandoverLoadBench.feedbackAccepted());
                Scenario s = scenario("hub-fixed", "hub e2e, " + label(rate), "hub e2e", rate, obs,
                        window.get().end(hub), null);
                scenarios.add(s);
                forStages.put(s.id(), stamps(items, obs));
                log(s);
            } else {
                notes.add("hub at the fixed rate skipped: " + (e2e ? "budget used up" : "e2e=false"));
            }
            if (!dumps.isEmpty()) {
                notes.add("thread dumps under load: " + dumps);
            }

            long e2eTo = System.currentTimeMillis();
            // 4. steady state after the load: once the hub is done with it, 10 s idle, then a full GC (live set)
            notes.add("quiet after the fixed rate: " + awaitQuiet(hub, Math.max(10, Math.min(60, remaining(budgetEnd) - 120))));
            long idleFrom = System.currentTimeMillis();
            window.set(new Window(hub));
            long idleUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (System.nanoTime() < idleUntil) {
                java.util.concurrent.locks.LockSupport.parkNanos(idleUntil - System.nanoTime());
            }
            Resources idle = window.get().end(hub);
            window.set(null);
            // Time windows for the JFR summary (bench/run.sh --profile): "name fromEpochMs toEpochMs" per line.
            Files.writeString(out.resolve("jfr-windows.txt"), "e2e " + e2eFrom + " " + e2eTo + "\nidle " + idleFrom
                    + " " + System.currentTimeMillis() + "\n");
            memory.put("idleCores", idle.hubCores());
            memory.put("idleRssMb", hub.rssKb()[0] / 1024.0);
            memory.put("idleHeapUsedMb", hub.heapUsedBytes() / (1024.0 * 1024));
            memory.put("idleHeapCommittedMb", hub.heapCommittedBytes() / (1024.0 * 1024));
            hub.jcmd("GC.run");
            memory.put("heapAfterFullGcMb", hub.heapUsedBytes() / (1024.0 * 1024));
            memory.put("rssPeakMb", hub.rssKb()[1] / 1024.0);
            memory.put("gcHeapInfo", hub.jcmd("GC.heap_info").trim());
            memory.put("nativeMemory", "see hub.log; NMT is off");
            double[] gc = hub.gcPauses();
            memory.put("gcPausesTotal", Map.of("count", gc[0], "totalMs", gc[1] * 1000, "maxMs", gc[2] * 1000));

            // 5. stop, read the stages from the store, restart on the same data
            stopMs = hub.stop(Duration.ofSeconds(90));
            log("hub stopped in " + stopMs + " ms");
            Map<String, List<StageBreakdownBench.Stage>> stages = Map.of();
            try {
                stages = StageBreakdownBench.read(hub.h2Url(), forStages);
                checks.putAll(storeChecks(hub.h2Url()));
            } catch (Exception e) {
                notes.add("stage breakdown unavailable: " + e);
            }
            if (legal != null) {
                // before the intake scenarios below, whose disputes also reach the legal-service simulator
                checks.put("legalServiceCasesStored", legal.storedCases().size());
                checks.put("legalServiceCreateCase201", legal.createCaseAnswers(201));
                checks.put("legalServiceCreateCaseNon201", legal.calls().stream()
                        .filter(c -> "createCase".equals(c.operation()) && c.httpStatus() != 201).count());
            }
            // 6. mapping alone (JMH), while no hub runs
            List<MappingResult> mappings = mappingBench(o, budgetEnd, notes);

            // 7. restart on the same data (ready time), then the synchronous intakes on that hub
            if (remaining(budgetEnd) > 45) {
                readyRestart = hub.startAndAwaitReady(Duration.ofSeconds(Long.parseLong(o.get("ready.timeout"))), false); // no second JFR recording
                log("hub restarted on the same data, ready in " + readyRestart + " ms");
                notes.add("quiet after the restart: " + awaitQuiet(hub, 30));
                intakes(o, hub, budgetEnd, window, scenarios, notes);
                window.set(null);
                hub.stop(Duration.ofSeconds(90));
                if (legal != null) {
                    checks.put("legalServiceCreateCase201FromIntakeDisputes", legal.createCaseAnswers(201)
                            - ((Number) checks.get("legalServiceCreateCase201")).longValue());
                }
                try {
                    checks.putAll(intakeChecks(hub.h2Url()));
                } catch (Exception e) {
                    notes.add("intake store checks unavailable: " + e);
                }
            } else {
                notes.add("restart measurement and intake scenarios skipped: budget used up");
            }
            checks.putAll(logChecks(hubLog));
            Map<String, Object> settings = settings(o, hub, simInLoadgen);
            Run run = new Run(startedAt, o, machine(), settings, readyCold, startedLine, scenarios, stages, memory,
                    stopMs, readyRestart, checks, notes, mappings);
            Files.writeString(out.resolve("results.json"), JSON.writeValueAsString(run));
            Files.writeString(out.resolve("results.md"), ReportBench.markdown(run));
            log("wrote " + out.resolve("results.md") + " and results.json in "
                    + (System.nanoTime() - started) / 1_000_000_000 + " s");
        } finally {
            sampler.shutdownNow();
            hub.close();
            if (legal != null) {
                legal.stop();
            }
            deleteTree(data);
        }
    }

    /**
     * The two synchronous intakes on the (restarted) hub, court SOAP first, then the petition office's signed REST: per
     * intake a warm-up, then the fixed rate (open loop), then the maximum rate (closed loop). Fixed before maximum so
     * that the latency figure is taken before a maximum-rate burst has left thousands of disputes for the downstream
     * consumers (triage, createCase, feedback), which keep working — and competing for the cores — during and after
     * each scenario; the intake answers once its transaction (item, dispute, outbox rows) is committed.
     */
    private static void intakes(Map<String, String> o, HubProcessBench hub, long budgetEnd,
            AtomicReference<Window> window, List<Scenario> scenarios, List<String> notes) throws Exception {
        java.net.http.HttpClient http = IntakeRequestsBench.client();
        int warm = Integer.parseInt(o.get("intake.warmup"));
        int concurrency = Integer.parseInt(o.get("intake.concurrency"));
        double seconds = Double.parseDouble(o.get("intake.seconds"));
        double rate = Double.parseDouble(o.get("intake.rate"));
        double fixedSeconds = Double.parseDouble(o.get("intake.fixed.seconds"));
        record Intake(String id, String title, String path, IntakeLoadBench.Call call) {
        }
        List<Intake> intakes = List.of(
                new Intake("court", "court SOAP intake (WS-Security)", "court SOAP",
                        new IntakeRequestsBench.CourtDelegations(http, hub.baseUrl())),
                new Intake("petition", "petition signed REST intake", "petition REST",
                        new IntakeRequestsBench.PetitionPushes(http, hub.baseUrl())));
        for (Intake in : intakes) {
            // room for the warm-up (≤ 30 s), two quiet waits (≤ 50 s), both scenarios and their last answers
            if (remaining(budgetEnd) < seconds + fixedSeconds + 120) {
                notes.add(in.title() + " skipped: budget used up");
                continue;
            }
            int next = 0;
            log(in.title() + ": warm-up, " + warm + " requests on " + concurrency + " connections");
            var w = IntakeLoadBench.closedLoop(in.call(), next, concurrency, 30, warm);
            next += w.sent();
            if (w.accepted() == 0) {
                notes.add(in.title() + ": no request accepted in the warm-up (" + w.firstFailure() + "); skipped");
                continue;
            }
            notes.add("quiet after the " + in.title() + " warm-up: " + awaitQuiet(hub, 20));
            log(in.title() + " at " + label(rate) + " for " + fixedSeconds + " s");
            window.set(new Window(hub));
            var f = IntakeLoadBench.openLoop(in.call(), next, rate, fixedSeconds, 64,
                    timeout(o, budgetEnd, 60).toSeconds());
            next += f.sent();
            Scenario fixed = intakeScenario(in.id() + "-fixed", in.title() + ", " + label(rate), in.path(), rate, f,
                    window.get().end(hub), 0);
            scenarios.add(fixed);
            log(fixed);
            log(in.title() + ", max rate: " + concurrency + " connections for " + seconds + " s");
            window.set(new Window(hub));
            var m = IntakeLoadBench.closedLoop(in.call(), next, concurrency, seconds, 0);
            Scenario max = intakeScenario(in.id() + "-max", in.title() + ", max rate", in.path(), 0, m,
                    window.get().end(hub), concurrency);
            scenarios.add(max);
            log(max);
            // Downstream work the intake left behind (bounded: at the maximum rate it can take minutes).
            notes.add("quiet after the " + in.title() + ": " + awaitQuiet(hub, 30));
        }
    }

    private static Scenario intakeScenario(String id, String title, String path, double offered,
            IntakeLoadBench.Observed obs, Resources res, int concurrency) {
        return new Scenario(id, title, path, offered, obs.sent(), obs.accepted(), 0, obs.failed(), obs.sendSeconds(),
                obs.sendSeconds() > 0 ? obs.sent() / obs.sendSeconds() : 0, obs.throughput(),
                Latency.of(obs.latencies()), res, obs.unfinished() > 0, obs.firstFailure(), concurrency);
    }

    /** What became of the intake scenarios' disputes downstream by the time the hub stopped. */
    private static Map<String, Object> intakeChecks(String h2Url) throws java.sql.SQLException {
        Map<String, Object> m = new LinkedHashMap<>();
        try (var c = java.sql.DriverManager.getConnection(h2Url, "sa", ""); var s = c.createStatement()) {
            for (String[] q : new String[][] {
                    {"petitionItems", "select count(*) from petition_item"},
                    {"courtDelegations", "select count(*) from court_delegation"},
                    {"outboxPendingAtFinalStop", "select count(*) from outbox where status = 'PENDING'"},
                    {"quarantinedAtFinalStop", "select count(*) from quarantine"}}) {
                try (var rs = s.executeQuery(q[1])) {
                    rs.next();
                    m.put(q[0], rs.getLong(1));
                }
            }
            StringBuilder by = new StringBuilder();
            try (var rs = s.executeQuery("select d.source_agency, count(*), count(a.dispute_id) from dispute d"
                    + " left join (select distinct dispute_id from assignment) a on a.dispute_id = d.dispute_id"
                    + " group by d.source_agency order by d.source_agency")) {
                while (rs.next()) {
                    by.append(by.length() == 0 ? "" : "; ").append(rs.getString(1)).append(' ').append(rs.getLong(2))
                            .append(" (").append(rs.getLong(3)).append(" with an assignment)");
                }
            }
            m.put("disputesBySourceAtFinalStop", by.toString());
        }
        return m;
    }

    /**
     * Mapping alone per agency with JMH ({@code cn.tongjie.hub.bench.mapping.jmh.MappingJmhBench}, compiled only in
     * the bench profile from src/jmh/java, hence reflection: the normal build has no JMH). JMH forks its own JVM.
     */
    @SuppressWarnings("unchecked")
    private static List<MappingResult> mappingBench(Map<String, String> o, long budgetEnd, List<String> notes) {
        if (!Boolean.parseBoolean(o.get("mapping"))) {
            notes.add("mapping benchmark skipped (mapping=false)");
            return List.of();
        }
        if (remaining(budgetEnd) < 240) {
            notes.add("mapping benchmark skipped: budget used up");
            return List.of();
        }
        Map<String, String> jmh = new LinkedHashMap<>();
        for (String k : List.of("forks", "warmup", "iterations", "seconds")) {
            jmh.put(k, o.get("mapping." + k));
        }
        log("mapping alone per agency (JMH): " + jmh);
        try {
            Class<?> bench = Class.forName("cn.tongjie.hub.bench.mapping.jmh.MappingJmhBench");
            List<Map<String, Object>> rows = (List<Map<String, Object>>) bench.getMethod("run", Map.class)
                    .invoke(null, jmh);
            List<MappingResult> out = new ArrayList<>();
            for (Map<String, Object> r : rows) {
                out.add(new MappingResult((String) r.get("mapping"), ((Number) r.get("inputs")).intValue(),
                        ((Number) r.get("score")).doubleValue(), ((Number) r.get("error")).doubleValue(),
                        Integer.parseInt(jmh.get("forks")), Integer.parseInt(jmh.get("iterations")),
                        Double.parseDouble(jmh.get("seconds"))));
                log(out.get(out.size() - 1));
            }
            return out;
        } catch (ClassNotFoundException e) {
            notes.add("mapping benchmark not compiled: build with -Pbench (bench/run.sh does)");
        } catch (java.lang.reflect.InvocationTargetException e) {
            notes.add("mapping benchmark failed: " + e.getCause());
        } catch (ReflectiveOperationException | RuntimeException e) {
            notes.add("mapping benchmark failed: " + e);
        }
        return List.of();
    }

    /**
     * Waits (bounded) until the hub uses less than 0.35 cores over 2 s, i.e. it has finished the work a scenario left
     * behind (outbox rows, canonical events after the feedback). Not 0: the idle hub polls its store (outbox every
     * 200 ms, assignments every second) and that costs more as the store grows. Returns what happened, for the notes.
     */
    static String awaitQuiet(HubProcessBench hub, long maxSeconds) {
        long t0 = System.nanoTime();
        long deadline = t0 + TimeUnit.SECONDS.toNanos(maxSeconds);
        double cores = Double.NaN;
        while (System.nanoTime() < deadline) {
            long c0 = hub.cpuNanos();
            long w0 = System.nanoTime();
            long until = w0 + TimeUnit.SECONDS.toNanos(2);
            while (System.nanoTime() < until) {
                java.util.concurrent.locks.LockSupport.parkNanos(until - System.nanoTime());
            }
            cores = (hub.cpuNanos() - c0) / (double) (System.nanoTime() - w0);
            if (cores < 0.35) {
                return String.format(Locale.ROOT, "%.0f s (hub at %.2f cores)", (System.nanoTime() - t0) / 1e9, cores);
            }
        }
        return String.format(Locale.ROOT, "not quiet after %d s (hub still at %.2f cores)", maxSeconds, cores);
    }

    /** Cores used by processes other than the hub (and this JVM) since machine0/wall0. */
    private static double otherCores(HubProcessBench hub, long[] machine0, long wall0, long hubCpuNow) {
        double secs = (System.nanoTime() - wall0) / 1e9;
        long[] m = hub.machineCpuNanos();
        return ((m[0] - machine0[0]) - hubCpuNow) / 1e9 / secs;
    }

    private static Map<String, long[]> stamps(List<HandoverLoadBench.Item> items, HandoverLoadBench.Observed obs) {
        Map<String, long[]> m = new HashMap<>();
        for (int i = 0; i < items.size(); i++) {
            m.put(items.get(i).key(), new long[] {obs.sendEpochMicros()[i], obs.doneEpochMicros()[i]});
        }
        return m;
    }

    private static Scenario scenario(String id, String title, String path, double offered,
            HandoverLoadBench.Observed obs, Resources res, String note) {
        long[] lat = obs.latencies();
        return new Scenario(id, title, path, offered, obs.n(), obs.completed(), obs.duplicates(), obs.produceErrors(),
                obs.produceSeconds(), obs.produceSeconds() > 0 ? obs.n() / obs.produceSeconds() : 0, obs.throughput(),
                Latency.of(lat), res, obs.timedOut(), note, 0);
    }

    /** Counts in the hub's store after the run: nothing lost, nothing twice, nothing quarantined. */
    private static Map<String, Object> storeChecks(String h2Url) throws java.sql.SQLException {
        Map<String, Object> m = new LinkedHashMap<>();
        try (var c = java.sql.DriverManager.getConnection(h2Url, "sa", ""); var s = c.createStatement()) {
            for (String[] q : new String[][] {
                    {"disputes", "select count(*) from dispute"},
                    {"assignmentsReceived", "select count(*) from assignment where status = 'RECEIVED'"},
                    {"assignmentsOther", "select count(*) from assignment where status <> 'RECEIVED'"},
                    {"quarantined", "select count(*) from quarantine"},
                    {"alerts", "select count(*) from alert"},
                    {"outboxPending", "select count(*) from outbox where status = 'PENDING'"},
                    {"outboxRows", "select count(*) from outbox"}}) {
                try (var rs = s.executeQuery(q[1])) {
                    rs.next();
                    m.put(q[0], rs.getLong(1));
                }
            }
        }
        return m;
    }

    /** OutOfMemoryError and ERROR lines in the hub's log. */
    private static Map<String, Object> logChecks(Path hubLog) {
        Map<String, Object> m = new LinkedHashMap<>();
        try (Stream<String> lines = Files.lines(hubLog, StandardCharsets.UTF_8)) {
            long[] counts = new long[3];
            lines.forEach(l -> {
                if (l.contains("OutOfMemoryError")) {
                    counts[0]++;
                }
                if (l.contains(" ERROR ")) {
                    counts[1]++;
                }
                if (l.contains(" WARN ")) {
                    counts[2]++;
                }
            });
            m.put("outOfMemoryInHubLog", counts[0] > 0);
            m.put("hubLogErrorLines", counts[1]);
            m.put("hubLogWarnLines", counts[2]);
        } catch (Exception e) {
            m.put("hubLog", "unreadable: " + e);
        }
        return m;
    }

    private static Map<String, Object> settings(Map<String, String> o, HubProcessBench hub, boolean simInLoadgen) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("hubCommand", "java -Xmx" + hub.xmx + (hub.extraJvmArgs.isEmpty() ? "" : " " + String.join(" ", hub.extraJvmArgs))
                + " -jar " + hub.jar.getFileName() + " --spring.profiles.active=demo --tongjie.simulators.police.enabled=false"
                + " (+ free loopback ports, embedded broker and H2 file store in a temporary directory)");
        s.put("hubConfiguration", "application.yml + application-demo.yml of this revision unchanged (6 handover"
                + " consumers, one per canonical consumer route), INFO logging to a file");
        s.put("legalServiceSimulator", (simInLoadgen ? "in the load-generator JVM" : "inside the hub JVM")
                + ": createCase answered 201 at once; no maintenance 503s, no declines, no case events (auto-lifecycle off)");
        s.put("loadGenerator", "kafka-clients producer acks=all, idempotent, linger.ms=0; records = story N template"
                + " (" + HandoverLoadBench.handovers(1, FIRST_DAY).get(0).value().length
                + " bytes), unique jjdbh, fresh police-msg-id");
        s.put("options", o);
        return s;
    }

    private static Map<String, String> machine() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("cpus", String.valueOf(Runtime.getRuntime().availableProcessors()));
        m.put("cpuModel", firstMatch(Path.of("/proc/cpuinfo"), "model name"));
        m.put("memory", firstMatch(Path.of("/proc/meminfo"), "MemTotal"));
        m.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version")
                + " (" + System.getProperty("java.vendor") + ")");
        m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                + System.getProperty("os.arch"));
        try {
            m.put("loadAverageAtEnd", Files.readString(Path.of("/proc/loadavg")).trim());
        } catch (java.io.IOException e) {
            m.put("loadAverageAtEnd", "?");
        }
        return m;
    }

    private static String firstMatch(Path file, String prefix) {
        try (Stream<String> lines = Files.lines(file)) {
            return lines.filter(l -> l.startsWith(prefix)).findFirst()
                    .map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse("?");
        } catch (java.io.IOException e) {
            return "?";
        }
    }

    private static String startedLine(Path hubLog) {
        try (Stream<String> lines = Files.lines(hubLog, StandardCharsets.UTF_8)) {
            return lines.filter(l -> l.contains("Started TongjieApplication in")).findFirst()
                    .map(l -> l.substring(l.indexOf("Started TongjieApplication"))).orElse("?");
        } catch (Exception e) {
            return "?";
        }
    }

    static Path resolveJar(String pattern) throws java.io.IOException {
        Path p = Path.of(pattern);
        if (Files.isRegularFile(p)) {
            return p;
        }
        Path dir = p.getParent() == null ? Path.of(".") : p.getParent();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, p.getFileName().toString())) {
            for (Path f : ds) {
                if (f.toString().endsWith(".jar")) {
                    return f;
                }
            }
        }
        throw new IllegalStateException("no hub jar matches " + pattern + " (run mvn package first)");
    }

    private static Duration timeout(Map<String, String> o, long budgetEnd, long reserveSeconds) {
        long t = Math.min(Long.parseLong(o.get("timeout")), remaining(budgetEnd) - reserveSeconds);
        return Duration.ofSeconds(Math.max(10, t));
    }

    private static long remaining(long budgetEnd) {
        return TimeUnit.NANOSECONDS.toSeconds(budgetEnd - System.nanoTime());
    }

    static String label(double rate) {
        return rate <= 0 ? "max rate" : String.format(Locale.ROOT, "%.0f/s", rate);
    }

    private static void log(Object msg) {
        System.out.println("[bench " + OffsetDateTime.now().toLocalTime().truncatedTo(ChronoUnit.SECONDS) + "] " + msg);
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> s = Files.walk(root)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (Exception e) {
            // best effort: a temporary directory
        }
    }
}
