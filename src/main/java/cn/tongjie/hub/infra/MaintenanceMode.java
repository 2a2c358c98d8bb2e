package cn.tongjie.hub.infra;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.Status;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/**
 * Maintenance mode of this hub node: while on, readiness is OUT_OF_SERVICE (a load balancer or Kubernetes takes the
 * node out of rotation) but the node keeps running, so an operator can inspect and repair. Per node and in memory on
 * purpose: readiness is a property of one node, and a restart ends maintenance. Also a health indicator
 * ({@code maintenance}, in the readiness group) that says who switched it on, when and why.
 */
@Component("maintenance")
public class MaintenanceMode implements HealthIndicator {

    private static final Logger log = LoggerFactory.getLogger(MaintenanceMode.class);

    /** Who switched maintenance on, when and why. */
    public record State(boolean on, String reason, String by, OffsetDateTime since) {
    }

    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final AtomicReference<State> state = new AtomicReference<>(new State(false, null, null, null));

    MaintenanceMode(ApplicationEventPublisher events, Clock clock) {
        this.events = events;
        this.clock = clock;
    }

    public State state() {
        return state.get();
    }

    /** Switches maintenance on or off; returns the new state. */
    public State set(boolean on, String reason, String by) {
        State next = on ? new State(true, reason, by, OffsetDateTime.now(clock)) : new State(false, null, by,
                OffsetDateTime.now(clock));
        state.set(next);
        AvailabilityChangeEvent.publish(events, this,
                on ? ReadinessState.REFUSING_TRAFFIC : ReadinessState.ACCEPTING_TRAFFIC);
        log.info("Maintenance mode {} by {}", on ? "ON" : "OFF", by);
        return next;
    }

    @Override
    public Health health() {
        State s = state.get();
        if (!s.on()) {
            return Health.up().build();
        }
        return Health.status(Status.OUT_OF_SERVICE).withDetail("reason", String.valueOf(s.reason()))
                .withDetail("by", s.by()).withDetail("since", String.valueOf(s.since())).build();
    }
}
