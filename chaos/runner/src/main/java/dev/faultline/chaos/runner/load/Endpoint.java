package dev.faultline.chaos.runner.load;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The kinds of shop request the load generator sends, as a learner would: browse, look, sign up, buy, check the order
 * and whether it has shipped.
 */
public enum Endpoint {
    BROWSE("browse", "GET /api/products"),
    VIEW_PRODUCT("view-product", "GET /api/products/{id}"),
    CREATE_USER("create-user", "POST /api/users"),
    PLACE_ORDER("place-order", "POST /api/orders"),
    VIEW_ORDER("view-order", "GET /api/orders/{id}"),
    VIEW_SHIPMENT("view-shipment", "GET /api/shipments?orderId={id}");

    private final String key;
    private final String route;

    Endpoint(String key, String route) {
        this.key = key;
        this.route = route;
    }

    /** The name in mixes, reports and scenario files. */
    public String key() {
        return key;
    }

    /** The gateway route it calls. */
    public String route() {
        return route;
    }

    /** @throws IllegalArgumentException listing the valid names */
    public static Endpoint of(String key) {
        return Arrays.stream(values()).filter(e -> e.key.equals(key)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown endpoint '" + key + "'; expected one of " + keys()));
    }

    public static String keys() {
        return Arrays.stream(values()).map(Endpoint::key).collect(Collectors.joining(", "));
    }
}
