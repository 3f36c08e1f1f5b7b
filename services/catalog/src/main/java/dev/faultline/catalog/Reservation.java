package dev.faultline.catalog;

/**
 * Stock held for one order: at most one per product and order.
 *
 * @param id        opaque identifier
 * @param productId the product held
 * @param orderId   the order it is held for
 * @param quantity  units held
 * @param unitPrice price per unit when reserved, in minor units
 * @param currency  ISO 4217 code
 * @param status    {@code ACTIVE} while held, {@code RELEASED} once given back
 */
public record Reservation(String id, String productId, String orderId, long quantity, long unitPrice, String currency,
                          String status) {

    static final String ACTIVE = "ACTIVE";
    static final String RELEASED = "RELEASED";
}
