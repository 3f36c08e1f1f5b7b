package dev.faultline.platform;

import dev.faultline.observability.Telemetry;

/** Test support: a series' value as this process's {@code /metrics} shows it. */
public final class TestMetrics {

    private TestMetrics() {
    }

    /**
     * The value of one series, written exactly as Prometheus text shows it ({@code name{label="value"}}); 0 when
     * the process has no such series.
     */
    public static double value(String series) {
        String prefix = series + " ";
        return Telemetry.prometheus().scrape().lines().filter(line -> line.startsWith(prefix))
                .mapToDouble(line -> Double.parseDouble(line.substring(prefix.length()))).findFirst().orElse(0);
    }
}
