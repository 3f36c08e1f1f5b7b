package dev.faultline.platform.messaging;

import java.time.Duration;

import org.apache.activemq.artemis.api.core.client.ClientSession;
import org.apache.activemq.artemis.api.core.client.ClientSessionFactory;

/**
 * A background worker on the broker (the outbox relay, a consumer): it opens its session when it has none, runs its
 * work over and over, and when the work fails it drops the connection and tries again with backoff (250 ms doubling
 * to 5 s), until closed. One thread; the link (session and producer or consumer) is never shared.
 *
 * @param <L> what the work uses: a session with its producer or consumer
 */
public final class BrokerWorker<L extends BrokerWorker.Link> implements AutoCloseable {

    private static final Duration FIRST_RETRY = Duration.ofMillis(250);
    private static final Duration LONGEST_RETRY = Duration.ofSeconds(5);

    private final BrokerClient broker;
    private final Opener<L> opener;
    private final Work<L> work;
    private final Pause pause;
    private final Failures failures;
    private final Thread thread;
    private volatile boolean closed;
    private ClientSessionFactory connection;
    private L link;

    private BrokerWorker(String name, BrokerClient broker, Opener<L> opener, Work<L> work, Pause pause,
                         Failures failures) {
        this.broker = broker;
        this.opener = opener;
        this.work = work;
        this.pause = pause;
        this.failures = failures;
        this.thread = Thread.ofVirtual().name(name).unstarted(this::run);
    }

    /**
     * Starts a worker.
     *
     * @param name     its thread's name
     * @param opener   opens its link on a new connection
     * @param work     one round of work; returns how long to pause before the next (zero: at once)
     * @param pause    how it pauses (sleeping, or waiting for a signal that there is work)
     * @param failures told of each failed round and when the next try is
     */
    public static <L extends Link> BrokerWorker<L> start(String name, BrokerClient broker, Opener<L> opener, Work<L> work,
                                                         Pause pause, Failures failures) {
        BrokerWorker<L> worker = new BrokerWorker<>(name, broker, opener, work, pause, failures);
        worker.thread.start();
        return worker;
    }

    private void run() {
        Duration retry = FIRST_RETRY;
        while (!closed) {
            Duration next;
            try {
                if (link == null) {
                    connection = broker.connect();
                    link = opener.open(connection);
                }
                next = work.run(link);
                retry = FIRST_RETRY;
            } catch (InterruptedException e) {
                return;
            } catch (Exception e) {
                if (closed) {
                    return;
                }
                disconnect();
                failures.failed(e, retry);
                next = retry;
                retry = retry.multipliedBy(2).compareTo(LONGEST_RETRY) > 0 ? LONGEST_RETRY : retry.multipliedBy(2);
            }
            try {
                if (!next.isZero()) {
                    pause.pause(next);
                }
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void disconnect() {
        link = null;
        if (connection != null) {
            connection.close();
            connection = null;
        }
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
        try {
            thread.join(Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        disconnect();
    }

    /** A worker's session and what it made on it. */
    public interface Link {
        ClientSession session();
    }

    /** Opens a worker's link on a new connection. */
    @FunctionalInterface
    public interface Opener<L> {
        L open(ClientSessionFactory connection) throws Exception;
    }

    /** One round of a worker's work. */
    @FunctionalInterface
    public interface Work<L> {
        /** @return how long to pause before the next round */
        Duration run(L link) throws Exception;
    }

    /** How a worker pauses between rounds. */
    @FunctionalInterface
    public interface Pause {
        /** Sleeping. */
        Pause SLEEP = Thread::sleep;

        void pause(Duration time) throws InterruptedException;
    }

    /** Told of a failed round. */
    @FunctionalInterface
    public interface Failures {
        void failed(Exception cause, Duration nextTry);
    }
}
