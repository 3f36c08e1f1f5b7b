package dev.faultline.orders;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.faultline.orders.Order.Step.Outcome;
import dev.faultline.platform.data.Database;
import dev.faultline.platform.data.Ids;
import dev.faultline.platform.http.PageRequest;
import dev.faultline.platform.http.Problem;
import dev.faultline.platform.http.ProblemException;

/** Orders, their lines and saga steps in the service's own database. Each change is committed at once. */
final class OrderStore {

    private final Database database;
    /** The process's clock: what the store records as "now" is what the rest of the process compares with. */
    private final Clock clock;
    private final Outbox outbox;

    OrderStore(Database database, Outbox outbox, Clock clock) {
        this.database = database;
        this.outbox = outbox;
        this.clock = clock;
    }

    /**
     * Stores a new {@code PENDING} order under an idempotency key, or returns the order already stored under
     * it. The same key with a different request is a 422: a retry must repeat its request.
     */
    Begun begin(String idempotencyKey, PlaceOrder request) {
        String fingerprint = request.fingerprint();
        return database.write(connection -> {
            Optional<String> existing = idByKey(connection, idempotencyKey, fingerprint);
            if (existing.isPresent()) {
                return new Begun(load(connection, existing.get()).orElseThrow(), false);
            }
            String id = Ids.next();
            String now = clock.instant().toString();
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO orders (id, idempotency_key, "
                    + "request_hash, user_id, status, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                insert.setString(1, id);
                insert.setString(2, idempotencyKey);
                insert.setString(3, fingerprint);
                insert.setString(4, request.userId());
                insert.setString(5, Order.Status.PENDING.name());
                insert.setString(6, now);
                insert.setString(7, now);
                insert.executeUpdate();
            }
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO order_items (order_id, line, product_id, quantity) VALUES (?, ?, ?, ?)")) {
                int line = 0;
                for (Map.Entry<String, Long> item : request.items().entrySet()) {
                    insert.setString(1, id);
                    insert.setInt(2, line++);
                    insert.setString(3, item.getKey());
                    insert.setLong(4, item.getValue());
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            return new Begun(load(connection, id).orElseThrow(), true);
        });
    }

    Optional<Order> find(String id) {
        return database.read(connection -> load(connection, id));
    }

    /** Newest first. */
    PageRequest.Page<Order> list(PageRequest page) {
        PageRequest.Page<String> ids = database.page(page, "id", "orders", "created_at DESC, id", row -> row.getString("id"));
        return database.read(connection -> {
            List<Order> orders = new ArrayList<>(ids.items().size());
            for (String id : ids.items()) {
                load(connection, id).ifPresent(orders::add);
            }
            return page.of(orders, ids.total());
        });
    }

    /** Whether the database was closed (the process is stopping, or a test ended). */
    boolean closed() {
        return database.isClosed();
    }

    /** Orders still {@code PENDING} that were created before a moment: sagas a crash interrupted. */
    List<String> pendingBefore(Instant before) {
        return database.readUntraced(connection -> {
            List<String> found = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT id FROM orders WHERE status = ? AND created_at < ? ORDER BY created_at")) {
                select.setString(1, Order.Status.PENDING.name());
                select.setString(2, before.toString());
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        found.add(rows.getString(1));
                    }
                }
            }
            return found;
        });
    }

    /**
     * Turns a failed saga into a {@code COMPENSATING} order that owes the given undos (in the order they are to
     * run), in one transaction; undos already owed stay as they are. Returns the order.
     */
    Order compensating(String orderId, String reason, List<Compensation> owed, Instant now) {
        return database.write(connection -> {
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE orders SET status = ?, reason = COALESCE(reason, ?), updated_at = ? WHERE id = ?")) {
                update.setString(1, Order.Status.COMPENSATING.name());
                update.setString(2, reason);
                update.setString(3, now.toString());
                update.setString(4, orderId);
                update.executeUpdate();
            }
            try (PreparedStatement insert = connection.prepareStatement("INSERT OR IGNORE INTO order_compensations "
                    + "(order_id, seq, action, product_id, next_attempt_at, created_at) VALUES (?, ?, ?, ?, ?, ?)")) {
                int seq = 0;
                for (Compensation compensation : owed) {
                    insert.setString(1, orderId);
                    insert.setInt(2, seq++);
                    insert.setString(3, compensation.action().label());
                    insert.setString(4, compensation.productId() == null ? "" : compensation.productId());
                    insert.setLong(5, now.toEpochMilli());
                    insert.setLong(6, now.toEpochMilli());
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            return load(connection, orderId).orElseThrow();
        });
    }

    /** An owed undo succeeded: it is no longer owed, and its step is recorded, together. */
    void compensated(String orderId, Compensation compensation, String detail) {
        database.write(connection -> {
            try (PreparedStatement delete = connection.prepareStatement(
                    "DELETE FROM order_compensations WHERE order_id = ? AND action = ? AND product_id = ?")) {
                bindKey(delete, orderId, compensation);
                delete.executeUpdate();
            }
            return insertStep(connection, orderId, compensation.action(), Outcome.SUCCEEDED, detail);
        });
    }

    /** An owed undo failed this time: its step is recorded and its next try set. */
    void compensationFailed(String orderId, Compensation compensation, String error, Instant nextAttempt) {
        database.write(connection -> {
            try (PreparedStatement update = connection.prepareStatement("UPDATE order_compensations SET attempts = "
                    + "attempts + 1, next_attempt_at = ?, last_error = ? WHERE order_id = ? AND action = ? AND product_id = ?")) {
                update.setLong(1, nextAttempt.toEpochMilli());
                update.setString(2, error);
                update.setString(3, orderId);
                update.setString(4, compensation.action().label());
                update.setString(5, compensation.productId() == null ? "" : compensation.productId());
                update.executeUpdate();
            }
            return insertStep(connection, orderId, compensation.action(), Outcome.FAILED,
                    error + "; next try at " + nextAttempt);
        });
    }

    /**
     * Orders to settle now: those owing nothing that are still {@code COMPENSATING} first (the process stopped, or a
     * write failed, between their last undo and their end: nothing else would ever end them), then those owing an
     * undo whose next try is due, oldest first.
     */
    List<String> dueCompensations(Instant now) {
        return database.readUntraced(connection -> {
            List<String> due = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement("SELECT id FROM ("
                    + "SELECT id, 0 AS since FROM orders WHERE status = ? AND NOT EXISTS "
                    + "(SELECT 1 FROM order_compensations WHERE order_id = orders.id) "
                    + "UNION ALL SELECT order_id, MIN(created_at) FROM order_compensations "
                    + "GROUP BY order_id HAVING MIN(next_attempt_at) <= ?) ORDER BY since")) {
                select.setString(1, Order.Status.COMPENSATING.name());
                select.setLong(2, now.toEpochMilli());
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        due.add(rows.getString(1));
                    }
                }
            }
            return due;
        });
    }

    /** How many undos are owed, and since when the oldest. */
    Backlog compensationBacklog() {
        return database.readUntraced(connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT COUNT(*), MIN(created_at) FROM order_compensations");
                 ResultSet rows = select.executeQuery()) {
                rows.next();
                long oldest = rows.getLong(2);
                // wasNull speaks of the column read last: MIN() of no rows is NULL
                Instant since = rows.wasNull() ? null : Instant.ofEpochMilli(oldest);
                return new Backlog(rows.getLong(1), since);
            }
        });
    }

    /** Appends a saga step. */
    void step(String orderId, SagaStep name, Outcome outcome, String detail) {
        database.write(connection -> insertStep(connection, orderId, name, outcome, detail));
    }

    private int insertStep(Connection connection, String orderId, SagaStep name, Outcome outcome,
                           String detail) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO order_steps (order_id, seq, name, "
                + "outcome, detail, at) VALUES (?, (SELECT COUNT(*) FROM order_steps WHERE order_id = ?), ?, ?, ?, ?)")) {
            insert.setString(1, orderId);
            insert.setString(2, orderId);
            insert.setString(3, name.label());
            insert.setString(4, outcome.name());
            insert.setString(5, detail);
            insert.setString(6, clock.instant().toString());
            return insert.executeUpdate();
        }
    }

    private static void bindKey(PreparedStatement statement, String orderId, Compensation compensation)
            throws SQLException {
        statement.setString(1, orderId);
        statement.setString(2, compensation.action().label());
        statement.setString(3, compensation.productId() == null ? "" : compensation.productId());
    }

    /** Records the price and reservation of one line once its stock is held. */
    void reserved(String orderId, String productId, long unitPrice, String reservationId) {
        database.write(connection -> {
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE order_items SET unit_price = ?, reservation_id = ? WHERE order_id = ? AND product_id = ?")) {
                update.setLong(1, unitPrice);
                update.setString(2, reservationId);
                update.setString(3, orderId);
                update.setString(4, productId);
                return update.executeUpdate();
            }
        });
    }

    /**
     * Ends the saga: the final status, with the total and payment when known and the reason of a failure, and its
     * event in the outbox, in one transaction.
     */
    Order finish(String orderId, Order.Status status, String reason, Long total, String currency, String paymentId) {
        Order finished = database.write(connection -> {
            try (PreparedStatement update = connection.prepareStatement("UPDATE orders SET status = ?, reason = ?, "
                    + "total = ?, currency = ?, payment_id = ?, updated_at = ? WHERE id = ?")) {
                update.setString(1, status.name());
                update.setString(2, reason);
                if (total == null) {
                    update.setNull(3, Types.INTEGER);
                } else {
                    update.setLong(3, total);
                }
                update.setString(4, currency);
                update.setString(5, paymentId);
                update.setString(6, clock.instant().toString());
                update.setString(7, orderId);
                update.executeUpdate();
            }
            Order order = load(connection, orderId).orElseThrow();
            outbox.append(connection, order);
            return order;
        });
        outbox.written();
        return finished;
    }

    private static Optional<String> idByKey(Connection connection, String key, String fingerprint) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT id, request_hash FROM orders WHERE idempotency_key = ?")) {
            select.setString(1, key);
            try (ResultSet rows = select.executeQuery()) {
                if (!rows.next()) {
                    return Optional.empty();
                }
                if (!rows.getString("request_hash").equals(fingerprint)) {
                    throw new ProblemException(Problem.typed("idempotency-key-reused", 422, "Idempotency-Key reused",
                            "Idempotency-Key " + key + " was used for a different order; a retry must repeat its request "
                                    + "exactly, a new order needs a new key."));
                }
                return Optional.of(rows.getString("id"));
            }
        }
    }

    private static Optional<Order> load(Connection connection, String id) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT id, user_id, total, currency, status, reason, "
                + "payment_id FROM orders WHERE id = ?")) {
            select.setString(1, id);
            try (ResultSet rows = select.executeQuery()) {
                if (!rows.next()) {
                    return Optional.empty();
                }
                long total = rows.getLong("total");
                Long totalOrNull = rows.wasNull() ? null : total;
                return Optional.of(new Order(id, rows.getString("user_id"), items(connection, id), totalOrNull,
                        rows.getString("currency"), Order.Status.valueOf(rows.getString("status")), rows.getString("reason"),
                        rows.getString("payment_id"), steps(connection, id), compensations(connection, id)));
            }
        }
    }

    private static List<Order.Item> items(Connection connection, String orderId) throws SQLException {
        List<Order.Item> items = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement("SELECT product_id, quantity, unit_price, "
                + "reservation_id FROM order_items WHERE order_id = ? ORDER BY line")) {
            select.setString(1, orderId);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    long price = rows.getLong("unit_price");
                    items.add(new Order.Item(rows.getString("product_id"), rows.getLong("quantity"),
                            rows.wasNull() ? null : price, rows.getString("reservation_id")));
                }
            }
        }
        return items;
    }

    private static List<Compensation> compensations(Connection connection, String orderId) throws SQLException {
        List<Compensation> owed = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement("SELECT action, product_id, attempts, "
                + "next_attempt_at, last_error, created_at FROM order_compensations WHERE order_id = ? ORDER BY seq")) {
            select.setString(1, orderId);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    String product = rows.getString("product_id");
                    owed.add(new Compensation(SagaStep.ofLabel(rows.getString("action")),
                            product.isEmpty() ? null : product, rows.getInt("attempts"),
                            Instant.ofEpochMilli(rows.getLong("next_attempt_at")).toString(), rows.getString("last_error"),
                            Instant.ofEpochMilli(rows.getLong("created_at")).toString()));
                }
            }
        }
        return owed;
    }

    private static List<Order.Step> steps(Connection connection, String orderId) throws SQLException {
        List<Order.Step> steps = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT name, outcome, detail, at FROM order_steps WHERE order_id = ? ORDER BY seq")) {
            select.setString(1, orderId);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    steps.add(new Order.Step(SagaStep.ofLabel(rows.getString("name")),
                            Outcome.valueOf(rows.getString("outcome")), rows.getString("detail"), rows.getString("at")));
                }
            }
        }
        return steps;
    }

    /**
     * The undos owed across all orders.
     *
     * @param pending how many
     * @param oldest  since when the oldest is owed (absent when none is)
     */
    record Backlog(long pending, Instant oldest) {
    }

    /**
     * The result of placing an order.
     *
     * @param order   the order stored under the key
     * @param created false when the key had been used before
     */
    record Begun(Order order, boolean created) {
    }
}
