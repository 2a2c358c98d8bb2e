package cn.tongjie.hub.bench.e2e;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * HTTP load on one of the hub's intake endpoints from this (load-generator) JVM, the way wrk would drive it, with a
 * {@link Call} that sends one request and says whether the hub accepted it. Two shapes:
 * <ul>
 *   <li><b>closed loop</b> ({@link #closedLoop}): {@code concurrency} threads, each sending its next request as soon
 *       as the previous one was answered, for a fixed time: the maximum rate at that concurrency;</li>
 *   <li><b>open loop</b> ({@link #openLoop}): requests started on a fixed schedule ({@code rate}/s) whatever the hub's
 *       answers, latency counted from the <i>intended</i> start, so a hub (or a pool) falling behind is not hidden
 *       (no coordinated omission).</li>
 * </ul>
 * Not a test: run by {@link HubE2eBenchmark}. Every wait is bounded.
 */
final class IntakeLoadBench {

    /** One request: index {@code i} is unique within the run (business ids are derived from it). */
    @FunctionalInterface
    interface Call {
        /** Sends request {@code i}, waits for the answer; true when it is the expected acceptance. */
        boolean send(int i) throws Exception;
    }

    /**
     * What one scenario saw. {@code latencies} sorted (nanoseconds) for answered requests, accepted or not;
     * {@code accepted} = expected answers, {@code failed} = other answers or I/O errors (first one kept in
     * {@code firstFailure}); {@code unfinished} = requests still open at the deadline (open loop).
     */
    record Observed(int sent, int accepted, int failed, int unfinished, long[] latencies, double seconds,
            double sendSeconds, String firstFailure) {

        double throughput() {
            return seconds > 0 ? accepted / seconds : 0;
        }
    }

    private IntakeLoadBench() {
    }

    /**
     * {@code concurrency} threads in a closed loop for {@code seconds} (or until {@code maxRequests} were started, if
     * positive). Throughput = accepted ÷ time from the first start to the last answer.
     */
    static Observed closedLoop(Call call, int firstIndex, int concurrency, double seconds, int maxRequests)
            throws InterruptedException {
        AtomicInteger next = new AtomicInteger(firstIndex);
        int last = maxRequests > 0 ? firstIndex + maxRequests : Integer.MAX_VALUE;
        AtomicInteger accepted = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        AtomicLong lastDone = new AtomicLong();
        StringBuilder firstFailure = new StringBuilder();
        long[][] perThread = new long[concurrency][];
        int[] counts = new int[concurrency];
        long t0 = System.nanoTime();
        long until = t0 + (long) (seconds * 1e9);
        List<Thread> threads = new ArrayList<>();
        for (int w = 0; w < concurrency; w++) {
            int worker = w;
            Thread t = new Thread(() -> {
                long[] lat = new long[4096];
                int n = 0;
                while (System.nanoTime() < until) {
                    int i = next.getAndIncrement();
                    if (i >= last) {
                        break;
                    }
                    long s = System.nanoTime();
                    boolean ok = attempt(call, i, failed, firstFailure);
                    long e = System.nanoTime();
                    if (ok) {
                        accepted.incrementAndGet();
                    }
                    lastDone.accumulateAndGet(e, Math::max);
                    if (n == lat.length) {
                        lat = Arrays.copyOf(lat, n * 2);
                    }
                    lat[n++] = e - s;
                }
                perThread[worker] = lat;
                counts[worker] = n;
            }, "bench-intake-" + w);
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
        // Each request has its own client time-out, so the threads end shortly after the deadline.
        long joinDeadline = until + TimeUnit.SECONDS.toNanos(60);
        for (Thread t : threads) {
            t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(joinDeadline - System.nanoTime())));
        }
        int unfinished = (int) threads.stream().filter(Thread::isAlive).count();
        long sendEnd = System.nanoTime();
        int total = 0;
        for (int w = 0; w < concurrency; w++) {
            total += perThread[w] == null ? 0 : counts[w];
        }
        long[] all = new long[total];
        int k = 0;
        for (int w = 0; w < concurrency; w++) {
            if (perThread[w] != null) {
                System.arraycopy(perThread[w], 0, all, k, counts[w]);
                k += counts[w];
            }
        }
        Arrays.sort(all);
        int sent = Math.min(next.get(), last) - firstIndex;
        double secs = (Math.max(lastDone.get(), t0) - t0) / 1e9;
        return new Observed(sent, accepted.get(), failed.get(), unfinished, all, secs, (sendEnd - t0) / 1e9,
                firstFailure.length() == 0 ? null : firstFailure.toString());
    }

    /**
     * {@code rate} requests per second for {@code seconds}, each started at its intended time on a pool of
     * {@code threads} (enough for the hub's latency at that rate; if the pool is exhausted the request waits for a
     * thread and that wait counts in its latency). Waits at most {@code timeoutSeconds} after the last start.
     */
    static Observed openLoop(Call call, int firstIndex, double rate, double seconds, int threads, long timeoutSeconds)
            throws InterruptedException {
        int n = (int) Math.round(rate * seconds);
        long[] latency = new long[n];
        Arrays.fill(latency, -1);
        AtomicInteger accepted = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        AtomicLong lastDone = new AtomicLong();
        StringBuilder firstFailure = new StringBuilder();
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "bench-intake-open");
            t.setDaemon(true);
            return t;
        });
        long interval = (long) (1e9 / rate);
        long t0 = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(20);
        try {
            for (int j = 0; j < n; j++) {
                long intended = t0 + j * interval;
                long wait = intended - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
                int slot = j;
                pool.execute(() -> {
                    boolean ok = attempt(call, firstIndex + slot, failed, firstFailure);
                    long e = System.nanoTime();
                    if (ok) {
                        accepted.incrementAndGet();
                    }
                    lastDone.accumulateAndGet(e, Math::max);
                    latency[slot] = e - intended;
                });
            }
            long sendEnd = System.nanoTime();
            pool.shutdown();
            boolean done = pool.awaitTermination(timeoutSeconds, TimeUnit.SECONDS);
            long[] answered = Arrays.stream(latency).filter(v -> v >= 0).sorted().toArray();
            double secs = (Math.max(lastDone.get(), t0) - t0) / 1e9;
            return new Observed(n, accepted.get(), failed.get(), done ? 0 : n - answered.length, answered, secs,
                    (sendEnd - t0) / 1e9, firstFailure.length() == 0 ? null : firstFailure.toString());
        } finally {
            pool.shutdownNow();
        }
    }

    private static boolean attempt(Call call, int i, AtomicInteger failed, StringBuilder firstFailure) {
        boolean ok;
        String why = null;
        try {
            ok = call.send(i);
            if (!ok) {
                why = "unexpected answer to request " + i;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            ok = false;
            why = e.toString();
        } catch (Exception e) {
            ok = false;
            why = e.toString();
        }
        if (!ok) {
            failed.incrementAndGet();
            synchronized (firstFailure) {
                if (firstFailure.length() == 0) {
                    firstFailure.append(why);
                }
            }
        }
        return ok;
    }
}
