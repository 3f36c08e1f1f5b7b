package dev.faultline.catalog;

/**
 * Something the shop sells.
 *
 * @param id       readable identifier (a slug)
 * @param name     display name
 * @param price    unit price in minor units of {@code currency} (cents)
 * @param currency ISO 4217 code
 * @param stock    units available to reserve
 */
public record Product(String id, String name, long price, String currency, long stock) {
}
