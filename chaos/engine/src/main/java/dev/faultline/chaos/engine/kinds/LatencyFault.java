package dev.faultline.chaos.engine.kinds;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

import dev.faultline.chaos.engine.Effect;
import dev.faultline.chaos.engine.FaultKind;
import dev.faultline.chaos.engine.Params;

/**
 * {@code latency}: delays inbound requests by {@code ms} (milliseconds) plus up to {@code jitter} (milliseconds),
 * spread {@code fixed}, {@code uniform} or {@code normal} (jitter as one standard deviation). A request still
 * waiting when the fault ends goes on at once.
 */
public final class LatencyFault implements FaultKind {

    @Override
    public String name() {
        return "latency";
    }

    @Override
    public Effect parse(Params params) {
        long ms = params.number("ms", 0, 600_000, null);
        long jitter = params.number("jitter", 0, 600_000, 0L);
        Distribution distribution = params.choice("distribution", Distribution.class, Distribution.UNIFORM);
        return (Effect.Inbound) (fault, req, res) -> {
            fault.lease().hold(Duration.ofMillis(delay(ms, jitter, distribution)));
            return false;
        };
    }

    static long delay(long ms, long jitter, Distribution distribution) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return switch (distribution) {
            case FIXED -> ms;
            case NORMAL -> Math.max(0, Math.round(ms + random.nextGaussian() * jitter));
            case UNIFORM -> ms + (jitter == 0 ? 0 : random.nextLong(jitter + 1));
        };
    }

    /** How the jitter spreads the delays. */
    enum Distribution { FIXED, UNIFORM, NORMAL }
}
