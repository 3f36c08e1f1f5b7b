package dev.faultline.orders;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import dev.faultline.observability.TelemetryNames;
import dev.faultline.platform.ProcessContext;
import dev.faultline.orders.Order.Step.Outcome;
import dev.faultline.platform.peer.PeerUnavailableException;
import io.micrometer.core.instrument.Gauge;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the undos that failed sagas owe until each succeeds: once as soon as the saga fails, then in the
 * background with exponential backoff. They are rows in orders' database, so they outlive a crash. An order that
 * owes nothing any more ends {@code FAILED}; while it owes, it is {@code COMPENSATING} and shows what it owes.
 *
 * <p>At start it also takes over the sagas a crash interrupted (still {@code PENDING} from before the start):
 * nobody knows how far they got, so they owe every undo, and every undo is safe to run when there is nothing to
 * undo (catalog and payments then refuse a reservation or charge still on its way).
 */
final class Compensator implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Compensator.class);
    private static final Duration POLL = Duration.ofMillis(250);
    private static final Duration FIRST_RETRY = Duration.ofMillis(250);
    private static final Duration LONGEST_RETRY = Duration.ofSeconds(5);
    private static final AttributeKey<String> ORDER_ID = AttributeKey.stringKey("faultline.order.id");
    private static final AttributeKey<String> ORDER_STATUS = AttributeKey.stringKey("faultline.order.status");

    private final OrderStore store;
    private final CatalogClient catalog;
    private final PaymentsClient payments;
    private final OrderMetrics metrics;
    private final Clock clock;
    private final Tracer tracer;
    private final Random random;
    private final Set<String> settling = ConcurrentHashMap.newKeySet();
    private volatile OrderStore.Backlog backlog = new OrderStore.Backlog(0, null);
    private volatile Thread worker;

    Compensator(OrderStore store, CatalogClient catalog, PaymentsClient payments, OrderMetrics metrics,
                ProcessContext context, Random random) {
        this.store = store;
        this.catalog = catalog;
        this.payments = payments;
        this.metrics = metrics;
        this.clock = context.clock();
        this.tracer = context.telemetry().tracer(Compensator.class);
        this.random = random;
        Gauge.builder(TelemetryNames.SAGA_COMPENSATIONS_PENDING, this, c -> c.backlog.pending())
                .description("Compensation steps failed sagas still owe").register(context.meters());
        Gauge.builder(TelemetryNames.SAGA_COMPENSATIONS_OLDEST, this, Compensator::oldestSeconds).baseUnit("seconds")
                .description("How long the oldest owed compensation has waited").register(context.meters());
    }

    /** Takes over interrupted sagas, then retries owed undos as they fall due, until closed. */
    void start() {
        Instant started = clock.instant();
        worker = Thread.ofVirtual().name("saga-compensator").start(() -> {
            boolean tookOver = false;
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    if (!tookOver) {
                        takeOverInterrupted(started);
                        tookOver = true;
                    }
                    store.dueCompensations(clock.instant()).forEach(this::retry);
                    backlog = store.compensationBacklog();
                } catch (RuntimeException e) {
                    if (store.closed()) {
                        // the process stops, or the test that built this service ended without closing it
                        return;
                    }
                    LOG.warn("Compensations could not run this time; trying again", e);
                }
                try {
                    Thread.sleep(POLL);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
    }

    /** Fails a saga: it owes the given undos (run in this order), which are tried at once. */
    Order owe(String orderId, String reason, List<Compensation> owed) {
        store.compensating(orderId, reason, owed, clock.instant());
        return settle(orderId);
    }

    /** Tries every undo the order owes that is due; ends the order {@code FAILED} once it owes none. */
    Order settle(String orderId) {
        if (!settling.add(orderId)) {
            return store.find(orderId).orElseThrow();
        }
        try {
            Order order = store.find(orderId).orElseThrow();
            Instant now = clock.instant();
            for (Compensation owed : order.compensations()) {
                if (owed.nextAttemptAt() == null || !Instant.parse(owed.nextAttemptAt()).isAfter(now)) {
                    tryOnce(orderId, owed, now);
                }
            }
            Order after = store.find(orderId).orElseThrow();
            if (!after.compensations().isEmpty() || after.status() != Order.Status.COMPENSATING) {
                return after;
            }
            LOG.info("Order {} failed and is compensated: {}", orderId, after.reason());
            metrics.ended(Order.Status.FAILED);
            return store.finish(orderId, Order.Status.FAILED, after.reason(), null, null, null);
        } finally {
            settling.remove(orderId);
        }
    }

    /** A retry in the background is a trace of its own, so learners can find a refund that waited. */
    private void retry(String orderId) {
        Span span = tracer.spanBuilder("orders compensate")
                .setSpanKind(SpanKind.INTERNAL).setAttribute(ORDER_ID, orderId).startSpan();
        try (Scope ignored = span.makeCurrent()) {
            Order order = settle(orderId);
            span.setAttribute(ORDER_STATUS, order.status().name());
        } catch (RuntimeException e) {
            span.recordException(e);
            span.setStatus(StatusCode.ERROR);
            throw e;
        } finally {
            span.end();
        }
    }

    @Override
    public void close() {
        Thread running = worker;
        if (running != null) {
            running.interrupt();
            try {
                running.join(Duration.ofSeconds(2));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void tryOnce(String orderId, Compensation owed, Instant now) {
        try {
            String detail = switch (owed.action()) {
                case RELEASE_STOCK -> catalog.cancel(owed.productId(), orderId);
                case REFUND -> payments.cancel(orderId);
                default -> throw new IllegalStateException(owed.action() + " is no compensation");
            };
            store.compensated(orderId, owed, detail);
            metrics.compensated(owed.action(), Outcome.SUCCEEDED);
        } catch (StepRejected | PeerUnavailableException e) {
            Instant next = now.plus(backoff(owed.attempts() + 1));
            LOG.warn("Order {}: {} failed (try {}), next try at {}", orderId, owed.action().label(), owed.attempts() + 1,
                    next, e);
            store.compensationFailed(orderId, owed, e.getMessage(), next);
            metrics.compensated(owed.action(), Outcome.FAILED);
        }
    }

    /** Doubling from 250 ms up to 5 s, with up to a fifth more at random so retries do not march in step. */
    private Duration backoff(int attempt) {
        long base = Math.min(LONGEST_RETRY.toMillis(), FIRST_RETRY.toMillis() << Math.min(attempt - 1, 20));
        long jitter;
        synchronized (random) {
            jitter = random.nextLong(base / 5 + 1);
        }
        return Duration.ofMillis(base + jitter);
    }

    private void takeOverInterrupted(Instant started) {
        for (String orderId : store.pendingBefore(started)) {
            Order order = store.find(orderId).orElseThrow();
            List<Compensation> owed = new ArrayList<>();
            owed.add(Compensation.owed(SagaStep.REFUND, null));
            for (Order.Item item : order.items().reversed()) {
                owed.add(Compensation.owed(SagaStep.RELEASE_STOCK, item.productId()));
            }
            LOG.warn("Order {} was interrupted by a restart; compensating it", orderId);
            owe(orderId, "interrupted by a restart of orders", owed);
        }
    }

    private double oldestSeconds() {
        Instant oldest = backlog.oldest();
        return oldest == null ? 0 : Math.max(0, Duration.between(oldest, clock.instant()).toMillis() / 1000.0);
    }
}
