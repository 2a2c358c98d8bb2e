package cn.tongjie.hub.reliability;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * One hub node as a separate JVM ({@code java -Xmx384m -jar target/tongjie-hub-*.jar}, the jar {@code package} built
 * before failsafe runs), so a test can kill it with SIGKILL — no shutdown hook, no graceful stop, in-flight HTTP calls
 * and transactions cut off. Kafka and the database live outside it (see {@link HubProcessEnvironment}), so they
 * survive the kill as they would in production. Its output goes to a log file under target/ whose tail failure
 * messages quote. Adapted from the benchmark's launcher (bench/e2e/HubProcessBench), without the measuring.
 */
final class HubProcess implements AutoCloseable {

    /**
     * Start-up to readiness: 100–150 s measured with four other builds sharing the 2 cores (much less when quiet);
     * a generous bound, because a slow start is not what these tests are about.
     */
    static final Duration START_TIMEOUT = Duration.ofSeconds(300);

    private final String name;
    private final Path jar;
    private final Path log;
    private final List<String> appArgs;
    private final int httpPort = freePort();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private Process process;
    private int starts;

    /** appArgs: Spring command-line properties on top of the demo profile (they outrank every YAML file). */
    HubProcess(String name, Path log, List<String> appArgs) {
        this.name = name;
        this.jar = jar();
        this.log = log;
        this.appArgs = List.copyOf(appArgs);
    }

    String name() {
        return name;
    }

    String baseUrl() {
        return "http://127.0.0.1:" + httpPort;
    }

    int starts() {
        return starts;
    }

    private List<String> command() {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // small: up to three of these run next to the test JVM on a shared 2-core machine
        cmd.add("-Xmx384m");
        cmd.add("-XX:+UseSerialGC");
        cmd.add("-XX:TieredStopAtLevel=1");
        cmd.add("-jar");
        cmd.add(jar.toAbsolutePath().toString());
        cmd.add("--spring.profiles.active=demo");
        cmd.add("--server.port=" + httpPort);
        // health (readiness) is all the tests read; Hawtio and Jolokia would only cost start-up time
        cmd.add("--management.endpoints.web.exposure.include=health");
        cmd.addAll(appArgs);
        return cmd;
    }

    /** Starts the JVM and waits (bounded) until its readiness probe says UP. Output is appended to the log. */
    void start(Duration max) {
        if (alive()) {
            throw new IllegalStateException(name + " is already running");
        }
        try {
            Files.createDirectories(log.getParent());
            // the first start truncates what an earlier run of the test left; a restart appends
            Files.writeString(log, "\n===== " + name + " start #" + (starts + 1) + " =====\n", StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE,
                    starts == 0 ? StandardOpenOption.TRUNCATE_EXISTING : StandardOpenOption.APPEND);
            process = new ProcessBuilder(command()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        } catch (IOException e) {
            throw new AssertionError(name + " could not be started: " + e, e);
        }
        starts++;
        long deadline = System.nanoTime() + max.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError(name + " exited with " + process.exitValue() + " during start-up:\n"
                        + logTail(60));
            }
            if (ready()) {
                return;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(250));
        }
        throw new AssertionError(name + " not ready within " + max + ":\n" + logTail(60));
    }

    /** The readiness group (store, Camel, Kafka consumers): what a load balancer would wait for. */
    boolean ready() {
        try {
            HttpRequest probe = HttpRequest.newBuilder(URI.create(baseUrl() + "/actuator/health/readiness"))
                    .timeout(Duration.ofSeconds(2)).GET().build();
            HttpResponse<String> r = http.send(probe, HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 && r.body().contains("\"UP\"");
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    boolean alive() {
        return process != null && process.isAlive();
    }

    /** kill -9: Process.destroyForcibly is SIGKILL on Linux. Waits (bounded) until the process is gone. */
    void kill9() {
        if (!alive()) {
            throw new AssertionError(name + " is not running, nothing to kill:\n" + logTail(40));
        }
        process.destroyForcibly();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                throw new AssertionError(name + " survived SIGKILL for 30 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while killing " + name, e);
        }
        appendToLog("\n===== " + name + " killed with SIGKILL (exit " + process.exitValue() + ") =====\n");
    }

    /** Last lines of the log, for failure messages. */
    String logTail(int lines) {
        try {
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log at " + log + ": " + e + ")";
        }
    }

    private void appendToLog(String text) {
        try {
            Files.writeString(log, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            // only a marker for whoever reads the log
        }
    }

    @Override
    public void close() {
        if (alive()) {
            process.destroyForcibly();
            try {
                process.waitFor(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** target/tongjie-hub-*.jar (the executable one, not *.jar.original); fails the test when package did not run. */
    static Path jar() {
        Path dir = Path.of("target");
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "tongjie-hub-*.jar")) {
            for (Path f : ds) {
                return f;
            }
        } catch (IOException e) {
            throw new AssertionError("cannot list " + dir.toAbsolutePath() + ": " + e, e);
        }
        throw new AssertionError("no target/tongjie-hub-*.jar: the separate-JVM fault tests need the packaged hub "
                + "(run them with mvn verify, which packages before the integration tests)");
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free port", e);
        }
    }
}
