package dev.faultline.orders;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.faultline.observability.MessagingTelemetry;
import dev.faultline.platform.data.Database;
import dev.faultline.platform.data.Ids;
import dev.faultline.platform.http.Json;

/**
 * The transactional outbox: the event of an ended saga ({@code OrderConfirmed}, {@code OrderFailed}) is a row
 * written in the same transaction as the order's final status, so an order never ends without its event nor an
 * event leaves for an order that did not end. The {@link OutboxRelay} publishes the rows and marks them sent; the
 * trace context of the saga is stored with each, so the published message continues the order's trace.
 */
final class Outbox {

    /** The event types, as consumers see them in the {@code type} property. */
    static final String CONFIRMED = "OrderConfirmed";
    static final String FAILED = "OrderFailed";
    private static final TypeReference<Map<String, String>> CONTEXT = new TypeReference<>() {
    };

    private final Database database;
    private final MessagingTelemetry telemetry;
    private final Clock clock;
    private final Semaphore written = new Semaphore(0);

    Outbox(Database database, MessagingTelemetry telemetry, Clock clock) {
        this.database = database;
        this.telemetry = telemetry;
        this.clock = clock;
    }

    /** Appends the event of an order that just ended, inside the transaction that ended it. */
    void append(Connection connection, Order order) throws SQLException {
        String id = Ids.next();
        Instant now = clock.instant();
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("eventId", id);
        payload.put("type", order.status() == Order.Status.CONFIRMED ? CONFIRMED : FAILED);
        payload.put("orderId", order.id());
        payload.put("userId", order.userId());
        payload.put("total", order.total());
        payload.put("currency", order.currency());
        payload.put("items", order.items().stream()
                .map(item -> Map.of("productId", item.productId(), "quantity", item.quantity())).toList());
        payload.put("reason", order.reason());
        payload.put("occurredAt", now.toString());
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO outbox (id, order_id, type, payload, "
                + "trace_context, created_at) VALUES (?, ?, ?, ?, ?, ?)")) {
            insert.setString(1, id);
            insert.setString(2, order.id());
            insert.setString(3, (String) payload.get("type"));
            insert.setString(4, Json.write(payload));
            insert.setString(5, Json.write(telemetry.currentContext()));
            insert.setLong(6, now.toEpochMilli());
            insert.executeUpdate();
        }
    }

    /** Tells the relay there is something to publish (called once the transaction committed). */
    void written() {
        written.release();
    }

    /** Waits until an event was written or the time passed. */
    void awaitWritten(long millis) throws InterruptedException {
        if (written.tryAcquire(millis, TimeUnit.MILLISECONDS)) {
            written.drainPermits();
        }
    }

    /** The oldest unsent events, at most {@code limit}. */
    List<Event> unsent(int limit) {
        return database.readUntraced(connection -> {
            List<Event> events = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement("SELECT id, order_id, type, payload, trace_context, "
                    + "created_at FROM outbox WHERE sent_at IS NULL ORDER BY created_at, id LIMIT ?")) {
                select.setInt(1, limit);
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        events.add(new Event(rows.getString(1), rows.getString(2), rows.getString(3), rows.getString(4),
                                Json.mapper().readValue(rows.getString(5), CONTEXT), Instant.ofEpochMilli(rows.getLong(6))));
                    }
                }
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException("An outbox row's trace context is not JSON", e);
            }
            return events;
        });
    }

    /** Marks events published. */
    void sent(List<String> ids) {
        if (ids.isEmpty()) {
            return;
        }
        long now = clock.millis();
        database.writeUntraced(connection -> {
            try (PreparedStatement update = connection.prepareStatement("UPDATE outbox SET sent_at = ? WHERE id = ?")) {
                for (String id : ids) {
                    update.setLong(1, now);
                    update.setString(2, id);
                    update.addBatch();
                }
                return update.executeBatch().length;
            }
        });
    }

    /** How many events wait, and since when the oldest. */
    Backlog backlog() {
        return database.readUntraced(connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT COUNT(*), MIN(created_at) FROM outbox WHERE sent_at IS NULL");
                 ResultSet rows = select.executeQuery()) {
                rows.next();
                long oldest = rows.getLong(2);
                // wasNull speaks of the column read last: MIN() of no rows is NULL
                Instant since = rows.wasNull() ? null : Instant.ofEpochMilli(oldest);
                return new Backlog(rows.getLong(1), since);
            }
        });
    }

    boolean closed() {
        return database.isClosed();
    }

    /**
     * One stored event.
     *
     * @param id           its id: the message's duplicate-detection id, so a row published twice is stored once
     * @param orderId      the order it is about
     * @param type         {@link #CONFIRMED} or {@link #FAILED}
     * @param payload      its JSON body
     * @param traceContext the saga's trace context
     * @param createdAt    when the saga ended
     */
    record Event(String id, String orderId, String type, String payload, Map<String, String> traceContext,
                 Instant createdAt) {
    }

    /**
     * @param pending events not yet published
     * @param oldest  when the oldest of them was written (absent when none waits)
     */
    record Backlog(long pending, Instant oldest) {
    }
}
