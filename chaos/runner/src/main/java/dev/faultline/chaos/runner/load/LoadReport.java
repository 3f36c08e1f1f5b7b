package dev.faultline.chaos.runner.load;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;

/** How load results read in a terminal: the live progress line and the summary per endpoint. */
public final class LoadReport {

    private static final String ROW = "%-13s %9s %8s %8s %9s %9s %9s %9s  %s%n";
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());
    private static final Duration RECENT = Duration.ofSeconds(5);

    private LoadReport() {
    }

    /** One line: elapsed, target and achieved rate, success and latency over the last five seconds. */
    public static String progress(LoadGenerator generator, Duration elapsed, long sentBefore, double intervalSeconds) {
        LoadStats stats = generator.stats();
        Window recent = stats.window(RECENT, Optional.empty());
        return String.format("%5.0fs  target %6.0f/s  sent %7.1f/s  ok %6.2f%%  p50 %8s  p99 %8s  in flight %d%s",
                elapsed.toMillis() / 1000.0, generator.rate(), (stats.sent() - sentBefore) / intervalSeconds,
                percent(recent.successRatio()), millis(recent.p50()), millis(recent.p99()), generator.inFlight(),
                stats.notSent() > 0 ? "  not sent " + stats.notSent() : "");
    }

    /** The table per endpoint, the total, where the generator fell behind, and a few failed trace ids. */
    public static String summary(LoadGenerator generator, double seconds, double targetRate, String traces) {
        LoadStats stats = generator.stats();
        StringBuilder text = new StringBuilder(String.format(ROW, "ENDPOINT", "REQUESTS", "RATE/S", "OK %", "P50", "P90",
                "P99", "MAX", "FAILURES"));
        for (Endpoint endpoint : Endpoint.values()) {
            Window window = stats.total(endpoint, seconds);
            if (window.requests() > 0) {
                text.append(row(endpoint.key(), window, stats.failureCauses(endpoint).toString()));
            }
        }
        text.append(row("all", stats.total(seconds), ""));
        text.append(String.format("Sent %,d of %,d due in %.1f s: %.1f/s for a target of %.0f/s (%.2f%%); "
                        + "the scheduler fell behind by at most %d ms%s.%n",
                stats.sent(), stats.sent() + stats.notSent(), seconds, stats.sent() / seconds, targetRate,
                100.0 * stats.sent() / seconds / Math.max(targetRate, 1e-9), generator.maxLag().toMillis(),
                stats.notSent() > 0 ? "; " + stats.notSent() + " were not sent (too many in flight)" : ""));
        String credentials = generator.credentials().report();
        if (!credentials.isEmpty()) {
            text.append(credentials).append('\n');
        }
        text.append(failedTraces(stats.recentFailures(), 5, traces));
        return text.toString().stripTrailing();
    }

    /**
     * A few failed requests, newest last, each with the page of its trace ({@code traces} + id: the console's in local
     * mode; in the full stack the same id opens in Jaeger).
     */
    public static String failedTraces(List<FailedRequest> failures, int count, String traces) {
        if (failures.isEmpty()) {
            return "";
        }
        StringBuilder text = new StringBuilder("Failed requests, each with its trace (the same id opens in Jaeger in "
                + "the full stack):\n");
        failures.subList(Math.max(0, failures.size() - count), failures.size()).forEach(f -> text.append(String.format(
                "  %s  %-13s %-20s %s%s%n", TIME.format(Instant.ofEpochMilli(f.at())), f.endpoint(), f.failure(), traces,
                f.traceId())));
        return text.toString();
    }

    private static String row(String name, Window window, String causes) {
        return String.format(ROW, name, String.format("%,d", window.requests()), String.format("%.1f", window.rate()),
                String.format("%.2f", percent(window.successRatio())), millis(window.p50()), millis(window.p90()),
                millis(window.p99()), millis(window.max()), causes.equals("{}") ? "" : causes);
    }

    static double percent(double ratio) {
        return Double.isNaN(ratio) ? Double.NaN : ratio * 100;
    }

    /** A latency for people: 0.84 ms, 12.3 ms, 1.20 s. */
    public static String millis(double ms) {
        if (Double.isNaN(ms)) {
            return "-";
        }
        return ms >= 1000 ? String.format("%.2f s", ms / 1000) : ms >= 10 ? String.format("%.1f ms", ms)
                : String.format("%.2f ms", ms);
    }
}
