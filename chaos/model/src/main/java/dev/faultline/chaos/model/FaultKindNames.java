package dev.faultline.chaos.model;

import java.util.List;

/**
 * The names of the fault kinds, as a fault's {@code kind} carries them: the engine registers exactly these (its tests
 * say so), the CLI offers them in its help, and the README's fault table lists them.
 */
public final class FaultKindNames {

    /** Every kind, in the order the engine registers and lists them. */
    public static final List<String> ALL = List.of("latency", "error", "exception", "hang", "reset", "slow-body",
            "dependency", "crash", "cpu", "memory", "telemetry", "consumer-slow", "consumer-fail", "consumer-crash", "clock",
            "certificate");

    private FaultKindNames() {
    }
}
