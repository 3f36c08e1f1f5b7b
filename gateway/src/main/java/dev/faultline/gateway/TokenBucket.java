package dev.faultline.gateway;

import java.time.Clock;

/** A token bucket: {@code burst} tokens at most, refilled at {@code rate} per second; a request takes one. */
final class TokenBucket {

    private final double rate;
    private final long burst;
    private final Clock clock;
    private double tokens;
    private long lastRefillNanos;

    TokenBucket(double rate, long burst, Clock clock) {
        this.rate = rate;
        this.burst = burst;
        this.clock = clock;
        this.tokens = burst;
        this.lastRefillNanos = nanos();
    }

    /** Takes a token when there is one; says either way what is left and when it refills. */
    synchronized Decision take() {
        long now = nanos();
        tokens = Math.min(burst, tokens + (now - lastRefillNanos) / 1e9 * rate);
        lastRefillNanos = now;
        if (tokens >= 1) {
            tokens -= 1;
            return new Decision(true, burst, (long) Math.floor(tokens), (long) Math.ceil((burst - tokens) / rate), 0);
        }
        long wait = Math.max(1, (long) Math.ceil((1 - tokens) / rate));
        return new Decision(false, burst, 0, wait, wait);
    }

    private long nanos() {
        java.time.Instant now = clock.instant();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    /**
     * The outcome of taking a token, with what the {@code RateLimit-*} headers report.
     *
     * @param allowed      whether the request may pass
     * @param limit        the bucket size
     * @param remaining    whole tokens left
     * @param resetSeconds seconds until the bucket is full again (or, when denied, until a token is back)
     * @param retryAfter   seconds until a request would be allowed
     */
    record Decision(boolean allowed, long limit, long remaining, long resetSeconds, long retryAfter) {
    }
}
