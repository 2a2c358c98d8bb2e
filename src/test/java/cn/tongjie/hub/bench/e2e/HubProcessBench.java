package cn.tongjie.hub.bench.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The hub under test as a separate JVM: {@code java -Xmx512m -jar target/tongjie-hub-*.jar} with its embedded broker and
 * H2 store in a private temporary directory, on free loopback ports. Measures start-up to
 * {@code /actuator/health/readiness} UP, and reads the process's CPU time and RSS from {@code /proc/<pid>} and its heap from the actuator (demo user
 * monitor). Not a test: run by {@link HubE2eBenchmark}.
 */
final class HubProcessBench implements AutoCloseable {

    /** Demo-mode monitoring user (README): exists only because the hub runs with the demo profile. */
    private static final String MONITOR_AUTH = "Basic " + Base64.getEncoder()
            .encodeToString("monitor:tongjie-demo".getBytes(StandardCharsets.UTF_8));
    private static final ObjectMapper MAPPER = new ObjectMapper();

    final Path jar;
    final Path workDir;
    final Path dataDir;
    final Path log;
    final int httpPort;
    final int kafkaPort;
    final String xmx;
    final List<String> extraJvmArgs;
    final List<String> extraAppArgs;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private Process process;
    private long clockTicksPerSecond = 100;

    HubProcessBench(Path jar, Path workDir, Path dataDir, Path log, String xmx, List<String> extraJvmArgs,
            List<String> extraAppArgs) {
        this.jar = jar;
        this.workDir = workDir;
        this.dataDir = dataDir;
        this.log = log;
        this.xmx = xmx;
        this.extraJvmArgs = List.copyOf(extraJvmArgs);
        this.extraAppArgs = List.copyOf(extraAppArgs);
        this.httpPort = freePort();
        this.kafkaPort = freePort();
        this.clockTicksPerSecond = clockTicks();
    }

    String brokers() {
        return "127.0.0.1:" + kafkaPort;
    }

    String baseUrl() {
        return "http://127.0.0.1:" + httpPort;
    }

    String h2Url() {
        return "jdbc:h2:file:" + dataDir.resolve("h2").resolve("tongjie").toAbsolutePath()
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;AUTO_SERVER=FALSE";
    }

    List<String> command() {
        return command(true);
    }

    /** withExtraJvmArgs false: without the extra JVM options (e.g. a restart must not overwrite the first JFR file). */
    List<String> command(boolean withExtraJvmArgs) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx" + xmx);
        if (withExtraJvmArgs) {
            cmd.addAll(extraJvmArgs);
        }
        cmd.add("-jar");
        cmd.add(jar.toAbsolutePath().toString());
        cmd.add("--spring.profiles.active=demo");
        cmd.add("--server.port=" + httpPort);
        cmd.add("--tongjie.kafka.embedded.port=" + kafkaPort);
        cmd.add("--tongjie.kafka.brokers=" + brokers());
        cmd.add("--tongjie.kafka.embedded.data-dir=" + dataDir.resolve("kafka").toAbsolutePath());
        cmd.add("--spring.datasource.url=" + h2Url());
        cmd.add("--tongjie.simulators.police.enabled=false");
        cmd.addAll(extraAppArgs);
        return cmd;
    }

    /** Starts the process and waits (bounded) for readiness UP; returns milliseconds from process start to UP. */
    long startAndAwaitReady(Duration max) throws IOException {
        return startAndAwaitReady(max, true);
    }

    long startAndAwaitReady(Duration max, boolean withExtraJvmArgs) throws IOException {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException("hub already running");
        }
        ProcessBuilder pb = new ProcessBuilder(command(withExtraJvmArgs)).directory(workDir.toFile())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        long t0 = System.nanoTime();
        process = pb.start();
        long deadline = t0 + max.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("hub exited with " + process.exitValue() + " during start-up; see " + log);
            }
            if (healthUp()) {
                return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
        }
        throw new IllegalStateException("hub not UP within " + max + "; see " + log);
    }

    /**
     * Ready = the readiness group UP (what an orchestrator waits for: the hub's own state, Camel, the database,
     * maintenance mode). Not the aggregate /actuator/health: it includes every agency link, which reports DEGRADED
     * while a backlog of more than 100 messages waits for one — after a restart on the data of an overloaded run that
     * kept the aggregate from UP for minutes, and an agency's backlog is not the hub's readiness (AgencyLinkHealth).
     */
    boolean healthUp() {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(baseUrl()
                            + "/actuator/health/readiness")).timeout(Duration.ofSeconds(2)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 && r.body().replace(" ", "").contains("\"status\":\"UP\"");
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    long pid() {
        return process.pid();
    }

    boolean alive() {
        return process != null && process.isAlive();
    }

    /** SIGTERM (Spring's graceful shutdown), bounded; returns milliseconds until the process was gone. */
    long stop(Duration max) throws InterruptedException {
        if (process == null || !process.isAlive()) {
            return 0;
        }
        forgetPerfData();
        long t0 = System.nanoTime();
        process.destroy();
        if (!process.waitFor(max.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
            return -1;
        }
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
    }

    @Override
    public void close() {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
        }
    }

    // ---------------------------------------------------------------------------------------- observation

    /** utime + stime of the hub process in nanoseconds (/proc/<pid>/stat fields 14 and 15). */
    long cpuNanos() {
        return procStatCpuNanos(pid(), clockTicksPerSecond);
    }

    static long procStatCpuNanos(long pid, long ticksPerSecond) {
        try {
            String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // after "pid (comm) ": f[0] = state (field 3) … utime = field 14 → f[11], stime = field 15 → f[12]
            long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
            return ticks * 1_000_000_000L / ticksPerSecond;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** Machine-wide busy and total CPU time in nanoseconds from /proc/stat ("cpu" line). */
    long[] machineCpuNanos() {
        try {
            String first = Files.readAllLines(Path.of("/proc/stat")).get(0);
            String[] f = first.trim().split("\\s+");
            long total = 0;
            long idle = 0;
            for (int i = 1; i < f.length && i <= 8; i++) {
                long v = Long.parseLong(f[i]);
                total += v;
                if (i == 4 || i == 5) {
                    idle += v; // idle + iowait
                }
            }
            long k = 1_000_000_000L / clockTicksPerSecond;
            return new long[] {(total - idle) * k, total * k};
        } catch (IOException | RuntimeException e) {
            return new long[] {-1, -1};
        }
    }

    /** VmRSS and VmHWM (peak RSS since start) in kB from /proc/<pid>/status. */
    long[] rssKb() {
        long rss = -1;
        long hwm = -1;
        try {
            for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid()), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    rss = Long.parseLong(line.replaceAll("\\D", ""));
                } else if (line.startsWith("VmHWM:")) {
                    hwm = Long.parseLong(line.replaceAll("\\D", ""));
                }
            }
        } catch (IOException | RuntimeException e) {
            // process gone
        }
        return new long[] {rss, hwm};
    }

    /** One actuator metric's VALUE/COUNT/TOTAL_TIME/MAX measurement, or -1. */
    double metric(String name, String tag, String statistic) {
        JsonNode json = metricJson(name, tag);
        if (json != null) {
            for (JsonNode m : json.path("measurements")) {
                if (statistic.equals(m.path("statistic").asText())) {
                    return m.path("value").asDouble();
                }
            }
        }
        return -1;
    }

    private JsonNode metricJson(String name, String tag) {
        try {
            String url = baseUrl() + "/actuator/metrics/" + name + (tag == null ? "" : "?tag=" + tag);
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(3))
                    .header("Authorization", MONITOR_AUTH).GET().build(), HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? MAPPER.readTree(r.body()) : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /**
     * Heap {used, committed} in bytes from the hub's hsperfdata (what jstat reads: a memory-mapped file, so sampling
     * costs the hub nothing), or from the actuator when that is unavailable. Sampling the actuator every second is
     * not free: each call authenticates with HTTP Basic against a bcrypt hash (tens of ms of hub CPU).
     */
    double[] heapBytes() {
        double[] perf = perfDataHeap();
        return perf != null ? perf
                : new double[] {metric("jvm.memory.used", "area:heap", "VALUE"),
                        metric("jvm.memory.committed", "area:heap", "VALUE")};
    }

    double heapUsedBytes() {
        return heapBytes()[0];
    }

    double heapCommittedBytes() {
        return heapBytes()[1];
    }

    /** {count, total seconds, max seconds} of GC pauses since start (one actuator call). */
    double[] gcPauses() {
        double[] out = {-1, -1, -1};
        JsonNode m = metricJson("jvm.gc.pause", null);
        if (m != null) {
            for (JsonNode v : m.path("measurements")) {
                switch (v.path("statistic").asText()) {
                    case "COUNT" -> out[0] = v.path("value").asDouble();
                    case "TOTAL_TIME" -> out[1] = v.path("value").asDouble();
                    case "MAX" -> out[2] = v.path("value").asDouble();
                    default -> {
                        // not used
                    }
                }
            }
        }
        return out;
    }

    private Object perfVm;
    private java.lang.reflect.Method findByPattern;
    private boolean perfUnavailable;

    /**
     * sun.jvmstat (jdk.internal.jvmstat, exported to this JVM by the bench profile's --add-exports), by reflection so
     * the normal build compiles without the export.
     */
    private synchronized double[] perfDataHeap() {
        if (perfUnavailable || process == null || !process.isAlive()) {
            return null;
        }
        try {
            if (perfVm == null) {
                Class<?> hostType = Class.forName("sun.jvmstat.monitor.MonitoredHost");
                Class<?> idType = Class.forName("sun.jvmstat.monitor.VmIdentifier");
                Class<?> vmType = Class.forName("sun.jvmstat.monitor.MonitoredVm");
                Object host = hostType.getMethod("getMonitoredHost", String.class).invoke(null, "localhost");
                Object id = idType.getConstructor(String.class).newInstance("//" + process.pid());
                perfVm = hostType.getMethod("getMonitoredVm", idType).invoke(host, id);
                findByPattern = vmType.getMethod("findByPattern", String.class);
            }
            Class<?> monitorType = Class.forName("sun.jvmstat.monitor.Monitor");
            java.lang.reflect.Method name = monitorType.getMethod("getName");
            java.lang.reflect.Method value = monitorType.getMethod("getValue");
            double used = 0;
            double capacity = 0;
            for (Object mon : (List<?>) findByPattern.invoke(perfVm,
                    "sun\\.gc\\.generation\\.[0-9]+\\.space\\.[0-9]+\\.(used|capacity)")) {
                double v = ((Number) value.invoke(mon)).doubleValue();
                if (((String) name.invoke(mon)).endsWith(".used")) {
                    used += v;
                } else {
                    capacity += v;
                }
            }
            return used > 0 ? new double[] {used, capacity} : null;
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            perfUnavailable = true;
            System.out.println("[bench] hsperfdata not readable (" + e + "); heap from the actuator instead");
            return null;
        }
    }

    /** Drops the attachment to a stopped process (a restart gets a new pid). */
    synchronized void forgetPerfData() {
        perfVm = null;
    }

    /** Runs {@code jcmd <pid> <command…>} (bounded) and returns its output. */
    String jcmd(String... command) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString());
        cmd.add(String.valueOf(pid()));
        cmd.addAll(List.of(command));
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
            return new String(out, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "jcmd failed: " + e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "jcmd interrupted";
        }
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free port", e);
        }
    }

    private static long clockTicks() {
        try {
            Process p = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            p.waitFor(10, TimeUnit.SECONDS);
            return Long.parseLong(out);
        } catch (IOException | RuntimeException e) {
            return 100;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 100;
        }
    }
}
