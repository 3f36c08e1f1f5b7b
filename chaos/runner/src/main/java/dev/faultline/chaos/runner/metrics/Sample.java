package dev.faultline.chaos.runner.metrics;

import java.util.Map;

/**
 * One line of a Prometheus text exposition.
 *
 * @param name   the series name ({@code faultline_circuitbreaker_state})
 * @param labels its labels
 * @param value  its value
 */
public record Sample(String name, Map<String, String> labels, double value) {

    public Sample {
        labels = Map.copyOf(labels);
    }

    /** A label's value, or the empty string, as Prometheus treats a missing label. */
    public String label(String key) {
        return labels.getOrDefault(key, "");
    }
}
