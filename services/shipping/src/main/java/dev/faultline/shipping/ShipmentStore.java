package dev.faultline.shipping;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import dev.faultline.platform.data.Database;
import dev.faultline.platform.data.Ids;
import dev.faultline.platform.http.Json;
import dev.faultline.platform.http.PageRequest;

/** Shipments in the service's own database. */
final class ShipmentStore {

    private static final TypeReference<List<Shipment.Item>> ITEMS = new TypeReference<>() {
    };

    private final Database database;

    ShipmentStore(Database database) {
        this.database = database;
    }

    /**
     * Creates the shipment of a confirmed order, unless its event or its order already has one: a redelivered,
     * replayed or republished event changes nothing.
     *
     * @return whether a shipment was created
     */
    boolean create(OrderEvent event, Instant now) {
        return database.write(connection -> {
            try (PreparedStatement insert = connection.prepareStatement("INSERT OR IGNORE INTO shipments (id, order_id, "
                    + "event_id, user_id, items, status, confirmed_at, created_at) VALUES (?, ?, ?, ?, ?, 'CREATED', ?, ?)")) {
                insert.setString(1, Ids.next());
                insert.setString(2, event.orderId());
                insert.setString(3, event.eventId());
                insert.setString(4, event.userId());
                insert.setString(5, Json.write(event.items()));
                insert.setString(6, event.occurredAt().toString());
                insert.setString(7, now.toString());
                return insert.executeUpdate() == 1;
            }
        });
    }

    Optional<Shipment> find(String id) {
        return database.read(connection -> {
            List<Shipment> found = select(connection, "WHERE id = ?", id);
            return found.stream().findFirst();
        });
    }

    /** Every shipment, oldest first. */
    PageRequest.Page<Shipment> list(PageRequest page) {
        return database.page(page, "id, order_id, event_id, user_id, items, status, confirmed_at, created_at", "shipments",
                "created_at, id", ShipmentStore::shipment);
    }

    /** The shipments of an order: one, or none yet. */
    List<Shipment> byOrder(String orderId) {
        return database.read(connection -> select(connection, "WHERE order_id = ?", orderId));
    }

    private static List<Shipment> select(Connection connection, String where, String value) throws SQLException {
        List<Shipment> shipments = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement("SELECT id, order_id, event_id, user_id, items, status, "
                + "confirmed_at, created_at FROM shipments " + where + " ORDER BY created_at, id")) {
            select.setString(1, value);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    shipments.add(shipment(rows));
                }
            }
        }
        return shipments;
    }

    private static Shipment shipment(ResultSet rows) throws SQLException {
        return new Shipment(rows.getString(1), rows.getString(2), rows.getString(3), rows.getString(4),
                items(rows.getString(5)), rows.getString(6), rows.getString(7), rows.getString(8));
    }

    private static List<Shipment.Item> items(String json) {
        try {
            return Json.mapper().readValue(json, ITEMS);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A shipment's items are not JSON: " + json, e);
        }
    }
}
