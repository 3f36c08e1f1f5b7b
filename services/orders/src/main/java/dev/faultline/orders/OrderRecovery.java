package dev.faultline.orders;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import dev.faultline.platform.peer.PeerUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * After a start, compensates the orders whose saga a crash interrupted (still {@code PENDING}, created before this
 * process started), retrying while a peer does not answer.
 */
final class OrderRecovery {

    private static final Logger LOG = LoggerFactory.getLogger(OrderRecovery.class);
    private static final Duration RETRY = Duration.ofSeconds(5);
    private static final int ATTEMPTS = 60;

    private OrderRecovery() {
    }

    /** Starts the recovery in the background. */
    static void start(OrderStore store, OrderSaga saga) {
        Instant started = Instant.now();
        Thread.ofVirtual().name("order-recovery").start(() -> {
            for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
                List<Order> interrupted = store.pendingSince(started);
                if (interrupted.isEmpty()) {
                    return;
                }
                try {
                    interrupted.forEach(saga::recover);
                    return;
                } catch (PeerUnavailableException | StepRejected e) {
                    LOG.warn("Could not compensate interrupted orders yet (try {} of {}); retrying in {} s", attempt,
                            ATTEMPTS, RETRY.toSeconds(), e);
                }
                try {
                    Thread.sleep(RETRY);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        });
    }
}
