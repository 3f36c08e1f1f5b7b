package dev.faultline.chaos.engine;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The life of one fault. An effect that holds a request (a hang, a delay, a throttled body) waits on its lease
 * instead of sleeping, so that clearing or expiring the fault releases what it holds at once.
 */
public final class Lease {

    private final CountDownLatch ended = new CountDownLatch(1);

    /** Ends the lease: every wait on it returns. */
    void end() {
        ended.countDown();
    }

    /** Whether the lease has ended. */
    public boolean ended() {
        return ended.getCount() == 0;
    }

    /**
     * Waits for as long as given, or until the lease ends, whichever comes first.
     *
     * @return true when the whole time passed with the lease still running, false when the lease ended first
     */
    public boolean hold(Duration time) throws InterruptedException {
        return !ended.await(time.toNanos(), TimeUnit.NANOSECONDS);
    }
}
