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

    /**
     * The sum of a metric's series that carry {@code label="value"} among their labels, whatever the others (Artemis
     * tags a queue's meters with broker, address and queue); 0 when none does.
     */
    public static double sum(ProcessContext context, String name, String label, String value) {
        String tag = label + "=\"" + value + "\"";
        return context.telemetry().scrape().lines()
                .filter(line -> line.startsWith(name + "{") && line.contains(tag))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
    }

    /** The same, of a process context. */
    public static double value(ProcessContext context, String series) {
        return value(context.telemetry(), series);
    }
}
