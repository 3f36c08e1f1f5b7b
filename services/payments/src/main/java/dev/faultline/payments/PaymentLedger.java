package dev.faultline.payments;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Optional;

import dev.faultline.platform.data.Database;
import dev.faultline.platform.data.Ids;
import dev.faultline.platform.http.PageRequest;
import dev.faultline.platform.http.ProblemException;

/** Payments in the database shared by the payments instances; the order id is the idempotency key. */
final class PaymentLedger {

    private static final String COLUMNS = "id, order_id, amount, currency, status, reason";

    private final Database database;
    /** The process's clock: what the store records as "now" is what the rest of the process compares with. */
    private final Clock clock;

    PaymentLedger(Database database, Clock clock) {
        this.database = database;
        this.clock = clock;
    }

    /**
     * Charges an order once. Asking again with the same amount and currency returns the first payment;
     * asking with another amount is a 409.
     */
    Charged charge(String orderId, long amount, String currency, DeclineRule rule) {
        return database.write(connection -> {
            if (isVoided(connection, orderId)) {
                throw ProblemException.conflict("order-voided", "Order " + orderId + " was cancelled before it was "
                        + "charged; it cannot be charged now.");
            }
            Optional<Payment> existing = find(connection, "order_id = ?", orderId);
            if (existing.isPresent()) {
                Payment payment = existing.get();
                if (payment.amount() != amount || !payment.currency().equals(currency)) {
                    throw ProblemException.conflict("order-already-charged", "Order " + orderId + " was already charged "
                            + payment.amount() + " " + payment.currency() + "; a charge of " + amount + " " + currency
                            + " cannot reuse it.");
                }
                return new Charged(payment, false);
            }
            Optional<String> declined = rule.reasonToDecline(amount, currency);
            Payment payment = new Payment(Ids.next(), orderId, amount, currency,
                    declined.isPresent() ? Payment.DECLINED : Payment.CAPTURED, declined.orElse(null));
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO payments (" + COLUMNS
                    + ", created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
                String now = clock.instant().toString();
                insert.setString(1, payment.id());
                insert.setString(2, orderId);
                insert.setLong(3, amount);
                insert.setString(4, currency);
                insert.setString(5, payment.status());
                insert.setString(6, payment.reason());
                insert.setString(7, now);
                insert.setString(8, now);
                insert.executeUpdate();
            }
            return new Charged(payment, true);
        });
    }

    /** Refunds a captured payment; refunding again changes nothing; a declined payment is a 409. */
    Optional<Refunded> refund(String id) {
        return database.write(connection -> {
            Optional<Payment> found = find(connection, "id = ?", id);
            if (found.isEmpty() || Payment.REFUNDED.equals(found.get().status())) {
                return found.map(payment -> new Refunded(payment, false));
            }
            if (Payment.DECLINED.equals(found.get().status())) {
                throw ProblemException.conflict("payment-declined", "Payment " + id + " was declined; there is nothing to refund.");
            }
            markRefunded(connection, id);
            return find(connection, "id = ?", id).map(payment -> new Refunded(payment, true));
        });
    }

    /**
     * Settles an order whose saga failed without knowing whether its charge went through: a captured payment is
     * refunded; with no payment, the order is voided so that a charge still on its way is refused. In one
     * transaction, so a concurrent charge lands either before (and is refunded) or after (and is refused).
     * Cancelling again changes nothing.
     */
    Cancelled cancel(String orderId) {
        return database.write(connection -> {
            Optional<Payment> found = find(connection, "order_id = ?", orderId);
            if (found.isEmpty()) {
                if (!isVoided(connection, orderId)) {
                    try (PreparedStatement insert = connection.prepareStatement(
                            "INSERT INTO payment_voids (order_id, voided_at) VALUES (?, ?)")) {
                        insert.setString(1, orderId);
                        insert.setString(2, clock.instant().toString());
                        insert.executeUpdate();
                    }
                }
                return new Cancelled(orderId, Cancelled.Outcome.VOIDED, null, false);
            }
            Payment payment = found.get();
            return switch (payment.status()) {
                case Payment.CAPTURED -> {
                    markRefunded(connection, payment.id());
                    yield new Cancelled(orderId, Cancelled.Outcome.REFUNDED, payment.id(), true);
                }
                case Payment.REFUNDED -> new Cancelled(orderId, Cancelled.Outcome.REFUNDED, payment.id(), false);
                default -> new Cancelled(orderId, Cancelled.Outcome.DECLINED, payment.id(), false);
            };
        });
    }

    private static boolean isVoided(Connection connection, String orderId) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT 1 FROM payment_voids WHERE order_id = ?")) {
            select.setString(1, orderId);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next();
            }
        }
    }

    private void markRefunded(Connection connection, String id) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(
                "UPDATE payments SET status = ?, updated_at = ? WHERE id = ?")) {
            update.setString(1, Payment.REFUNDED);
            update.setString(2, clock.instant().toString());
            update.setString(3, id);
            update.executeUpdate();
        }
    }

    Optional<Payment> find(String id) {
        return database.read(connection -> find(connection, "id = ?", id));
    }

    /** Payments, optionally only the one of an order. */
    PageRequest.Page<Payment> list(Optional<String> orderId, PageRequest page) {
        return orderId.isPresent()
                ? database.page(page, COLUMNS, "payments WHERE order_id = ?", "created_at, id", PaymentLedger::payment, orderId.get())
                : database.page(page, COLUMNS, "payments", "created_at, id", PaymentLedger::payment);
    }

    private static Optional<Payment> find(Connection connection, String where, String value) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT " + COLUMNS + " FROM payments WHERE " + where)) {
            select.setString(1, value);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? Optional.of(payment(rows)) : Optional.empty();
            }
        }
    }

    private static Payment payment(ResultSet rows) throws SQLException {
        return new Payment(rows.getString("id"), rows.getString("order_id"), rows.getLong("amount"),
                rows.getString("currency"), rows.getString("status"), rows.getString("reason"));
    }

    /**
     * The result of a refund request.
     *
     * @param payment the payment, refunded
     * @param now     false when it had been refunded before
     */
    record Refunded(Payment payment, boolean now) {
    }

    /**
     * How an order's payment was settled by a cancellation.
     *
     * @param orderId   the order
     * @param outcome   what the order's payment is now
     * @param paymentId its payment, when there is one
     * @param refunded  whether this cancellation refunded it (false when it had been before)
     */
    @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
    record Cancelled(String orderId, Outcome outcome, String paymentId, boolean refunded) {

        /** The order's payment after the cancellation. */
        enum Outcome {
            /** It was captured and is refunded. */
            REFUNDED,
            /** It was declined: nothing was taken. */
            DECLINED,
            /** There was none, and none can be made any more. */
            VOIDED
        }
    }

    /**
     * The result of a charge request.
     *
     * @param payment the order's payment
     * @param created false when the order had been charged before
     */
    record Charged(Payment payment, boolean created) {
    }
}
