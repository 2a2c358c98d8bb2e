package cn.tongjie.hub.court;

import java.time.Duration;
import java.time.LocalTime;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.format.annotation.DateTimeFormat;

/**
 * The court sender's settings (application.yml {@code tongjie.court.outbound}); contract §3 (timeouts, maintenance
 * window) and §13 (back-off, 48 h).
 *
 * @param connectTimeout     TCP connect timeout towards {courtBase}/intake (contract §3: 10 s)
 * @param readTimeout        time to wait for the court's answer (contract §3: 60 s)
 * @param backoff            delays after the 1st, 2nd … failed attempt; the last one repeats (contract §13: 30 s, 2 min,
 *                           10 min, 30 min, then hourly)
 * @param giveUpAlertAfter   after this long since the first attempt an undelivered message raises one alert; it is
 *                           still retried (contract §13: 48 h, never drop)
 * @param maintenanceStart   start (+08:00 local time, inclusive) of the courts' daily maintenance window (00:00)
 * @param maintenanceEnd     end (+08:00 local time, exclusive) of the window (01:00)
 * @param pollInterval       how often the sender looks for due rows besides the wake-up after each enqueue
 * @param lease              how long a node owns a row it is sending; must exceed readTimeout so a slow answer is not
 *                           taken for a crashed node
 * @param threads            messages sent in parallel (different object keys / courts)
 * @param breaker            per-court circuit breaker (Resilience4j)
 */
@ConfigurationProperties(prefix = "tongjie.court.outbound")
public record CourtOutboundProperties(Duration connectTimeout, Duration readTimeout, List<Duration> backoff,
        Duration giveUpAlertAfter, @DateTimeFormat(pattern = "HH:mm") LocalTime maintenanceStart,
        @DateTimeFormat(pattern = "HH:mm") LocalTime maintenanceEnd, Duration pollInterval,
        Duration lease, int threads, Breaker breaker) {

    /**
     * Circuit breaker per court: after too many transport failures the court is left alone for a while, so one dead
     * court does not occupy every sender thread with read timeouts.
     *
     * @param failureRateThreshold percentage of failed calls that opens the breaker
     * @param minimumCalls         calls in the window before the rate is judged
     * @param windowSize           number of recent calls the rate is computed over
     * @param openFor              how long the breaker stays open before it lets a trial call through
     */
    public record Breaker(float failureRateThreshold, int minimumCalls, int windowSize, Duration openFor) {
    }

    public CourtOutboundProperties {
        connectTimeout = connectTimeout == null ? Duration.ofSeconds(10) : connectTimeout;
        readTimeout = readTimeout == null ? Duration.ofSeconds(60) : readTimeout;
        backoff = backoff == null || backoff.isEmpty() ? List.of(Duration.ofSeconds(30), Duration.ofMinutes(2),
                Duration.ofMinutes(10), Duration.ofMinutes(30), Duration.ofHours(1)) : List.copyOf(backoff);
        giveUpAlertAfter = giveUpAlertAfter == null ? Duration.ofHours(48) : giveUpAlertAfter;
        maintenanceStart = maintenanceStart == null ? LocalTime.MIDNIGHT : maintenanceStart;
        maintenanceEnd = maintenanceEnd == null ? LocalTime.of(1, 0) : maintenanceEnd;
        pollInterval = pollInterval == null ? Duration.ofSeconds(1) : pollInterval;
        lease = lease == null ? readTimeout.plus(connectTimeout).plusSeconds(30) : lease;
        threads = threads <= 0 ? 4 : threads;
        breaker = breaker == null ? new Breaker(50f, 5, 10, Duration.ofMinutes(1)) : breaker;
    }

    /** Delay after the {@code failures}-th failed attempt (1-based). */
    public Duration backoffAfter(int failures) {
        return backoff.get(Math.max(0, Math.min(failures, backoff.size()) - 1));
    }

    /** Whether the +08:00 local time {@code t} is inside the maintenance window [start, end). */
    public boolean inMaintenance(LocalTime t) {
        if (maintenanceStart.equals(maintenanceEnd)) {
            return false;
        }
        return maintenanceStart.isBefore(maintenanceEnd)
                ? !t.isBefore(maintenanceStart) && t.isBefore(maintenanceEnd)
                : !t.isBefore(maintenanceStart) || t.isBefore(maintenanceEnd);
    }
}
