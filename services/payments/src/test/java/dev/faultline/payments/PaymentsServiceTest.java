package dev.faultline.payments;

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
class PaymentsServiceTest {

    private static final Path DATA = TestServices.dataDir("payments");
    private static Database database;

    private final DirectClient client;

    PaymentsServiceTest(DirectClient client) {
        this.client = client;
    }

    @SetUpRoute
    static void routing(HttpRouting.Builder routing) {
        database = TestServices.database(DATA, "payments", Main.SCHEMA);
        ServiceServer.routing(routing, api -> Main.api(TestServices.context("payments", TestServices.config(DATA))).register(api, database));
    }

    @AfterAll
    static void close() {
        database.close();
    }

    @Test
    void theSameOrderIsChargedOnce() {
        JsonNode first;
        try (HttpClientResponse response = charge("{\"orderId\": \"o-1\", \"amount\": 4200, \"currency\": \"EUR\"}")) {
            assertThat(response.status().code()).isEqualTo(201);
            first = Json.parse(response.as(String.class));
        }
        assertThat(first.path("status").asText()).isEqualTo("CAPTURED");
        try (HttpClientResponse again = charge("{\"orderId\": \"o-1\", \"amount\": 4200, \"currency\": \"EUR\"}")) {
            assertThat(again.status().code()).isEqualTo(200);
            assertThat(Json.parse(again.as(String.class))).isEqualTo(first);
        }
        assertThat(paymentsOf("o-1")).isEqualTo(1);
    }

    @Test
    void reusingAnOrderIdForAnotherAmountIs409() {
        charge("{\"orderId\": \"o-2\", \"amount\": 100, \"currency\": \"EUR\"}").close();
        try (HttpClientResponse response = charge("{\"orderId\": \"o-2\", \"amount\": 999, \"currency\": \"EUR\"}")) {
            assertThat(response.status().code()).isEqualTo(409);
        }
        assertThat(paymentsOf("o-2")).isEqualTo(1);
    }

    @Test
    void amountsAboveTheLimitAreDeclinedWithAReason() {
        try (HttpClientResponse response = charge("{\"orderId\": \"o-3\", \"amount\": 100001, \"currency\": \"EUR\"}")) {
            assertThat(response.status().code()).isEqualTo(201);
            JsonNode payment = Json.parse(response.as(String.class));
            assertThat(payment.path("status").asText()).isEqualTo("DECLINED");
            assertThat(payment.path("reason").asText()).contains("exceeds the limit");
            try (HttpClientResponse refund = client.post("/payments/" + payment.path("id").asText() + "/refund").request()) {
                assertThat(refund.status().code()).isEqualTo(409);
            }
        }
    }

    @Test
    void refundIsIdempotent() {
        String id;
        try (HttpClientResponse response = charge("{\"orderId\": \"o-4\", \"amount\": 500, \"currency\": \"EUR\"}")) {
            id = Json.parse(response.as(String.class)).path("id").asText();
        }
        for (int i = 0; i < 2; i++) {
            try (HttpClientResponse refund = client.post("/payments/" + id + "/refund").request()) {
                assertThat(refund.status().code()).isEqualTo(200);
                assertThat(Json.parse(refund.as(String.class)).path("status").asText()).isEqualTo("REFUNDED");
            }
        }
        try (HttpClientResponse unknown = client.post("/payments/nope/refund").request()) {
            assertThat(unknown.status().code()).isEqualTo(404);
        }
    }

    @Test
    void badChargesAre400NamingEachFieldAndChargeNothing() {
        try (HttpClientResponse response = charge("{\"orderId\": \"o-5\", \"amount\": -1, \"currency\": \"euro\"}")) {
            assertThat(response.status().code()).isEqualTo(400);
            assertThat(Json.parse(response.as(String.class)).path("errors").findValuesAsText("field"))
                    .containsExactlyInAnyOrder("amount", "currency");
        }
        assertThat(paymentsOf("o-5")).isZero();
    }

    @Test
    void cancellingACapturedChargeRefundsItOnce() {
        String id = Json.parse(charge("{\"orderId\": \"o-6\", \"amount\": 700, \"currency\": \"EUR\"}")
                .as(String.class)).path("id").asText();
        JsonNode first = Json.parse(cancel("o-6").as(String.class));
        assertThat(first.path("outcome").asText()).isEqualTo("REFUNDED");
        assertThat(first.path("paymentId").asText()).isEqualTo(id);
        assertThat(first.path("refunded").asBoolean()).isTrue();
        JsonNode again = Json.parse(cancel("o-6").as(String.class));
        assertThat(again.path("outcome").asText()).isEqualTo("REFUNDED");
        assertThat(again.path("refunded").asBoolean()).isFalse();
        try (HttpClientResponse payment = client.get("/payments/" + id).request()) {
            assertThat(Json.parse(payment.as(String.class)).path("status").asText()).isEqualTo("REFUNDED");
        }
    }

    @Test
    void aChargeArrivingAfterItsOrderWasCancelledIsRefusedAndTakesNothing() {
        JsonNode cancelled = Json.parse(cancel("o-7").as(String.class));
        assertThat(cancelled.path("outcome").asText()).isEqualTo("VOIDED");
        try (HttpClientResponse late = charge("{\"orderId\": \"o-7\", \"amount\": 700, \"currency\": \"EUR\"}")) {
            assertThat(late.status().code()).isEqualTo(409);
            assertThat(Json.parse(late.as(String.class)).path("type").asText()).endsWith("order-voided");
        }
        assertThat(paymentsOf("o-7")).isZero();
    }

    @Test
    void cancellingADeclinedChargeLeavesItDeclined() {
        charge("{\"orderId\": \"o-8\", \"amount\": 100001, \"currency\": \"EUR\"}").close();
        assertThat(Json.parse(cancel("o-8").as(String.class)).path("outcome").asText()).isEqualTo("DECLINED");
    }

    @Test
    void aCancellationWithoutAnOrderIdIs400AndChangesNothing() {
        try (HttpClientResponse response = client.post("/cancellations").contentType(HttpMediaTypes.JSON_UTF_8)
                .submit("{\"orderId\": \"\"}")) {
            assertThat(response.status().code()).isEqualTo(400);
            assertThat(response.headers().contentType().orElseThrow().text()).contains("problem+json");
        }
        try (HttpClientResponse charged = charge("{\"orderId\": \"o-9\", \"amount\": 10, \"currency\": \"EUR\"}")) {
            assertThat(charged.status().code()).isEqualTo(201);
        }
    }

    private HttpClientResponse cancel(String orderId) {
        return client.post("/cancellations").contentType(HttpMediaTypes.JSON_UTF_8)
                .submit("{\"orderId\": \"" + orderId + "\"}");
    }

    private HttpClientResponse charge(String json) {
        return client.post("/payments").contentType(HttpMediaTypes.JSON_UTF_8).submit(json);
    }

    private long paymentsOf(String orderId) {
        try (HttpClientResponse response = client.get("/payments").queryParam("orderId", orderId).request()) {
            return Json.parse(response.as(String.class)).path("total").asLong();
        }
    }
}
