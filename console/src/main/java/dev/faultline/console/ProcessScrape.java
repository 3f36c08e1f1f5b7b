package dev.faultline.console;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import dev.faultline.chaos.runner.metrics.PrometheusNames;
import dev.faultline.chaos.runner.metrics.Sample;
import dev.faultline.observability.TelemetryNames;

/**
 * What one scrape of a process says about its calls out: per upstream service, the calls made, the failed ones (5xx
 * or no answer) and their latency histogram; the breaker's state for each; and what its discovery thinks of each
 * upstream instance.
 *
 * @param calls     upstream service to its client-side counts
 * @param breakers  upstream (breaker name) to closed, open or half-open
 * @param instances upstream instance ({@code host:port}) to ready, unhealthy or ejected
 * @param retries   retries made per upstream so far
 * @param attempts  calls made under each upstream's policy so far
 * @param bulkheads calls running in each upstream's bulkhead now
 * @param published messages its outbox relay sent to the broker (failed: sends that failed)
 * @param consumed  messages it consumed from the broker (failed: deliveries whose handling failed)
 */
record ProcessScrape(Map<String, Counts> calls, Map<String, String> breakers, Map<String, String> instances,
                     Map<String, Double> retries, Map<String, Double> attempts, Map<String, Double> bulkheads,
                     Counts published, Counts consumed) {

    private static final String CLIENT = PrometheusNames.seconds(TelemetryNames.HTTP_CLIENT_DURATION);
    private static final String BREAKER = PrometheusNames.gauge(TelemetryNames.BREAKER_STATE);
    private static final String HEALTHY = PrometheusNames.gauge(TelemetryNames.UPSTREAM_HEALTHY);
    private static final String EJECTED = PrometheusNames.gauge(TelemetryNames.UPSTREAM_EJECTED);
    private static final String RETRIES = PrometheusNames.counter(TelemetryNames.RETRY_ATTEMPTS);
    private static final String CALLS = PrometheusNames.counter(TelemetryNames.RESILIENCE_CALLS);
    private static final String BULKHEAD = PrometheusNames.gauge(TelemetryNames.BULKHEAD_RUNNING);
    private static final String PUBLISHES = PrometheusNames.counter(TelemetryNames.OUTBOX_PUBLISHES);
    private static final String CONSUMED = PrometheusNames.counter(TelemetryNames.MESSAGES_CONSUMED);
    private static final String PEER = "peer_service";
    private static final String STATUS = "http_response_status_code";

    static ProcessScrape of(List<Sample> samples) {
        Map<String, Counts> calls = new TreeMap<>();
        Map<String, String> breakers = new TreeMap<>();
        Map<String, String> instances = new TreeMap<>();
        Map<String, Boolean> ejected = new HashMap<>();
        Map<String, Double> retries = new TreeMap<>();
        Map<String, Double> attempts = new TreeMap<>();
        Map<String, Double> bulkheads = new TreeMap<>();
        Counts published = new Counts();
        Counts consumed = new Counts();
        for (Sample sample : samples) {
            String name = sample.name();
            if (name.equals(CLIENT + "_count")) {
                Counts counts = calls.computeIfAbsent(sample.label(PEER), peer -> new Counts());
                counts.calls += sample.value();
                String status = sample.label(STATUS);
                if (status.startsWith("5") || status.equals("none")) {
                    counts.failed += sample.value();
                }
            } else if (name.equals(CLIENT + "_bucket")) {
                calls.computeIfAbsent(sample.label(PEER), peer -> new Counts()).buckets
                        .merge(Double.parseDouble(sample.label("le").replace("+Inf", "Infinity")), sample.value(), Double::sum);
            } else if (name.equals(BREAKER) && sample.value() == 1) {
                breakers.put(sample.label("name"), sample.label("state"));
            } else if (name.equals(HEALTHY)) {
                instances.putIfAbsent(sample.label(TelemetryNames.UPSTREAM_INSTANCE_TAG),
                        sample.value() == 1 ? "ready" : "unhealthy");
                if (sample.value() != 1) {
                    instances.put(sample.label(TelemetryNames.UPSTREAM_INSTANCE_TAG), "unhealthy");
                }
            } else if (name.equals(EJECTED) && sample.value() == 1) {
                ejected.put(sample.label(TelemetryNames.UPSTREAM_INSTANCE_TAG), true);
            } else if (name.equals(RETRIES)) {
                retries.merge(sample.label("name"), sample.value(), Double::sum);
            } else if (name.equals(CALLS)) {
                attempts.merge(sample.label("name"), sample.value(), Double::sum);
            } else if (name.equals(BULKHEAD)) {
                bulkheads.merge(sample.label("name"), sample.value(), Double::sum);
            } else if (name.equals(PUBLISHES) || name.equals(CONSUMED)) {
                Counts counts = name.equals(PUBLISHES) ? published : consumed;
                counts.calls += sample.value();
                if (sample.label("outcome").equals("failed")) {
                    counts.failed += sample.value();
                }
            }
        }
        ejected.keySet().forEach(instance -> instances.put(instance, "ejected"));
        return new ProcessScrape(calls, breakers, instances, retries, attempts, bulkheads, published, consumed);
    }

    /** Client-side counts of calls to one upstream, cumulative. */
    static final class Counts {
        double calls;
        double failed;
        final TreeMap<Double, Double> buckets = new TreeMap<>();
    }
}
