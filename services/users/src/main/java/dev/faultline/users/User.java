package dev.faultline.users;

/**
 * A customer of the shop.
 *
 * @param id    opaque identifier
 * @param name  display name, 1 to 100 characters
 * @param email unique (case-insensitively) e-mail address
 */
public record User(String id, String name, String email) {
}
