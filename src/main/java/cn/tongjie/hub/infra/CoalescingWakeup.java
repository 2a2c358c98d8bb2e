package cn.tongjie.hub.infra;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a job on its own thread as soon as someone signals, coalescing signals that arrive while a run is pending:
 * a burst of commits causes one extra run, not one per commit. Used to send right after a transaction commits
 * instead of waiting for the next timer round (the timer stays as the safety net).
 */
public final class CoalescingWakeup implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(CoalescingWakeup.class);

    private final Runnable job;
    private final AtomicBoolean pending = new AtomicBoolean();
    private final ExecutorService thread;

    public CoalescingWakeup(String threadName, Runnable job) {
        this.job = job;
        this.thread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            return t;
        });
    }

    public void signal() {
        if (pending.compareAndSet(false, true)) {
            thread.execute(() -> {
                pending.set(false);
                try {
                    job.run();
                } catch (RuntimeException e) {
                    log.warn("Wake-up run failed (the timer round retries): {}", e.toString());
                }
            });
        }
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}
