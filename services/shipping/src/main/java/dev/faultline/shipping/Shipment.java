package dev.faultline.shipping;

import java.util.List;

/**
 * A shipment, created once per confirmed order from its {@code OrderConfirmed} event.
 *
 * @param id          its id
 * @param orderId     the order it ships
 * @param eventId     the event that created it
 * @param userId      who ordered
 * @param items       what to ship
 * @param status      {@code CREATED} (the sandbox ships nothing further)
 * @param confirmedAt when the order was confirmed
 * @param createdAt   when the shipment was created
 */
public record Shipment(String id, String orderId, String eventId, String userId, List<Item> items, String status,
                       String confirmedAt, String createdAt) {

    /**
     * @param productId the product
     * @param quantity  how many
     */
    public record Item(String productId, long quantity) {
    }
}
