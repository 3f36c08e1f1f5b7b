package dev.faultline.chaos.engine.kinds;

import java.time.Duration;

import dev.faultline.chaos.engine.Effect;
import dev.faultline.chaos.engine.FaultKind;
import dev.faultline.chaos.engine.Params;

/**
 * {@code consumer-slow}: each message the process consumes waits {@code ms} milliseconds before it is handled, so
 * a queue whose producer keeps its pace backs up (its depth and oldest age rise) while nothing fails.
 */
public final class ConsumerSlowFault implements FaultKind {

    @Override
    public String name() {
        return "consumer-slow";
    }

    @Override
    public Effect parse(Params params) {
        long ms = params.number("ms", 1, 600_000, 500L);
        return new Effect.Consumer() {
            @Override
            public Stage stage() {
                return Stage.BEFORE_HANDLE;
            }

            @Override
            public void apply(dev.faultline.chaos.engine.Fault fault) throws InterruptedException {
                fault.lease().hold(Duration.ofMillis(ms));
            }
        };
    }
}
