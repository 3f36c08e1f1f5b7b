package dev.faultline.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import com.fasterxml.jackson.databind.JsonNode;
import dev.faultline.platform.ServiceServer;
import dev.faultline.platform.TestServices;
import dev.faultline.platform.data.Database;
import dev.faultline.platform.http.Json;
import io.helidon.http.HttpMediaTypes;
import io.helidon.webclient.api.HttpClientResponse;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.testing.junit5.DirectClient;
import io.helidon.webserver.testing.junit5.RoutingTest;
import io.helidon.webserver.testing.junit5.SetUpRoute;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

@RoutingTest
class CatalogServiceTest {

    private static final Path DATA = TestServices.dataDir("catalog");
    private static Database database;

    private final DirectClient client;

    CatalogServiceTest(DirectClient client) {
        this.client = client;
    }

    @SetUpRoute
    static void routing(HttpRouting.Builder routing) {
        database = TestServices.database(DATA, "catalog", Main.SCHEMA);
        ServiceServer.routing(routing, api -> Main.api(TestServices.context("catalog", TestServices.config(DATA))).register(api, database));
    }

    @AfterAll
    static void close() {
        database.close();
    }

    @Test
    void isSeededWithADozenPricedProducts() {
        JsonNode page = json(client.get("/products").request());
        assertThat(page.path("total").asInt()).isEqualTo(12);
        JsonNode product = page.path("items").get(0);
        assertThat(product.fieldNames()).toIterable().containsExactly("id", "name", "price", "currency", "stock");
        assertThat(product.path("price").isIntegralNumber()).isTrue();
    }

    @Test
    void reservingTakesStockOncePerOrder() {
        long before = stock("webcam");
        JsonNode first;
        try (HttpClientResponse response = reserve("webcam", "{\"orderId\": \"order-1\", \"quantity\": 3}")) {
            assertThat(response.status().code()).isEqualTo(201);
            first = Json.parse(response.as(String.class));
        }
        assertThat(first.path("status").asText()).isEqualTo("ACTIVE");
        assertThat(first.path("unitPrice").asLong()).isEqualTo(7900);
        try (HttpClientResponse again = reserve("webcam", "{\"orderId\": \"order-1\", \"quantity\": 3}")) {
            assertThat(again.status().code()).isEqualTo(200);
            assertThat(Json.parse(again.as(String.class)).path("id")).isEqualTo(first.path("id"));
        }
        assertThat(stock("webcam")).isEqualTo(before - 3);
    }

    @Test
    void releasingGivesStockBackOnlyOnce() {
        long before = stock("desk-lamp");
        String id = json(reserve("desk-lamp", "{\"orderId\": \"order-2\", \"quantity\": 2}")).path("id").asText();
        for (int i = 0; i < 2; i++) {
            try (HttpClientResponse released = client.delete("/reservations/" + id).request()) {
                assertThat(released.status().code()).isEqualTo(204);
            }
        }
        assertThat(stock("desk-lamp")).isEqualTo(before);
        assertThat(json(client.get("/reservations/" + id).request()).path("status").asText()).isEqualTo("RELEASED");
    }

    @Test
    void shortStockIs409AndChangesNothing() {
        long before = stock("signed-poster");
        try (HttpClientResponse response = reserve("signed-poster", "{\"orderId\": \"order-3\", \"quantity\": " + (before + 1) + "}")) {
            assertThat(response.status().code()).isEqualTo(409);
            assertThat(Json.parse(response.as(String.class)).path("detail").asText()).contains("in stock");
        }
        assertThat(stock("signed-poster")).isEqualTo(before);
    }

    @Test
    void badReservationsAre4xxAndChangeNothing() {
        long before = stock("usb-c-hub");
        try (HttpClientResponse response = reserve("usb-c-hub", "{\"orderId\": \"\", \"quantity\": 0}")) {
            assertThat(response.status().code()).isEqualTo(400);
            assertThat(Json.parse(response.as(String.class)).path("errors").findValuesAsText("field"))
                    .containsExactlyInAnyOrder("orderId", "quantity");
        }
        try (HttpClientResponse response = reserve("usb-c-hub", "{\"orderId\": \"o\", \"quantity\": 1.5}")) {
            assertThat(response.status().code()).isEqualTo(400);
        }
        try (HttpClientResponse response = reserve("no-such-product", "{\"orderId\": \"o\", \"quantity\": 1}")) {
            assertThat(response.status().code()).isEqualTo(404);
        }
        try (HttpClientResponse response = client.delete("/reservations/none").request()) {
            assertThat(response.status().code()).isEqualTo(404);
        }
        assertThat(stock("usb-c-hub")).isEqualTo(before);
    }

    @Test
    void cancellingGivesTheOrdersStockBackOnce() {
        long before = stock("laptop-stand");
        String id = json(reserve("laptop-stand", "{\"orderId\": \"order-4\", \"quantity\": 2}")).path("id").asText();
        JsonNode cancelled = json(cancel("laptop-stand", "order-4"));
        assertThat(cancelled.path("reservationId").asText()).isEqualTo(id);
        json(cancel("laptop-stand", "order-4"));
        assertThat(stock("laptop-stand")).isEqualTo(before);
        assertThat(json(client.get("/reservations/" + id).request()).path("status").asText()).isEqualTo("RELEASED");
    }

    @Test
    void aReservationArrivingAfterItsOrderCancelledIsRefusedAndHoldsNothing() {
        long before = stock("webcam");
        JsonNode cancelled = json(cancel("webcam", "order-5"));
        assertThat(cancelled.has("reservationId")).isFalse();
        try (HttpClientResponse late = reserve("webcam", "{\"orderId\": \"order-5\", \"quantity\": 1}")) {
            assertThat(late.status().code()).isEqualTo(409);
            assertThat(Json.parse(late.as(String.class)).path("type").asText()).endsWith("reservation-cancelled");
        }
        assertThat(stock("webcam")).isEqualTo(before);
        try (HttpClientResponse other = reserve("webcam", "{\"orderId\": \"order-6\", \"quantity\": 1}")) {
            assertThat(other.status().code()).isEqualTo(201);
        }
    }

    @Test
    void aCancellationMissingItsFieldsIs400() {
        try (HttpClientResponse response = client.post("/cancellations").contentType(HttpMediaTypes.JSON_UTF_8)
                .submit("{}")) {
            assertThat(response.status().code()).isEqualTo(400);
            assertThat(Json.parse(response.as(String.class)).path("errors").findValuesAsText("field"))
                    .containsExactlyInAnyOrder("productId", "orderId");
        }
    }

    private HttpClientResponse cancel(String productId, String orderId) {
        return client.post("/cancellations").contentType(HttpMediaTypes.JSON_UTF_8)
                .submit("{\"productId\": \"" + productId + "\", \"orderId\": \"" + orderId + "\"}");
    }

    private HttpClientResponse reserve(String productId, String json) {
        return client.post("/products/" + productId + "/reservations").contentType(HttpMediaTypes.JSON_UTF_8).submit(json);
    }

    private long stock(String productId) {
        return json(client.get("/products/" + productId).request()).path("stock").asLong();
    }

    private static JsonNode json(HttpClientResponse response) {
        try (response) {
            assertThat(response.status().code()).isLessThan(300);
            return Json.parse(response.as(String.class));
        }
    }
}
