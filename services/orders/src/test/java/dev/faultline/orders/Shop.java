package dev.faultline.orders;

import com.fasterxml.jackson.databind.JsonNode;
import dev.faultline.platform.TestServices;
import dev.faultline.platform.http.Json;
import io.helidon.http.HttpMediaTypes;
import io.helidon.webclient.http1.Http1Client;
import io.helidon.webclient.http1.Http1ClientResponse;

/** The real users, catalog and payments services, in-process on free ports: the peers of the order saga. */
final class Shop implements AutoCloseable {

    private final TestServices.Running usersService =
            TestServices.start("users", dev.faultline.users.Main.SCHEMA, dev.faultline.users.Main::api);
    private final TestServices.Running catalogService =
            TestServices.start("catalog", dev.faultline.catalog.Main.SCHEMA, dev.faultline.catalog.Main::api);
    private final TestServices.Running paymentsService =
            TestServices.start("payments", dev.faultline.payments.Main.SCHEMA, dev.faultline.payments.Main::api);
    final Http1Client users = usersService.client();
    final Http1Client catalog = catalogService.client();
    final Http1Client payments = paymentsService.client();

    /**
     * Orders configuration keys and values that point the saga at this shop. Active health checks are off: the
     * test servers' admin sockets do not sit at port + 1000.
     */
    String[] peerConfig() {
        return new String[] {"orders.users.url", usersService.url(), "orders.catalog.url", catalogService.url(),
                "orders.payments.url", paymentsService.url(), "discovery.health-interval", "PT0S"};
    }

    String usersUrl() {
        return usersService.url();
    }

    String catalogUrl() {
        return catalogService.url();
    }

    String paymentsUrl() {
        return paymentsService.url();
    }

    String newUser(String email) {
        try (Http1ClientResponse response = users.post("/users").contentType(HttpMediaTypes.JSON_UTF_8)
                .submit("{\"name\": \"Shopper\", \"email\": \"" + email + "\"}")) {
            return Json.parse(response.as(String.class)).path("id").asText();
        }
    }

    long stock(String productId) {
        return json(catalog.get("/products/" + productId).request()).path("stock").asLong();
    }

    JsonNode paymentsOf(String orderId) {
        return json(payments.get("/payments").queryParam("orderId", orderId).request()).path("items");
    }

    @Override
    public void close() {
        usersService.close();
        catalogService.close();
        paymentsService.close();
    }

    static JsonNode json(Http1ClientResponse response) {
        try (response) {
            return Json.parse(response.as(String.class));
        }
    }
}
