package dev.faultline.platform;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;

/**
 * The time as a process sees it: its machine's clock, shifted while a clock fault says the process's clock runs
 * ahead or behind (as a host whose NTP stopped would). Everything the process decides by the time reads it (token
 * lifetimes, leases of orders, ages); the chaos engine measures its own leases by the unshifted clock.
 */
public final class ProcessClock extends Clock {

    private final Clock base;
    private volatile Duration offset = Duration.ZERO;

    /** The machine's time as {@code base} tells it, not shifted yet. */
    public ProcessClock(Clock base) {
        this.base = base;
    }

    /** From now on the process's time is the machine's plus {@code offset} (negative: behind). */
    public void shift(Duration offset) {
        this.offset = offset;
    }

    /** How far the process's time is off the machine's. */
    public Duration offset() {
        return offset;
    }

    @Override
    public Instant instant() {
        return base.instant().plus(offset);
    }

    @Override
    public ZoneId getZone() {
        return base.getZone();
    }

    /** The same time in another zone, at the offset of this moment (a later shift does not reach it). */
    @Override
    public Clock withZone(ZoneId zone) {
        return Clock.offset(base.withZone(zone), offset);
    }
}
