package dev.faultline.chaos.runner.load;

import org.HdrHistogram.AbstractHistogram;
import org.HdrHistogram.Histogram;

/** Latencies in microseconds, 1 µs to 5 minutes: the one place the histograms' range and precision are chosen. */
final class LatencyHistogram {

    private static final long HIGHEST_MICROS = 300_000_000L;

    private LatencyHistogram() {
    }

    /** For totals: three significant digits. */
    static Histogram precise() {
        return new Histogram(1, HIGHEST_MICROS, 3);
    }

    /** For one second of one endpoint: two significant digits, small. */
    static AbstractHistogram compact() {
        return new org.HdrHistogram.IntCountsHistogram(1, HIGHEST_MICROS, 2);
    }

    static long micros(long nanos) {
        return Math.max(1, Math.min(HIGHEST_MICROS, nanos / 1000));
    }

    /** The window a histogram of {@code seconds} describes. */
    static Window window(double seconds, AbstractHistogram histogram, long failed) {
        return new Window(seconds, histogram.getTotalCount(), failed, millis(histogram, 50), millis(histogram, 90),
                millis(histogram, 99), histogram.getTotalCount() == 0 ? Double.NaN : histogram.getMaxValue() / 1000.0);
    }

    private static double millis(AbstractHistogram histogram, double percentile) {
        return histogram.getTotalCount() == 0 ? Double.NaN : histogram.getValueAtPercentile(percentile) / 1000.0;
    }
}
