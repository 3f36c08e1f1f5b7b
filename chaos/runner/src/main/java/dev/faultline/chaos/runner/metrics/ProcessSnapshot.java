package dev.faultline.chaos.runner.metrics;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import dev.faultline.observability.TelemetryNames;

/**
 * What one scrape of a process says, reduced to what the live view shows: request counters, the latency histogram
 * (cumulative bucket counts by upper bound), and each breaker's current state.
 *
 * @param requests  requests served so far
 * @param errors    of those, answered 5xx
 * @param buckets   cumulative request count by bucket upper bound (seconds)
 * @param breakers  breaker name to its state (closed, open, half-open)
 */
public record ProcessSnapshot(double requests, double errors, TreeMap<Double, Double> buckets, Map<String, String> breakers) {

    private static final String DURATION = PrometheusNames.seconds(TelemetryNames.HTTP_SERVER_DURATION);
    private static final String STATE = PrometheusNames.gauge(TelemetryNames.BREAKER_STATE);
    private static final String STATUS = "http_response_status_code";

    public static ProcessSnapshot of(List<Sample> samples) {
        double requests = 0;
        double errors = 0;
        TreeMap<Double, Double> buckets = new TreeMap<>();
        Map<String, String> breakers = new TreeMap<>();
        for (Sample sample : samples) {
            if (sample.name().equals(DURATION + "_count")) {
                requests += sample.value();
                if (sample.label(STATUS).startsWith("5")) {
                    errors += sample.value();
                }
            } else if (sample.name().equals(DURATION + "_bucket")) {
                buckets.merge(Double.parseDouble(sample.label("le").replace("+Inf", "Infinity")), sample.value(), Double::sum);
            } else if (sample.name().equals(STATE) && sample.value() == 1) {
                breakers.put(sample.label("name"), sample.label("state"));
            }
        }
        return new ProcessSnapshot(requests, errors, buckets, breakers);
    }

    /**
     * The 99th percentile of the requests between {@code before} and this snapshot, in seconds, interpolated
     * within its bucket as Prometheus' {@code histogram_quantile} does; NaN without requests.
     */
    public double p99Since(ProcessSnapshot before) {
        return requests - before.requests <= 0 ? Double.NaN : Quantiles.since(buckets, before.buckets, 0.99);
    }
}
