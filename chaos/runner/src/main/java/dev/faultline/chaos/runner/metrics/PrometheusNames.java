package dev.faultline.chaos.runner.metrics;

/**
 * The names {@code TelemetryNames}' meters get on {@code /metrics}: dots become underscores, counters end in
 * {@code _total}, timers in {@code _seconds} (Micrometer's Prometheus naming).
 */
public final class PrometheusNames {

    private PrometheusNames() {
    }

    public static String gauge(String meter) {
        return meter.replace('.', '_');
    }

    public static String counter(String meter) {
        return gauge(meter) + "_total";
    }

    /** A histogram in seconds: the base of its {@code _bucket}, {@code _count} and {@code _sum} series. */
    public static String seconds(String meter) {
        String name = gauge(meter);
        return name.endsWith("_seconds") ? name : name + "_seconds";
    }
}
