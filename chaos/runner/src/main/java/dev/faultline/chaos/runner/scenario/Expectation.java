package dev.faultline.chaos.runner.scenario;

import java.time.Duration;
import java.util.Optional;

/**
 * What must happen. With {@code within}, the probe must hold at some moment before the deadline, counted from
 * the start of the step named by {@code after} (or of the method); with {@code at}, it is checked once as that step
 * starts; otherwise once when the method has finished. Increases are counted from {@code after} (or the method's
 * start, or the {@code at} step).
 *
 * @param after  the step the clock starts at; empty for the method's start
 * @param within the deadline of an eventual check
 * @param at     the step at whose start a one-time check runs
 */
public record Expectation(Probe probe, Optional<String> after, Optional<Duration> within, Optional<String> at) {

    public String name() {
        return probe.name();
    }
}
