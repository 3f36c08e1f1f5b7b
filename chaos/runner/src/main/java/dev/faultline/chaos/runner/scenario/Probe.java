package dev.faultline.chaos.runner.scenario;

import java.time.Duration;
import java.util.Optional;

import dev.faultline.chaos.runner.load.Endpoint;
import dev.faultline.chaos.runner.metrics.SeriesSelector;

/** Something the runner measures and compares against a {@link Condition}. */
public sealed interface Probe {

    /** What the scenario calls it, for the report. */
    String name();

    /**
     * One HTTP request; holds when the status is the expected one and the latency meets the condition.
     *
     * @param process the process to ask (default the gateway, with the demo key)
     * @param method  HTTP method
     * @param path    path and query
     * @param status  the expected status
     * @param latency the latency condition in ms; {@code < 5s} when not given
     */
    record Http(String name, String process, String method, String path, int status, Condition latency) implements Probe {
    }

    /**
     * A series read straight from the {@code /metrics} of a process (the sum over a service's instances).
     *
     * @param process  process or service
     * @param series   the selector
     * @param expect   the condition on the value
     * @param increase compare the increase since the expectation started, not the value (for counters)
     * @param per      divide by this series (its increase, with {@code increase}): retries per call, failures per call
     */
    record Metric(String name, String process, SeriesSelector series, Condition expect, boolean increase,
                  Optional<SeriesSelector> per) implements Probe {
    }

    /**
     * A PromQL instant query; needs {@code --prometheus URL}. The value is the first series' value.
     */
    record Promql(String name, String query, Condition expect) implements Probe {
    }

    /**
     * What the load generator saw over the last {@code over}.
     *
     * @param measure  success-ratio, p50, p90, p99, max (ms), rate (completed per second) or requests
     * @param endpoint one endpoint, or all
     * @param per      divide by the same measure of this endpoint over the same window: a lesson that is relative
     *                 ("browsing stays under a third of checkout's median") holds on a busy machine too, where
     *                 every absolute latency stretches
     */
    record Load(String name, String measure, Optional<Endpoint> endpoint, Duration over, Condition expect,
                Optional<Endpoint> per) implements Probe {

        public static final java.util.List<String> MEASURES = java.util.List.of("success-ratio", "p50", "p90", "p99",
                "max", "rate", "requests");
    }
}
