package dev.faultline.chaos.engine.kinds;

import java.time.Duration;

import dev.faultline.chaos.engine.Effect;
import dev.faultline.chaos.engine.FaultKind;
import dev.faultline.chaos.engine.Params;
import dev.faultline.platform.ProcessClock;

/**
 * {@code clock}: the process's clock runs {@code seconds} ahead (or behind, when negative) while the fault lasts, as
 * a host whose time synchronisation failed: what it stamps (a token's iat and exp, an order's time) and what it
 * judges by the time (an expiry, an age) are off by that much. The machine's clock, and other processes', are not.
 */
public final class ClockFault implements FaultKind {

    /** A day either way: enough to expire anything the shop issues. */
    private static final long MAX_SECONDS = Duration.ofDays(1).toSeconds();

    private final ProcessClock clock;

    public ClockFault(ProcessClock clock) {
        this.clock = clock;
    }

    @Override
    public String name() {
        return "clock";
    }

    @Override
    public Effect parse(Params params) {
        long seconds = params.number("seconds", -MAX_SECONDS, MAX_SECONDS, null);
        return (Effect.Process) fault -> {
            clock.shift(Duration.ofSeconds(seconds));
            return () -> clock.shift(Duration.ZERO);
        };
    }
}
