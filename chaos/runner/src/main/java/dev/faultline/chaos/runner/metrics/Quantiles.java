package dev.faultline.chaos.runner.metrics;

import java.util.Map;
import java.util.NavigableMap;

/** Quantiles of what a cumulative histogram counted between two scrapes, as Prometheus' histogram_quantile. */
public final class Quantiles {

    private Quantiles() {
    }

    /**
     * The {@code q} quantile (0.99 for p99) of the observations between {@code before} and {@code now}: cumulative
     * counts by bucket upper bound, interpolated within the bucket as {@code histogram_quantile} does; NaN when
     * nothing was observed.
     */
    public static double since(NavigableMap<Double, Double> now, NavigableMap<Double, Double> before, double q) {
        double total = now.isEmpty() ? 0 : now.lastEntry().getValue() - before.getOrDefault(now.lastKey(), 0.0);
        if (total <= 0) {
            return Double.NaN;
        }
        double rank = total * q;
        double lowerBound = 0;
        double lowerCount = 0;
        for (Map.Entry<Double, Double> bucket : now.entrySet()) {
            double count = bucket.getValue() - before.getOrDefault(bucket.getKey(), 0.0);
            if (count >= rank) {
                if (bucket.getKey().isInfinite()) {
                    return lowerBound;
                }
                double inBucket = count - lowerCount;
                return inBucket <= 0 ? bucket.getKey()
                        : lowerBound + (bucket.getKey() - lowerBound) * (rank - lowerCount) / inBucket;
            }
            lowerBound = bucket.getKey();
            lowerCount = count;
        }
        return lowerBound;
    }
}
