package dev.faultline.observability;

import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * The request-duration timers of one metric, found by their tag values in a map of this class's own instead of
 * being built and registered anew for every request: the registry's lookup hashes every tag of a new builder, which
 * at the gateway's saturation was 5 % of its CPU (JFR, bench/RESULTS.md "Gateway overhead").
 */
final class DurationTimers {

    private final MeterRegistry meters;
    private final String name;
    private final String description;
    private final List<String> tagKeys;
    private final ConcurrentHashMap<List<String>, Timer> timers = new ConcurrentHashMap<>();

    DurationTimers(MeterRegistry meters, String name, String description, List<String> tagKeys) {
        this.meters = meters;
        this.name = name;
        this.description = description;
        this.tagKeys = List.copyOf(tagKeys);
    }

    /** The timer with these tag values, in the order of the keys. */
    Timer with(String... values) {
        return timers.computeIfAbsent(List.of(values), this::register);
    }

    private Timer register(List<String> values) {
        Timer.Builder builder = Timer.builder(name).description(description)
                .serviceLevelObjectives(TelemetryNames.DURATION_BUCKETS);
        for (int i = 0; i < tagKeys.size(); i++) {
            builder.tag(tagKeys.get(i), values.get(i));
        }
        return builder.register(meters);
    }
}
