package cn.tongjie.hub.infra;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;

/**
 * The hub's clock: system time plus an offset, always ticking. The offset is zero in production; a replay of dated
 * contract samples (e.g. the court manifest, whose security headers are only fresh at each row's clock) moves it with
 * {@link #jumpTo}. Every component reads time through the {@link Clock} bean, so they all move together.
 */
public final class HubClock extends Clock {

    private final Clock system;
    private final Duration initialOffset;
    private volatile Duration offset;

    public HubClock(Clock system, Duration offset) {
        this.system = system;
        this.initialOffset = offset;
        this.offset = offset;
    }

    /** Back to the configured clock (tongjie.clock.start and the time elapsed since), after a replay moved it. */
    public void reset() {
        offset = initialOffset;
    }

    /** From now on, "now" is {@code instant} (and keeps ticking from there). */
    public void jumpTo(Instant instant) {
        offset = Duration.between(system.instant(), instant);
    }

    @Override
    public ZoneId getZone() {
        return system.getZone();
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return new HubClock(system.withZone(zone), offset);
    }

    @Override
    public Instant instant() {
        return system.instant().plus(offset);
    }
}
