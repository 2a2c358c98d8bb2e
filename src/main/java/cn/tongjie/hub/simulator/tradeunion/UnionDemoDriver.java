package cn.tongjie.hub.simulator.tradeunion;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Demo mode: the union's clerk imports referral files every {@code interval} and, {@code resultDelay} after a row was
 * imported, writes its result (mostly 成功). Tests leave this off and drive {@link UnionSystemSimulator} themselves,
 * so they decide when the union picks a file up and whether it ever answers.
 */
final class UnionDemoDriver {

    private static final Logger log = LoggerFactory.getLogger(UnionDemoDriver.class);

    private final UnionSystemSimulator simulator;
    private final Duration resultDelay;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "union-demo-driver");
        t.setDaemon(true);
        return t;
    });

    UnionDemoDriver(UnionSystemSimulator simulator, Duration interval, Duration resultDelay) {
        this.simulator = simulator;
        this.resultDelay = resultDelay;
        timer.scheduleWithFixedDelay(this::tick, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    void stop() {
        timer.shutdownNow();
    }

    private void tick() {
        try {
            simulator.importReferrals();
            simulator.concludeDue(resultDelay);
        } catch (RuntimeException e) {
            // a demo round that fails is simply tried again next interval
            log.warn("Union demo round failed: {}", e.getMessage());
        }
    }
}
