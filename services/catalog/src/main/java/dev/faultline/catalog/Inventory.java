package dev.faultline.catalog;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Optional;

import dev.faultline.platform.data.DataAccessException;
import dev.faultline.platform.data.Database;
import dev.faultline.platform.data.Ids;
import dev.faultline.platform.http.PageRequest;
import dev.faultline.platform.http.ProblemException;

/** Products and the stock held for orders, kept consistent in one transaction per change. */
final class Inventory {

    private static final String PRODUCT_COLUMNS = "id, name, price, currency, stock";
    private static final String RESERVATION_COLUMNS = "id, product_id, order_id, quantity, unit_price, currency, status";

    private final Database database;
    /** The process's clock: what the store records as "now" is what the rest of the process compares with. */
    private final Clock clock;

    Inventory(Database database, Clock clock) {
        this.database = database;
        this.clock = clock;
    }

    PageRequest.Page<Product> products(PageRequest page) {
        return database.page(page, PRODUCT_COLUMNS, "products", "id", Inventory::product);
    }

    Optional<Product> product(String id) {
        return database.read(connection -> findProduct(connection, id));
    }

    Optional<Reservation> reservation(String id) {
        return database.read(connection -> findReservation(connection, "id = ?", id));
    }

    /**
     * Holds stock for an order. The same product and order reserve once: asking again returns the first
     * reservation. A missing product is a 404, too little stock a 409; neither changes anything.
     */
    Reserved reserve(String productId, String orderId, long quantity) {
        return database.write(connection -> {
            if (isCancelled(connection, productId, orderId)) {
                throw ProblemException.conflict("reservation-cancelled", "Order " + orderId + " cancelled its "
                        + "reservation of " + productId + "; it cannot reserve it again.");
            }
            Optional<Reservation> existing = findReservation(connection, "product_id = ? AND order_id = ?", productId, orderId);
            if (existing.isPresent()) {
                return new Reserved(existing.get(), false);
            }
            Product product = findProduct(connection, productId)
                    .orElseThrow(() -> ProblemException.notFound("No product with id " + productId + "."));
            if (product.stock() < quantity) {
                throw ProblemException.conflict("insufficient-stock", "Only " + product.stock() + " of " + productId
                        + " in stock; " + quantity + " requested.");
            }
            update(connection, "UPDATE products SET stock = stock - ? WHERE id = ?", quantity, productId);
            Reservation reservation = new Reservation(Ids.next(), productId, orderId, quantity, product.price(),
                    product.currency(), Reservation.ACTIVE);
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO reservations (" + RESERVATION_COLUMNS
                    + ", created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
                insert.setString(1, reservation.id());
                insert.setString(2, productId);
                insert.setString(3, orderId);
                insert.setLong(4, quantity);
                insert.setLong(5, reservation.unitPrice());
                insert.setString(6, reservation.currency());
                insert.setString(7, reservation.status());
                insert.setString(8, clock.instant().toString());
                insert.executeUpdate();
            }
            return new Reserved(reservation, true);
        });
    }

    /** Gives the stock back; releasing twice changes nothing. Empty when there is no such reservation. */
    Optional<Reservation> release(String reservationId) {
        return database.write(connection -> {
            Optional<Reservation> found = findReservation(connection, "id = ?", reservationId);
            found.ifPresent(reservation -> giveBack(connection, reservation));
            return findReservation(connection, "id = ?", reservationId);
        });
    }

    /**
     * Releases whatever an order holds of a product and refuses its later reservations of it: how a failed saga
     * settles a reservation whose answer it never got. In one transaction, so a reservation still on its way lands
     * either before (and is released) or after (and is refused). Cancelling again changes nothing.
     */
    Cancelled cancel(String productId, String orderId) {
        return database.write(connection -> {
            Optional<Reservation> held = findReservation(connection, "product_id = ? AND order_id = ?", productId, orderId);
            held.ifPresent(reservation -> giveBack(connection, reservation));
            if (!isCancelled(connection, productId, orderId)) {
                try (PreparedStatement insert = connection.prepareStatement("INSERT INTO reservation_cancellations "
                        + "(product_id, order_id, cancelled_at) VALUES (?, ?, ?)")) {
                    insert.setString(1, productId);
                    insert.setString(2, orderId);
                    insert.setString(3, clock.instant().toString());
                    insert.executeUpdate();
                }
            }
            return new Cancelled(productId, orderId, held.map(Reservation::id).orElse(null));
        });
    }

    /** Puts an active reservation's stock back and marks it released; a released one is left as it is. */
    private static void giveBack(Connection connection, Reservation reservation) {
        if (Reservation.RELEASED.equals(reservation.status())) {
            return;
        }
        try {
            update(connection, "UPDATE products SET stock = stock + ? WHERE id = ?", reservation.quantity(),
                    reservation.productId());
            try (PreparedStatement release = connection.prepareStatement("UPDATE reservations SET status = ? WHERE id = ?")) {
                release.setString(1, Reservation.RELEASED);
                release.setString(2, reservation.id());
                release.executeUpdate();
            }
        } catch (SQLException e) {
            throw new DataAccessException("Releasing reservation " + reservation.id()
                    + " failed", e);
        }
    }

    private static boolean isCancelled(Connection connection, String productId, String orderId) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT 1 FROM reservation_cancellations WHERE product_id = ? AND order_id = ?")) {
            select.setString(1, productId);
            select.setString(2, orderId);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next();
            }
        }
    }

    private static void update(Connection connection, String sql, long quantity, String productId) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(sql)) {
            update.setLong(1, quantity);
            update.setString(2, productId);
            update.executeUpdate();
        }
    }

    private static Optional<Product> findProduct(Connection connection, String id) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT " + PRODUCT_COLUMNS + " FROM products WHERE id = ?")) {
            select.setString(1, id);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? Optional.of(product(rows)) : Optional.empty();
            }
        }
    }

    private static Optional<Reservation> findReservation(Connection connection, String where, String... values)
            throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT " + RESERVATION_COLUMNS + " FROM reservations WHERE " + where)) {
            for (int i = 0; i < values.length; i++) {
                select.setString(i + 1, values[i]);
            }
            try (ResultSet rows = select.executeQuery()) {
                if (!rows.next()) {
                    return Optional.empty();
                }
                return Optional.of(new Reservation(rows.getString("id"), rows.getString("product_id"),
                        rows.getString("order_id"), rows.getLong("quantity"), rows.getLong("unit_price"),
                        rows.getString("currency"), rows.getString("status")));
            }
        }
    }

    private static Product product(ResultSet rows) throws SQLException {
        return new Product(rows.getString("id"), rows.getString("name"), rows.getLong("price"),
                rows.getString("currency"), rows.getLong("stock"));
    }

    /**
     * An order's reservation of a product, cancelled.
     *
     * @param productId     the product
     * @param orderId       the order
     * @param reservationId the reservation it released (absent when the order held none)
     */
    @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
    record Cancelled(String productId, String orderId, String reservationId) {
    }

    /**
     * The result of a reservation request.
     *
     * @param reservation the reservation held for the order
     * @param created     false when the order had already reserved this product
     */
    record Reserved(Reservation reservation, boolean created) {
    }
}
