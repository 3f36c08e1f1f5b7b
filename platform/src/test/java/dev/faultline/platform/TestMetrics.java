package dev.faultline.platform;

import dev.faultline.observability.Telemetry;

/** Test support: a series' value as a process's {@code /metrics} shows it. */
public final class TestMetrics {

    private TestMetrics() {
    }

    /**
     * The value of one series, written exactly as Prometheus text shows it ({@code name{label="value"}}); 0 when
     * the process has no such series.
     */
    public static double value(Telemetry telemetry, String series) {
        String prefix = series + " ";
        return telemetry.scrape().lines().filter(line -> line.startsWith(prefix))
                .mapToDouble(line -> Double.parseDouble(line.substring(prefix.length()))).findFirst().orElse(0);
    }

    /** The same, of a process context. */
    public static double value(ProcessContext context, String series) {
        return value(context.telemetry(), series);
    }
}
