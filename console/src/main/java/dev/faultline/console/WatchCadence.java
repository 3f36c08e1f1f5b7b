package dev.faultline.console;

import java.time.Duration;

/**
 * How often the console watches the sandbox: every second while someone looks (a page polls the map or the charts,
 * or holds the map's event stream), every few seconds otherwise. Each round scrapes every process's {@code /metrics}:
 * at one a second that cost an idle sandbox about a seventh of a core (the shop 22 % of a core with the console
 * watching, 12 % without, measured on two cores), which three test sandboxes, or a laptop, feel.
 */
final class WatchCadence {

    private final long liveMillis;
    private final long idleMillis;
    private volatile long lookedAt = Long.MIN_VALUE / 2;
    private long polledAt = Long.MIN_VALUE / 2;

    /**
     * @param live how long after the last look the console goes on watching every round
     * @param idle the time between rounds while nobody looks
     */
    WatchCadence(Duration live, Duration idle) {
        this.liveMillis = live.toMillis();
        this.idleMillis = idle.toMillis();
    }

    /** Someone looked at the map or the charts. */
    void looked(long nowMillis) {
        lookedAt = nowMillis;
    }

    /** Whether a round is due now (the caller ticks every second); when it is, the round counts as done. */
    synchronized boolean due(long nowMillis) {
        boolean due = nowMillis - lookedAt < liveMillis || nowMillis - polledAt >= idleMillis;
        if (due) {
            polledAt = nowMillis;
        }
        return due;
    }
}
