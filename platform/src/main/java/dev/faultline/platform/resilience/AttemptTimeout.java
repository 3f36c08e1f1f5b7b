package dev.faultline.platform.resilience;

import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

import io.helidon.faulttolerance.Timeout;
import io.helidon.faulttolerance.TimeoutException;

/**
 * The timeout of one attempt, run on the calling thread when that is a virtual thread: a watcher interrupts the
 * caller once its deadline has passed, which ends its socket read (a virtual thread's socket I/O is interruptible:
 * the socket is closed) or its sleep, and the attempt fails with Helidon's {@link TimeoutException}, as Helidon's
 * {@link Timeout} would fail it. Helidon's block runs every attempt on a virtual thread of its own and waits for it
 * (in its "current thread" mode it still starts one per attempt, to sleep until the deadline), and a timer queue
 * wakes its thread whenever the earliest deadline is cancelled: each cost the gateway 10-20 % of its throughput at
 * saturation. Here an attempt costs a queue entry and two atomic updates; the watcher checks every
 * {@link #TICK} while attempts run, so a deadline fires up to that much late. On a platform thread, whose socket
 * reads an interrupt does not end, Helidon's block is used as before.
 */
final class AttemptTimeout {

    /** How often the watcher looks for passed deadlines while attempts run. */
    static final Duration TICK = Duration.ofMillis(10);

    private static final Watcher WATCHER = new Watcher();

    private final long timeoutNanos;
    private final Timeout onAnotherThread;
    /** This policy's running attempts: one timeout for all, so in the order of their deadlines. */
    private final Queue<Deadline> running = new ConcurrentLinkedQueue<>();

    AttemptTimeout(String name, Duration timeout) {
        this.timeoutNanos = timeout.toNanos();
        this.onAnotherThread = Timeout.builder().name(name).timeout(timeout).enableMetrics(true).build();
        WATCHER.watch(running);
    }

    /** Runs the attempt; throws {@link TimeoutException} when it did not end within the timeout. */
    <T> T invoke(Supplier<T> attempt) {
        Thread caller = Thread.currentThread();
        if (!caller.isVirtual()) {
            return onAnotherThread.invoke(attempt);
        }
        Deadline deadline = new Deadline(caller, System.nanoTime() + timeoutNanos);
        running.offer(deadline);
        WATCHER.attemptStarted();
        T result;
        try {
            result = attempt.get();
        } catch (RuntimeException | Error e) {
            if (deadline.finish()) {
                throw timedOut(e);
            }
            throw e;
        }
        if (deadline.finish()) {
            // it ended just as the deadline passed: a late answer is a timeout, as Helidon's block treats it
            throw timedOut(null);
        }
        return result;
    }

    private TimeoutException timedOut(Throwable cause) {
        TimeoutException e = new TimeoutException("No result within " + TimeUnit.NANOSECONDS.toMillis(timeoutNanos) + " ms");
        if (cause != null) {
            e.initCause(cause);
        }
        return e;
    }

    /**
     * One attempt's race against its deadline. Whichever comes first wins: an attempt that ends first is left alone;
     * a deadline that passes first interrupts the caller, and the caller clears that interrupt only once it has
     * surely been delivered (a stray interrupt would break the caller's next blocking call).
     */
    private static final class Deadline {

        private static final int RUNNING = 0;
        private static final int ENDED = 1;
        private static final int EXPIRING = 2;
        private static final int EXPIRED = 3;

        private final Thread caller;
        private final long due;
        private final AtomicInteger state = new AtomicInteger(RUNNING);

        Deadline(Thread caller, long due) {
            this.caller = caller;
            this.due = due;
        }

        boolean ended() {
            return state.get() == ENDED;
        }

        void expire() {
            if (state.compareAndSet(RUNNING, EXPIRING)) {
                caller.interrupt();
                state.set(EXPIRED);
            }
        }

        /** Marks the attempt ended; true when its deadline had passed first (the caller's interrupt is cleared). */
        boolean finish() {
            if (state.compareAndSet(RUNNING, ENDED)) {
                return false;
            }
            while (state.get() != EXPIRED) {
                Thread.onSpinWait();   // the interrupt is being delivered: nanoseconds
            }
            Thread.interrupted();
            return true;
        }
    }

    /**
     * The one thread of the process that fires deadlines: every {@link #TICK} it drops ended attempts from the head of
     * each policy's queue and interrupts those whose deadline passed; with nothing running it sleeps until an attempt
     * starts, so an idle sandbox costs no wake-ups.
     */
    private static final class Watcher implements Runnable {

        private final List<Queue<Deadline>> queues = new CopyOnWriteArrayList<>();
        private final Thread thread;
        private volatile boolean idle;

        Watcher() {
            thread = new Thread(this, "faultline-attempt-timeouts");
            thread.setDaemon(true);
            thread.start();
        }

        void watch(Queue<Deadline> queue) {
            queues.add(queue);
        }

        void attemptStarted() {
            if (idle) {
                idle = false;
                LockSupport.unpark(thread);
            }
        }

        @Override
        public void run() {
            while (true) {
                if (sweep()) {
                    LockSupport.parkNanos(this, TICK.toNanos());
                    continue;
                }
                idle = true;
                // an attempt may have started between the sweep and the flag: look once more before sleeping
                if (!sweep()) {
                    LockSupport.park(this);
                }
                idle = false;
            }
        }

        /** Fires what is due; true while attempts are still running. */
        private boolean sweep() {
            long now = System.nanoTime();
            boolean running = false;
            for (Queue<Deadline> queue : queues) {
                Deadline head;
                while ((head = queue.peek()) != null) {
                    if (head.ended()) {
                        queue.poll();
                    } else if (head.due - now <= 0) {
                        queue.poll();
                        head.expire();
                    } else {
                        running = true;
                        break;
                    }
                }
            }
            return running;
        }
    }
}
