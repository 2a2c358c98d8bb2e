package cn.tongjie.hub.bench.e2e;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

/**
 * Summarises a JFR recording of the hub (bench/run.sh in profiling mode): where the CPU samples are, by thread, by
 * component (self and inclusive), by method (self) and by hub method (inclusive); plus blocking (park, monitor,
 * socket) attributed to the innermost hub method. Not a test: {@code mvn -Pbench exec:exec@jfr-hotspots}.
 */
public final class JfrHotspotsBench {

    /** Package prefixes → component, first match wins. */
    private static final List<String[]> COMPONENTS = List.of(
            new String[] {"cn.tongjie.", "hub code"},
            new String[] {"org.h2.", "H2 database"},
            new String[] {"com.networknt.", "JSON Schema validation (networknt)"},
            new String[] {"com.schibsted.spt.data.jslt.", "JSLT mapping"},
            new String[] {"com.fasterxml.jackson.", "Jackson"},
            new String[] {"org.apache.kafka.clients.", "Kafka clients"},
            new String[] {"org.apache.kafka.common.", "Kafka common (clients + broker)"},
            new String[] {"kafka.", "Kafka broker"},
            new String[] {"org.apache.kafka.", "Kafka broker"},
            new String[] {"org.apache.camel.", "Camel"},
            new String[] {"ch.qos.logback.", "logging"},
            new String[] {"org.slf4j.", "logging"},
            new String[] {"org.apache.catalina.", "Tomcat / HTTP"},
            new String[] {"org.apache.coyote.", "Tomcat / HTTP"},
            new String[] {"org.apache.tomcat.", "Tomcat / HTTP"},
            new String[] {"org.apache.hc.", "HTTP client"},
            new String[] {"org.apache.http.", "HTTP client"},
            new String[] {"io.github.resilience4j.", "resilience4j"},
            new String[] {"com.zaxxer.hikari.", "Hikari pool"},
            new String[] {"io.micrometer.", "Micrometer"},
            new String[] {"org.springframework.", "Spring"},
            new String[] {"java.", "JDK"},
            new String[] {"javax.", "JDK"},
            new String[] {"jdk.", "JDK"},
            new String[] {"sun.", "JDK"},
            new String[] {"com.sun.", "JDK"});

    private JfrHotspotsBench() {
    }

    public static void main(String[] args) throws IOException {
        Path file = Path.of(args.length > 0 ? args[0] : "target/bench/hub.jfr");
        // optional: fromEpochMs toEpochMs [top]; only events that start inside the window count
        long from = args.length > 2 ? Long.parseLong(args[1]) : Long.MIN_VALUE;
        long to = args.length > 2 ? Long.parseLong(args[2]) : Long.MAX_VALUE;
        int top = args.length > 3 ? Integer.parseInt(args[3]) : 25;
        Map<String, Long> byThread = new HashMap<>();
        Map<String, Long> selfMethod = new HashMap<>();
        Map<String, Long> selfComponent = new HashMap<>();
        Map<String, Long> inclComponent = new HashMap<>();
        Map<String, Long> inclHub = new HashMap<>();
        Map<String, Long> blockedNanos = new HashMap<>();
        Map<String, Long> blockedCount = new HashMap<>();
        long samples = 0;
        long gcCount = 0;
        long gcNanos = 0;
        try (RecordingFile rf = new RecordingFile(file)) {
            while (rf.hasMoreEvents()) {
                RecordedEvent e = rf.readEvent();
                long at = e.getStartTime().toEpochMilli();
                if (at < from || at > to) {
                    continue;
                }
                String type = e.getEventType().getName();
                switch (type) {
                    case "jdk.ExecutionSample" -> {
                        RecordedStackTrace st = e.getStackTrace();
                        if (st == null || st.getFrames().isEmpty()) {
                            continue;
                        }
                        samples++;
                        RecordedThread t = e.getThread("sampledThread");
                        byThread.merge(threadGroup(t), 1L, Long::sum);
                        List<RecordedFrame> frames = st.getFrames();
                        String topMethod = method(frames.get(0));
                        selfMethod.merge(topMethod, 1L, Long::sum);
                        selfComponent.merge(component(topMethod), 1L, Long::sum);
                        Set<String> comps = new HashSet<>();
                        Set<String> hub = new HashSet<>();
                        for (RecordedFrame f : frames) {
                            String m = method(f);
                            comps.add(component(m));
                            if (m.startsWith("cn.tongjie.")) {
                                hub.add(m);
                            }
                        }
                        comps.forEach(c -> inclComponent.merge(c, 1L, Long::sum));
                        hub.forEach(h -> inclHub.merge(h, 1L, Long::sum));
                    }
                    case "jdk.ThreadPark", "jdk.JavaMonitorEnter", "jdk.JavaMonitorWait", "jdk.SocketRead" -> {
                        RecordedStackTrace st = e.getStackTrace();
                        String where = "(no hub frame) " + threadGroup(e.getThread());
                        if (st != null) {
                            for (RecordedFrame f : st.getFrames()) {
                                String m = method(f);
                                if (m.startsWith("cn.tongjie.")) {
                                    where = m;
                                    break;
                                }
                            }
                        }
                        String key = type.substring(4) + " in " + where;
                        blockedNanos.merge(key, e.getDuration().toNanos(), Long::sum);
                        blockedCount.merge(key, 1L, Long::sum);
                    }
                    case "jdk.GarbageCollection" -> {
                        gcCount++;
                        gcNanos += e.getDuration("sumOfPauses").toNanos();
                    }
                    default -> {
                        // not summarised
                    }
                }
            }
        }
        System.out.printf(Locale.ROOT, "# JFR summary of %s%s: %d execution samples, %d GCs (%.0f ms paused)%n%n", file,
                from == Long.MIN_VALUE ? "" : String.format(Locale.ROOT, " from %s to %s (%.0f s)",
                        java.time.Instant.ofEpochMilli(from), java.time.Instant.ofEpochMilli(to), (to - from) / 1000.0),
                samples, gcCount, gcNanos / 1e6);
        print("CPU samples by thread (digits folded)", byThread, samples, top);
        print("CPU samples by component of the top frame (self)", selfComponent, samples, top);
        print("CPU samples whose stack contains the component (inclusive)", inclComponent, samples, top);
        print("Top methods (self)", selfMethod, samples, top);
        print("Hub methods (inclusive)", inclHub, samples, top);
        Map<String, Long> blockedMs = new LinkedHashMap<>();
        blockedNanos.forEach((k, v) -> blockedMs.put(k + " ×" + blockedCount.get(k), v / 1_000_000));
        print("Blocking ≥ threshold (park 10 ms, monitor 10 ms, socket 10 ms in the profile settings), total ms",
                blockedMs, -1, top);
    }

    private static void print(String title, Map<String, Long> counts, long total, int top) {
        System.out.println("## " + title);
        counts.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(top)
                .forEach(en -> {
                    if (total > 0) {
                        System.out.printf(Locale.ROOT, "%6.1f %%  %7d  %s%n", 100.0 * en.getValue() / total,
                                en.getValue(), en.getKey());
                    } else {
                        System.out.printf(Locale.ROOT, "%9d  %s%n", en.getValue(), en.getKey());
                    }
                });
        System.out.println();
    }

    private static String method(RecordedFrame f) {
        return f.getMethod().getType().getName() + "." + f.getMethod().getName();
    }

    private static String component(String method) {
        for (String[] c : COMPONENTS) {
            if (method.startsWith(c[0])) {
                return c[1];
            }
        }
        return "other: " + method.substring(0, Math.max(0, method.lastIndexOf('.', Math.max(0, method.lastIndexOf('.') - 1))));
    }

    private static String threadGroup(RecordedThread t) {
        if (t == null) {
            return "?";
        }
        String n = t.getJavaName() == null ? t.getOSName() : t.getJavaName();
        return n == null ? "?" : n.replaceAll("\\d+", "N");
    }
}
