package dev.faultline.orders;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

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

/** Requests refused before the saga starts: no peer is called, so none runs here. */
@RoutingTest
class OrdersServiceTest {

    private static final Path DATA = TestServices.dataDir("orders");
    private static Database database;

    private final DirectClient client;

    OrdersServiceTest(DirectClient client) {
        this.client = client;
    }

    @SetUpRoute
    static void routing(HttpRouting.Builder routing) {
        database = TestServices.database(DATA, "orders", Main.SCHEMA);
        ServiceServer.routing(routing, api -> Main.api(TestServices.context("orders", TestServices.config(DATA))).register(api, database));
    }

    @AfterAll
    static void close() {
        database.close();
    }

    @Test
    void anOrderWithoutIdempotencyKeyIs400() {
        try (HttpClientResponse response = client.post("/orders").contentType(HttpMediaTypes.JSON_UTF_8)
                .submit("{\"userId\": \"u\", \"items\": [{\"productId\": \"webcam\", \"quantity\": 1}]}")) {
            assertThat(response.status().code()).isEqualTo(400);
            assertThat(Json.parse(response.as(String.class)).path("detail").asText()).contains("Idempotency-Key");
        }
        assertThat(total()).isZero();
    }

    @Test
    void everyInvalidFieldIsNamedAndNothingIsPlaced() {
        try (HttpClientResponse response = place("{\"userId\": \"../admin\", \"items\": [{\"productId\": \"webcam\", "
                + "\"quantity\": 0}, 3, {\"quantity\": 2}]}")) {
            assertThat(response.status().code()).isEqualTo(400);
            assertThat(Json.parse(response.as(String.class)).path("errors").findValuesAsText("field"))
                    .containsExactlyInAnyOrder("userId", "items[0].quantity", "items[1]", "items[2].productId");
        }
        try (HttpClientResponse response = place("{\"userId\": \"u\", \"items\": []}")) {
            assertThat(response.status().code()).isEqualTo(400);
        }
        try (HttpClientResponse response = place("{\"userId\": \"u\", \"items\": [{\"productId\": \"webcam\", "
                + "\"quantity\": 600}, {\"productId\": \"webcam\", \"quantity\": 600}]}")) {
            assertThat(response.status().code()).isEqualTo(400);
            assertThat(Json.parse(response.as(String.class)).path("detail").asText()).contains("at most 1000");
        }
        try (HttpClientResponse response = place("{\"userId\": ")) {
            assertThat(response.status().code()).isEqualTo(400);
        }
        assertThat(total()).isZero();
    }

    @Test
    void unknownOrderIs404AndWrongMethodIs405() {
        try (HttpClientResponse response = client.get("/orders/none").request()) {
            assertThat(response.status().code()).isEqualTo(404);
        }
        try (HttpClientResponse response = client.delete("/orders/none").request()) {
            assertThat(response.status().code()).isEqualTo(405);
        }
    }

    private HttpClientResponse place(String body) {
        return client.post("/orders").header(OrdersService.IDEMPOTENCY_KEY, "key-" + body.hashCode())
                .contentType(HttpMediaTypes.JSON_UTF_8).submit(body);
    }

    private long total() {
        try (HttpClientResponse response = client.get("/orders").request()) {
            return Json.parse(response.as(String.class)).path("total").asLong();
        }
    }
}
