package dev.faultline.orders;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

import dev.faultline.observability.TelemetryNames;
import dev.faultline.platform.peer.PeerUnavailableException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Metrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Places an order: check the user, reserve stock per item, charge, confirm. When a step fails, what was done is
 * undone (reservations released, a charge refunded) and the order ends {@code FAILED} with the reason. Every step
 * and compensation is recorded as it ends, so {@code GET /orders/{id}} tells the story.
 */
final class OrderSaga {

    private static final Logger LOG = LoggerFactory.getLogger(OrderSaga.class);

    private final OrderStore store;
    private final UsersClient users;
    private final CatalogClient catalog;
    private final PaymentsClient payments;

    OrderSaga(OrderStore store, UsersClient users, CatalogClient catalog, PaymentsClient payments) {
        this.store = store;
        this.users = users;
        this.catalog = catalog;
        this.payments = payments;
    }

    /** Runs the saga of a {@code PENDING} order to its end and returns the order as stored. */
    Order run(Order order) {
        return new Run(order).execute();
    }

    /**
     * Ends a saga that a crash interrupted: whatever it may have reserved is released (asking catalog again where
     * the reservation was not recorded yet: reserving is idempotent per product and order), a charge it may have
     * made is refunded, and the order fails. A peer that does not answer leaves the order pending for a later try.
     */
    Order recover(Order order) {
        for (Order.Item item : order.items()) {
            String reservation = item.reservationId() != null ? item.reservationId()
                    : heldFor(item.productId(), order.id(), item.quantity());
            if (reservation != null) {
                catalog.release(reservation);
                compensated("release-stock", Order.Step.SUCCEEDED);
                store.step(order.id(), "release-stock", Order.Step.SUCCEEDED, "released reservation " + reservation
                        + " after a restart");
            }
        }
        Optional<String> captured = payments.capturedPaymentOf(order.id());
        if (captured.isPresent()) {
            payments.refund(captured.get());
            compensated("refund", Order.Step.SUCCEEDED);
            store.step(order.id(), "refund", Order.Step.SUCCEEDED, "refunded payment " + captured.get() + " after a restart");
        }
        ended(Order.FAILED);
        LOG.warn("Order {} was interrupted by a restart and has been compensated", order.id());
        return store.finish(order.id(), Order.FAILED, "interrupted by a restart of orders; compensated", null, null, null);
    }

    /** The reservation catalog holds for the order's item, if any (asking is idempotent; a refusal means none). */
    private String heldFor(String productId, String orderId, long quantity) {
        try {
            return catalog.reserve(productId, orderId, quantity).id();
        } catch (StepRejected e) {
            return null;
        }
    }

    private static void ended(String status) {
        Counter.builder(TelemetryNames.ORDERS).tag("status", status.toLowerCase())
                .description("Orders by final status").register(Metrics.globalRegistry).increment();
    }

    private static void compensated(String step, String outcome) {
        Counter.builder(TelemetryNames.SAGA_COMPENSATIONS).tag("step", step).tag("outcome", outcome.toLowerCase())
                .description("Saga compensation steps").register(Metrics.globalRegistry).increment();
    }

    /** The state of one saga execution. */
    private final class Run {

        private final Order order;
        private final List<String> reservations = new ArrayList<>();
        private String failure;

        Run(Order order) {
            this.order = order;
        }

        Order execute() {
            if (attempt("check-user", "user " + order.userId(), () -> {
                users.requireExisting(order.userId());
                return "exists";
            }, found -> found).isEmpty()) {
                return fail();
            }
            long total = 0;
            String currency = null;
            for (Order.Item item : order.items()) {
                Optional<CatalogClient.Reservation> reserved = attempt("reserve-stock",
                        item.quantity() + " x " + item.productId(),
                        () -> catalog.reserve(item.productId(), order.id(), item.quantity()),
                        reservation -> "reservation " + reservation.id());
                if (reserved.isEmpty()) {
                    return compensate(false);
                }
                CatalogClient.Reservation reservation = reserved.get();
                reservations.add(reservation.id());
                store.reserved(order.id(), item.productId(), reservation.unitPrice(), reservation.id());
                if (currency != null && !currency.equals(reservation.currency())) {
                    record("reserve-stock", Order.Step.FAILED, "items are priced in different currencies");
                    return compensate(false);
                }
                currency = reservation.currency();
                total += reservation.unitPrice() * item.quantity();
            }
            return charge(total, currency);
        }

        private Order charge(long amount, String currency) {
            String subject = amount + " " + currency;
            try {
                String payment = payments.charge(order.id(), amount, currency);
                record("charge", Order.Step.SUCCEEDED, subject + ": payment " + payment);
                record("confirm", Order.Step.SUCCEEDED, "order confirmed");
                ended(Order.CONFIRMED);
                return store.finish(order.id(), Order.CONFIRMED, null, amount, currency, payment);
            } catch (StepRejected e) {
                record("charge", Order.Step.FAILED, subject + ": " + e.getMessage());
                return compensate(false);
            } catch (PeerUnavailableException e) {
                // No answer does not mean no charge: after a timeout or a 5xx the charge may have gone through.
                record("charge", Order.Step.FAILED, subject + ": " + e.getMessage());
                return compensate(e.outcomeUnknown());
            }
        }

        /** Runs a step and records its outcome; empty when it failed. */
        private <T> Optional<T> attempt(String step, String subject, Supplier<T> call, Function<T, String> describe) {
            try {
                T result = call.get();
                record(step, Order.Step.SUCCEEDED, subject + ": " + describe.apply(result));
                return Optional.of(result);
            } catch (StepRejected | PeerUnavailableException e) {
                record(step, Order.Step.FAILED, subject + ": " + e.getMessage());
                return Optional.empty();
            }
        }

        /** Records a step; the first failure becomes the order's reason. */
        private void record(String step, String outcome, String detail) {
            if (Order.Step.FAILED.equals(outcome) && failure == null) {
                failure = step + " failed: " + detail;
            }
            store.step(order.id(), step, outcome, detail);
        }

        /** Undoes what was done, newest first, then fails the order. */
        private Order compensate(boolean chargeOutcomeUnknown) {
            if (chargeOutcomeUnknown) {
                refundLostCharge();
            }
            for (int i = reservations.size() - 1; i >= 0; i--) {
                String reservation = reservations.get(i);
                try {
                    catalog.release(reservation);
                    compensated("release-stock", Order.Step.SUCCEEDED);
                    store.step(order.id(), "release-stock", Order.Step.SUCCEEDED, "released reservation " + reservation);
                } catch (StepRejected | PeerUnavailableException e) {
                    LOG.warn("Order {}: reservation {} could not be released", order.id(), reservation, e);
                    compensated("release-stock", Order.Step.FAILED);
                    store.step(order.id(), "release-stock", Order.Step.FAILED,
                            "reservation " + reservation + " still held: " + e.getMessage());
                }
            }
            return fail();
        }

        /** Asks payments whether the lost charge was captured after all, and refunds it if so. */
        private void refundLostCharge() {
            try {
                Optional<String> captured = payments.capturedPaymentOf(order.id());
                if (captured.isPresent()) {
                    payments.refund(captured.get());
                    compensated("refund", Order.Step.SUCCEEDED);
                    store.step(order.id(), "refund", Order.Step.SUCCEEDED, "refunded payment " + captured.get());
                }
            } catch (StepRejected | PeerUnavailableException e) {
                LOG.warn("Order {}: could not learn whether the failed charge went through", order.id(), e);
                compensated("refund", Order.Step.FAILED);
                store.step(order.id(), "refund", Order.Step.FAILED,
                        "could not check for a charge to refund: " + e.getMessage());
            }
        }

        private Order fail() {
            LOG.info("Order {} failed: {}", order.id(), failure);
            ended(Order.FAILED);
            return store.finish(order.id(), Order.FAILED, failure, null, null, null);
        }
    }
}
