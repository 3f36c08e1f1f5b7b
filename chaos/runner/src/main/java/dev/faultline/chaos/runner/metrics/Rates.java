package dev.faultline.chaos.runner.metrics;

/**
 * What happened between two scrapes of a process: requests a second, the share that failed and the p99 of those
 * requests; null where there is nothing to say (no second scrape yet, or a restart set the counters back). One
 * calculation for {@code faultline top} and the console's map and charts.
 *
 * @param rps          requests (or calls) a second
 * @param errorPercent the failed share, 0 to 100 (0 when there were none)
 * @param p99Millis    the 99th percentile in milliseconds, null without a histogram or requests
 */
public record Rates(Double rps, Double errorPercent, Double p99Millis) {

    /** Nothing to say yet. */
    public static final Rates NONE = new Rates(null, null, null);

    /** From counts over {@code seconds}; {@code p99Seconds} NaN when unknown. */
    public static Rates of(double count, double failed, double seconds, double p99Seconds) {
        return new Rates(count / seconds, count <= 0 ? 0.0 : 100 * failed / count,
                Double.isNaN(p99Seconds) ? null : p99Seconds * 1000);
    }

    /**
     * The requests a process served between two of its snapshots {@code seconds} apart; {@link #NONE} without an
     * earlier snapshot or time between them, or when the counters went back (the process restarted).
     */
    public static Rates served(ProcessSnapshot before, ProcessSnapshot now, double seconds) {
        if (before == null || Double.isNaN(seconds) || seconds <= 0 || now.requests() < before.requests()) {
            return NONE;
        }
        return of(now.requests() - before.requests(), now.errors() - before.errors(), seconds, now.p99Since(before));
    }
}
