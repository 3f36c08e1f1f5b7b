package dev.faultline.cli.launcher;

import java.time.Duration;

/**
 * Restart delays in the manner of Docker's restart policy: doubling from {@code initial} up to {@code max},
 * back to {@code initial} once a process stayed up for {@code resetAfter}.
 *
 * @param initial    delay before the first restart
 * @param max        the longest delay
 * @param resetAfter uptime after which a process counts as healthy again
 */
record Backoff(Duration initial, Duration max, Duration resetAfter) {

    static final Backoff DEFAULT = new Backoff(Duration.ofMillis(500), Duration.ofSeconds(30), Duration.ofSeconds(10));

    /**
     * The delay before the next restart.
     *
     * @param consecutive restarts in a row without a healthy run in between, this one included (1 or more)
     */
    Duration delay(int consecutive) {
        int doublings = Math.min(Math.max(consecutive - 1, 0), 20);
        Duration delay = initial.multipliedBy(1L << doublings);
        return delay.compareTo(max) > 0 ? max : delay;
    }
}
