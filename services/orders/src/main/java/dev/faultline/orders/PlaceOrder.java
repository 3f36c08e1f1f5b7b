package dev.faultline.orders;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

import dev.faultline.platform.http.JsonFields;
import dev.faultline.platform.http.Problem;
import dev.faultline.platform.http.ProblemException;

/**
 * A validated request to place an order; lines naming the same product are merged.
 *
 * @param userId who orders
 * @param items  product id to quantity, in the order first named
 */
record PlaceOrder(String userId, Map<String, Long> items) {

    static final int MAX_QUANTITY = 1000;
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._-]+");
    private static final String ID_EXPECTED = "an identifier of letters, digits, '.', '_' or '-'";

    static PlaceOrder from(JsonFields body) {
        String userId = body.string("userId", 100, ID, ID_EXPECTED);
        List<Line> lines = body.objects("items", 1, 50, item -> new Line(
                item.string("productId", 100, ID, ID_EXPECTED), item.integer("quantity", 1, MAX_QUANTITY)));
        body.validate();
        Map<String, Long> items = new LinkedHashMap<>();
        lines.forEach(line -> items.merge(line.productId(), line.quantity(), Long::sum));
        items.forEach((productId, quantity) -> {
            if (quantity > MAX_QUANTITY) {
                throw ProblemException.invalid(List.of(new Problem.FieldError("items",
                        "orders at most " + MAX_QUANTITY + " of " + productId + " in all")));
            }
        });
        return new PlaceOrder(userId, items);
    }

    /** A fingerprint of the request, to tell a retry from a different order reusing the same key. */
    String fingerprint() {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((userId + "|" + new TreeMap<>(items)).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    private record Line(String productId, long quantity) {
    }
}
