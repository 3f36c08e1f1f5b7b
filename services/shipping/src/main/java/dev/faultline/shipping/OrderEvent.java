package dev.faultline.shipping;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import dev.faultline.platform.http.Json;

/**
 * An event orders published when a saga ended, as read from its message body.
 *
 * @param eventId    the outbox row's id
 * @param type       {@code OrderConfirmed} or {@code OrderFailed}
 * @param orderId    the order
 * @param userId     who ordered
 * @param items      what was ordered
 * @param occurredAt when the saga ended
 */
record OrderEvent(String eventId, String type, String orderId, String userId, List<Shipment.Item> items,
                  Instant occurredAt) {

    static final String CONFIRMED = "OrderConfirmed";

    /** Reads a body; a body that is not such an event is refused (the message is then redelivered, then dead). */
    static OrderEvent parse(String body) {
        JsonNode node = Json.parse(body);
        List<Shipment.Item> items = new ArrayList<>();
        node.path("items").forEach(item -> items.add(new Shipment.Item(required(item, "productId"),
                item.path("quantity").asLong())));
        return new OrderEvent(required(node, "eventId"), required(node, "type"), required(node, "orderId"),
                required(node, "userId"), List.copyOf(items), Instant.parse(required(node, "occurredAt")));
    }

    boolean confirmed() {
        return CONFIRMED.equals(type);
    }

    private static String required(JsonNode node, String field) {
        String value = node.path(field).asText("");
        if (value.isBlank()) {
            throw new IllegalArgumentException("An order event without " + field + ": " + node);
        }
        return value;
    }
}
