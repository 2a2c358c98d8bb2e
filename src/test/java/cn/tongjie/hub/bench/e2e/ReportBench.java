package cn.tongjie.hub.bench.e2e;

import cn.tongjie.hub.bench.e2e.HubE2eBenchmark.Run;
import cn.tongjie.hub.bench.e2e.HubE2eBenchmark.Scenario;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Renders one run as the generated part of docs/benchmarks.md. Not a test. */
final class ReportBench {

    static final double TARGET_THROUGHPUT = 2000;
    static final double TARGET_P99_MS = 250;
    static final double TARGET_HEAP_MB = 512;
    static final double TARGET_READY_S = 15;
    static final double TARGET_REST_INTAKE = 3000;

    private ReportBench() {
    }

    static String markdown(Run run) {
        StringBuilder b = new StringBuilder();
        Map<String, String> m = run.machine();
        b.append("### This run\n\n");
        b.append("- Date: ").append(run.startedAt()).append(", revision `").append(run.options().get("rev"))
                .append("`, command `").append(run.options().get("command")).append("`\n");
        b.append("- Machine: ").append(m.get("cpus")).append(" CPUs (").append(m.get("cpuModel")).append("), ")
                .append(m.get("memory")).append(" RAM, ").append(m.get("os")).append("; load average at the end: ")
                .append(m.get("loadAverageAtEnd")).append('\n');
        b.append("- JVM (hub and load generator): ").append(m.get("java")).append('\n');
        run.settings().forEach((k, v) -> {
            if (!"options".equals(k)) {
                b.append("- ").append(k).append(": ").append(v).append('\n');
            }
        });
        b.append("- Options: `");
        run.options().forEach((k, v) -> {
            if (!"command".equals(k) && !"rev".equals(k)) {
                b.append(k).append('=').append(v).append(' ');
            }
        });
        b.setLength(b.length() - 1);
        b.append("`\n\n");

        b.append("### Throughput and latency\n\n");
        b.append("| Scenario | Offered | Records | Completed | Throughput (/s) | p50 (ms) | p95 (ms) | p99 (ms) | max (ms) |\n");
        b.append("|---|---|--:|--:|--:|--:|--:|--:|--:|\n");
        for (Scenario s : run.scenarios()) {
            b.append("| ").append(s.title()).append(" | ")
                    .append(offered(s))
                    .append(" | ").append(s.records()).append(" | ").append(s.completed())
                    .append(s.timedOut() ? " ⚠" : "").append(" | ").append(f0(s.throughput())).append(" | ")
                    .append(f1(s.latency().p50())).append(" | ").append(f1(s.latency().p95())).append(" | ")
                    .append(f1(s.latency().p99())).append(" | ").append(f1(s.latency().max())).append(" |\n");
        }
        b.append("\n⚠ = not every answer arrived within the time-out; its percentiles cover the completed records only,"
                + " so the true ones are higher.");
        if (run.scenarios().stream().anyMatch(ReportBench::intake)) {
            b.append(" Intake rows (court SOAP, petition REST): Records = requests sent, Completed = accepted (SOAP"
                    + " receipt ACCEPTED, REST 202 new item), latency = request start (at a fixed rate: its intended"
                    + " start) → answer, which the hub gives after its database commit; the disputes' downstream"
                    + " work (triage, createCase, feedback) runs meanwhile and after.");
        }
        b.append("\n\n");

        b.append("### CPU and memory per scenario\n\n");
        b.append("CPU in cores (of ").append(m.get("cpus")).append("), averaged over the scenario. \"Rest of the machine\""
                + " = all CPU time on the machine (/proc/stat, including the kernel's network and disk work) minus the hub"
                + " and the load generator: other processes share these 2 cores. Heap = used and committed heap"
                + " of the hub, read each second from its hsperfdata (as `jstat -gc` does; costs the hub nothing).\n\n");
        b.append("| Scenario | Seconds | Hub CPU | Load-gen CPU | Rest of the machine | Hub RSS max (MB) | Hub heap used max (MB) | Heap committed max (MB) | GC pauses (n / total ms / max ms) |\n");
        b.append("|---|--:|--:|--:|--:|--:|--:|--:|--:|\n");
        for (Scenario s : run.scenarios()) {
            var r = s.resources();
            b.append("| ").append(s.title()).append(" | ").append(f1(r.seconds())).append(" | ").append(f2(r.hubCores()))
                    .append(" | ").append(f2(r.loadgenCores())).append(" | ").append(f2(r.otherCores())).append(" | ")
                    .append(f0(r.rssMaxMb())).append(" | ").append(f0(r.heapMaxMb())).append(" | ")
                    .append(f0(r.heapCommittedMaxMb())).append(" | ").append(f0(r.gcCount())).append(" / ")
                    .append(f0(r.gcTotalMs())).append(" / ").append(f0(r.gcMaxMs())).append(" |\n");
        }
        b.append('\n');

        Optional<Scenario> hubMax = find(run, "hub-max");
        Optional<Scenario> hubFixed = find(run, "hub-fixed");
        Optional<Scenario> bareMax = find(run, "bare-pass-max");
        Optional<Scenario> bareFixed = find(run, "bare-pass-fixed");
        Optional<Scenario> hop = find(run, "bare-hop-max");
        b.append("### Hub ÷ bare Kafka (same broker, same records, same run)\n\n");
        if (hubMax.isPresent() && bareMax.isPresent()) {
            b.append("- Throughput: hub ").append(f0(hubMax.get().throughput())).append("/s ÷ bare pass-through ")
                    .append(f0(bareMax.get().throughput())).append("/s = **")
                    .append(pct(hubMax.get().throughput() / bareMax.get().throughput())).append("**");
            hop.ifPresent(h -> b.append(" (÷ bare single hop ").append(f0(h.throughput())).append("/s = ")
                    .append(pct(hubMax.get().throughput() / h.throughput())).append(')'));
            b.append('\n');
        }
        if (hubFixed.isPresent() && bareFixed.isPresent()) {
            b.append("- p99 at ").append(f0(hubFixed.get().offeredRate())).append("/s: hub ")
                    .append(f1(hubFixed.get().latency().p99())).append(" ms vs bare pass-through ")
                    .append(f1(bareFixed.get().latency().p99())).append(" ms (×")
                    .append(f1(hubFixed.get().latency().p99() / bareFixed.get().latency().p99())).append(")\n");
        }
        b.append("- The issue's reference for a plain kafka-clients pass-through on these machines: about 35,000/s,"
                + " p99 about 30 ms at 500/s");
        bareMax.ifPresent(s -> b.append(". Measured here: ").append(f0(s.throughput())).append("/s"));
        bareFixed.ifPresent(s -> b.append(", p99 ").append(f1(s.latency().p99())).append(" ms at ")
                .append(f0(s.offeredRate())).append("/s"));
        b.append(".\n\n");

        Map<String, Object> mem = run.memory();
        b.append("### Start-up and steady-state memory\n\n");
        b.append("| Measure | Value |\n|---|--:|\n");
        b.append("| process start → `/actuator/health/readiness` UP, fresh data (cold) | ").append(f1(run.readyColdMs() / 1000.0))
                .append(" s |\n");
        b.append("| CPU the hub used to get there / rest of the machine meanwhile | ")
                .append(f1(num(mem, "startCpuSeconds"))).append(" s / ").append(f2(num(mem, "startMachineOtherCores")))
                .append(" cores |\n");
        b.append("| Spring's own line | ").append(run.springStartedLine().replace("|", "/")).append(" |\n");
        if (run.readyRestartMs() >= 0) {
            b.append("| restart on the same data (all scenarios' disputes in the store) → UP | ")
                    .append(f1(run.readyRestartMs() / 1000.0)).append(" s |\n");
        }
        b.append("| graceful stop (SIGTERM → exit) | ").append(run.stopMs() < 0 ? "killed after 90 s" : f1(run.stopMs() / 1000.0) + " s")
                .append(" |\n");
        b.append("| RSS / heap used at ready | ").append(f0(num(mem, "rssAtReadyMb"))).append(" MB / ")
                .append(f0(num(mem, "heapAtReadyMb"))).append(" MB |\n");
        b.append("| idle 10 s after the load: CPU, RSS, heap used / committed | ").append(f2(num(mem, "idleCores")))
                .append(" cores, ").append(f0(num(mem, "idleRssMb"))).append(" MB, ").append(f0(num(mem, "idleHeapUsedMb")))
                .append(" / ").append(f0(num(mem, "idleHeapCommittedMb"))).append(" MB |\n");
        b.append("| heap used after a full GC (live set, `jcmd GC.run`) | ").append(f0(num(mem, "heapAfterFullGcMb")))
                .append(" MB |\n");
        b.append("| peak RSS of the run (VmHWM) | ").append(f0(num(mem, "rssPeakMb"))).append(" MB |\n\n");

        if (!run.stages().isEmpty()) {
            b.append("### Where the time goes (hub e2e, per stage)\n\n");
            b.append("From the hub's own time stamps (dispute, assignment, timeline and outbox rows, read from the store"
                    + " after the run) between the load generator's send and its receipt of czjg 01. Per-stage"
                    + " percentiles do not add up to the end-to-end ones. An outbox row's `sent_at` is written once its"
                    + " whole relay round is acknowledged, so the last stage can be slightly negative.\n\n");
            run.stages().forEach((id, stages) -> {
                String title = find(run, id).map(Scenario::title).orElse(id);
                b.append("**").append(title).append("**\n\n");
                b.append("| Stage | n | p50 (ms) | p95 (ms) | p99 (ms) | mean (ms) |\n|---|--:|--:|--:|--:|--:|\n");
                for (var st : stages) {
                    b.append("| ").append(st.name()).append(" | ").append(st.count()).append(" | ").append(f1(st.p50()))
                            .append(" | ").append(f1(st.p95())).append(" | ").append(f1(st.p99())).append(" | ")
                            .append(f1(st.mean())).append(" |\n");
                }
                b.append('\n');
            });
        }

        if (run.mappings() != null && !run.mappings().isEmpty()) {
            var first = run.mappings().get(0);
            b.append("### Mapping alone per agency (JMH)\n\n");
            b.append("Each mapping file under `mappings/<agency>/` run by the hub's own `MappingEngine` (compiled JSLT,"
                    + " the hub's functions and object filter) on its fixture inputs (`fixtures/<name>/*.input.json`,"
                    + " in turn), one thread, JMH throughput mode: ").append(first.forks()).append(" fork, ")
                    .append(first.iterations()).append(" × ").append(f0(first.iterationSeconds()))
                    .append(" s measured after warm-up, ± = JMH's 99.9 % error. Not the hub's end-to-end rate: a"
                    + " dispute passes two or three mappings.\n\n");
            b.append("| Mapping | Fixture inputs | Records/s | ± | µs per record |\n|---|--:|--:|--:|--:|\n");
            for (var mr : run.mappings()) {
                b.append("| `").append(mr.mapping()).append("` | ").append(mr.inputs()).append(" | ")
                        .append(f0(mr.recordsPerSecond())).append(" | ")
                        .append(mr.forks() * mr.iterations() > 1 ? f0(mr.error()) : "—").append(" | ")
                        .append(f1(1e6 / mr.recordsPerSecond())).append(" |\n");
            }
            b.append('\n');
        }

        b.append("### Targets\n\n");
        b.append("| Target | Measured | Verdict |\n|---|---|---|\n");
        hubMax.ifPresentOrElse(s -> b.append("| end-to-end ≥ ").append(f0(TARGET_THROUGHPUT)).append(" disputes/s | ")
                .append(f0(s.throughput())).append("/s | ").append(verdictAtLeast(s.throughput(), TARGET_THROUGHPUT, "/s"))
                .append(" |\n"), () -> b.append("| end-to-end ≥ 2000/s | not measured | — |\n"));
        hubFixed.ifPresentOrElse(s -> b.append("| p99 ≤ ").append(f0(TARGET_P99_MS)).append(" ms at ")
                .append(f0(s.offeredRate())).append("/s | ").append(f1(s.latency().p99())).append(" ms")
                .append(s.timedOut() ? " (completed records only; " + (s.records() - s.completed()) + " unanswered)" : "")
                .append(" | ").append(verdictAtMost(s.latency().p99(), TARGET_P99_MS, " ms")).append(" |\n"),
                () -> b.append("| p99 ≤ 250 ms at 500/s | not measured | — |\n"));
        double heapMax = run.scenarios().stream().mapToDouble(s -> s.resources().heapMaxMb()).max().orElse(Double.NaN);
        double gcMs = run.scenarios().stream().filter(s -> s.path().equals("hub e2e"))
                .mapToDouble(s -> s.resources().gcTotalMs()).sum();
        double e2eSecs = run.scenarios().stream().filter(s -> s.path().equals("hub e2e"))
                .mapToDouble(s -> s.resources().seconds()).sum();
        b.append("| heap ≤ ").append(f0(TARGET_HEAP_MB)).append(" MB | max used ").append(f0(heapMax))
                .append(" MB under load with -Xmx").append(run.options().get("xmx")).append(" (G1 fills the heap before it"
                + " collects); live set after full GC ").append(f0(num(mem, "heapAfterFullGcMb")))
                .append(" MB; GC pauses ").append(pct(gcMs / 1000 / e2eSecs)).append(" of the hub e2e time")
                .append(Boolean.TRUE.equals(run.checks().get("outOfMemoryInHubLog")) ? "; **OutOfMemoryError in hub.log**" : "")
                .append(" | ").append(verdictAtMost(heapMax, TARGET_HEAP_MB, " MB")).append(" |\n");
        find(run, "petition-max").ifPresentOrElse(s -> b.append("| signed REST intake ≥ ").append(f0(TARGET_REST_INTAKE))
                .append(" req/s | ").append(f0(s.throughput())).append(" req/s (petition, ").append(s.concurrency())
                .append(" connections; p99 ").append(f1(s.latency().p99())).append(" ms) | ")
                .append(verdictAtLeast(s.throughput(), TARGET_REST_INTAKE, " req/s")).append(" |\n"),
                () -> b.append("| signed REST intake ≥ 3,000 req/s | not measured | — |\n"));
        b.append("| ready ≤ ").append(f0(TARGET_READY_S)).append(" s | cold ").append(f1(run.readyColdMs() / 1000.0))
                .append(" s").append(run.readyRestartMs() >= 0 ? ", restart " + f1(run.readyRestartMs() / 1000.0) + " s" : "")
                .append(" | ").append(verdictAtMost(Math.max(run.readyColdMs(), run.readyRestartMs()) / 1000.0,
                        TARGET_READY_S, " s")).append(" |\n\n");

        b.append("### Checks\n\n");
        run.checks().forEach((k, v) -> b.append("- ").append(k).append(": ").append(v).append('\n'));
        for (Scenario s : run.scenarios()) {
            if (intake(s)) {
                b.append("- ").append(s.title()).append(": ").append(s.produceErrors()).append(" failed requests")
                        .append(s.note() == null ? "" : " (first: " + s.note() + ")").append('\n');
            } else if (s.duplicates() > 0 || s.produceErrors() > 0) {
                b.append("- ").append(s.title()).append(": ").append(s.duplicates()).append(" duplicate answers, ")
                        .append(s.produceErrors()).append(" produce errors\n");
            }
        }
        for (String n : run.notes()) {
            b.append("- ").append(n).append('\n');
        }
        return b.toString();
    }

    private static boolean intake(Scenario s) {
        return s.path().endsWith(" SOAP") || s.path().endsWith(" REST");
    }

    /** Offered load: a fixed rate, a closed loop on N connections (intakes), or everything at once (Kafka). */
    private static String offered(Scenario s) {
        if (s.offeredRate() > 0) {
            return f0(s.offeredRate()) + "/s";
        }
        if (s.concurrency() > 0) {
            return "max (" + s.concurrency() + " connections)";
        }
        return "max (" + f0(s.produceRate()) + "/s sent)";
    }

    private static Optional<Scenario> find(Run run, String id) {
        return run.scenarios().stream().filter(s -> s.id().equals(id)).findFirst();
    }

    private static String verdictAtLeast(double v, double target, String unit) {
        if (v >= target) {
            return "met";
        }
        return "**missed** by " + f0(target - v) + unit + " (" + pct(v / target) + " of the target; ×"
                + f1(target / v) + " needed)";
    }

    private static String verdictAtMost(double v, double target, String unit) {
        if (Double.isNaN(v)) {
            return "not measured";
        }
        if (v <= target) {
            return "met";
        }
        return "**missed** by " + f1(v - target) + unit + " (×" + f1(v / target) + " the target)";
    }

    private static double num(Map<String, Object> m, String k) {
        Object v = m.get(k);
        return v instanceof Number n ? n.doubleValue() : Double.NaN;
    }

    static String f0(double v) {
        return Double.isNaN(v) ? "—" : String.format(Locale.ROOT, "%,.0f", v);
    }

    static String f1(double v) {
        return Double.isNaN(v) ? "—" : String.format(Locale.ROOT, "%,.1f", v);
    }

    static String f2(double v) {
        return Double.isNaN(v) ? "—" : String.format(Locale.ROOT, "%.2f", v);
    }

    static String pct(double ratio) {
        if (Double.isNaN(ratio) || Double.isInfinite(ratio)) {
            return "—";
        }
        return String.format(Locale.ROOT, "%.1f %%", ratio * 100);
    }
}
