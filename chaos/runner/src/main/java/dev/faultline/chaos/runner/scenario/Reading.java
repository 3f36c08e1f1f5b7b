package dev.faultline.chaos.runner.scenario;

/**
 * One measurement of a probe.
 *
 * @param holds  whether the probe's condition held
 * @param value  the measured value (NaN when there was none)
 * @param detail what was seen, for people: {@code 503 in 12 ms}, {@code 0.82}, {@code no data}
 */
public record Reading(boolean holds, double value, String detail) {

    static Reading failed(String detail) {
        return new Reading(false, Double.NaN, detail);
    }
}
