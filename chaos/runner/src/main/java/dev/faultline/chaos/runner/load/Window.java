package dev.faultline.chaos.runner.load;

/**
 * What the load generator saw over a stretch of time, for one endpoint or all.
 *
 * @param seconds  how long the window is
 * @param requests requests completed in it
 * @param failures of those, how many failed
 * @param p50      median latency from the intended start, ms (NaN without requests)
 * @param p90      ms
 * @param p99      ms
 * @param max      ms
 */
public record Window(double seconds, long requests, long failures, double p50, double p90, double p99, double max) {

    /** Succeeded share, 0 to 1; NaN without requests. */
    public double successRatio() {
        return requests == 0 ? Double.NaN : (requests - failures) / (double) requests;
    }

    /** Completed requests per second. */
    public double rate() {
        return requests / seconds;
    }
}
