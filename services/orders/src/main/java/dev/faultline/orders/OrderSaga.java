package dev.faultline.orders;

import java.util.ArrayList;
import java.util.List;

import dev.faultline.orders.Order.Step.Outcome;
import dev.faultline.platform.peer.PeerUnavailableException;

/**
 * Places an order: check the user, reserve stock per item, charge, confirm. When a step fails, what may have been
 * done is undone through the {@link Compensator}: a reservation that succeeded, or whose answer was lost, is
 * released; a charge whose answer was lost is refunded (or voided, when it never landed). A step whose outcome is
 * unknown is never guessed: its undo asks the owner, who settles it either way. Every step and compensation is
 * recorded as it ends, so {@code GET /orders/{id}} tells the story.
 */
final class OrderSaga {

    private final OrderStore store;
    private final UsersClient users;
    private final CatalogClient catalog;
    private final PaymentsClient payments;
    private final Compensator compensator;
    private final OrderMetrics metrics;

    OrderSaga(OrderStore store, UsersClient users, CatalogClient catalog, PaymentsClient payments,
              Compensator compensator, OrderMetrics metrics) {
        this.store = store;
        this.metrics = metrics;
        this.users = users;
        this.catalog = catalog;
        this.payments = payments;
        this.compensator = compensator;
    }

    /** Runs the saga of a {@code PENDING} order to its end (or to compensating) and returns the order as stored. */
    Order run(Order order) {
        return new Run(order).execute();
    }

    /** The state of one saga execution. */
    private final class Run {

        private final Order order;
        /** The undos owed if the saga fails from here, newest first. */
        private final List<Compensation> undo = new ArrayList<>();
        private String failure;

        Run(Order order) {
            this.order = order;
        }

        Order execute() {
            try {
                users.requireExisting(order.userId());
                record(SagaStep.CHECK_USER, Outcome.SUCCEEDED, "user " + order.userId() + ": exists");
            } catch (StepRejected | PeerUnavailableException e) {
                record(SagaStep.CHECK_USER, Outcome.FAILED, "user " + order.userId() + ": " + e.getMessage());
                return fail();
            }
            long total = 0;
            String currency = null;
            for (Order.Item item : order.items()) {
                String subject = item.quantity() + " x " + item.productId();
                Compensation release = Compensation.owed(SagaStep.RELEASE_STOCK, item.productId());
                CatalogClient.Reservation reservation;
                try {
                    reservation = catalog.reserve(item.productId(), order.id(), item.quantity());
                } catch (StepRejected e) {
                    record(SagaStep.RESERVE_STOCK, Outcome.FAILED, subject + ": " + e.getMessage());
                    return fail();
                } catch (PeerUnavailableException e) {
                    record(SagaStep.RESERVE_STOCK, Outcome.FAILED, subject + ": " + e.getMessage());
                    if (e.outcomeUnknown()) {
                        undo.addFirst(release);
                    }
                    return fail();
                }
                undo.addFirst(release);
                record(SagaStep.RESERVE_STOCK, Outcome.SUCCEEDED, subject + ": reservation " + reservation.id());
                store.reserved(order.id(), item.productId(), reservation.unitPrice(), reservation.id());
                if (currency != null && !currency.equals(reservation.currency())) {
                    record(SagaStep.RESERVE_STOCK, Outcome.FAILED, "items are priced in different currencies");
                    return fail();
                }
                currency = reservation.currency();
                total += reservation.unitPrice() * item.quantity();
            }
            return charge(total, currency);
        }

        private Order charge(long amount, String currency) {
            String subject = amount + " " + currency;
            String payment;
            try {
                payment = payments.charge(order.id(), amount, currency);
            } catch (StepRejected e) {
                record(SagaStep.CHARGE, Outcome.FAILED, subject + ": " + e.getMessage());
                return fail();
            } catch (PeerUnavailableException e) {
                record(SagaStep.CHARGE, Outcome.FAILED, subject + ": " + e.getMessage());
                if (e.outcomeUnknown()) {
                    undo.addFirst(Compensation.owed(SagaStep.REFUND, null));
                }
                return fail();
            }
            record(SagaStep.CHARGE, Outcome.SUCCEEDED, subject + ": payment " + payment);
            record(SagaStep.CONFIRM, Outcome.SUCCEEDED, "order confirmed");
            metrics.ended(Order.Status.CONFIRMED);
            return store.finish(order.id(), Order.Status.CONFIRMED, null, amount, currency, payment);
        }

        /** Records a step; the first failure becomes the order's reason. */
        private void record(SagaStep step, Outcome outcome, String detail) {
            if (outcome == Outcome.FAILED && failure == null) {
                failure = step.label() + " failed: " + detail;
            }
            store.step(order.id(), step, outcome, detail);
        }

        private Order fail() {
            return compensator.owe(order.id(), failure, undo);
        }
    }
}
