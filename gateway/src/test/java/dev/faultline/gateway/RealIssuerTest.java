package dev.faultline.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.faultline.platform.http.Json;
import io.helidon.http.HeaderNames;
import io.helidon.webclient.http1.Http1ClientResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The gateway with the real auth process as its issuer, configured only by the issuer's metadata address: a client's
 * token opens the routes its scopes cover, and a token with too little scope gets 403 naming the scope it lacks.
 */
class RealIssuerTest {

    private static RealIssuer issuer;
    private static Upstream upstream;
    private static GatewayFixture gateway;

    @BeforeAll
    static void start() {
        issuer = new RealIssuer("auth-issuer");
        upstream = new Upstream();
        gateway = new GatewayFixture(issuer.gatewaySettings(upstream));
    }

    @AfterAll
    static void stop() {
        gateway.close();
        upstream.close();
        issuer.close();
    }

    @Test
    void aTokenOpensWhatItsScopeCoversAndNoMore() {
        String token = issuer.token("catalog-reader", "catalog-reader-secret");
        try (Http1ClientResponse products = gateway.client.get("/api/products")
                .header(HeaderNames.AUTHORIZATION, "Bearer " + token).request()) {
            assertThat(products.status().code()).as(products.as(String.class)).isEqualTo(200);
        }
        try (Http1ClientResponse order = gateway.client.post("/api/orders")
                .header(HeaderNames.AUTHORIZATION, "Bearer " + token).submit("{}")) {
            assertThat(order.status().code()).isEqualTo(403);
            assertThat(order.headers().first(HeaderNames.WWW_AUTHENTICATE)).get().asString()
                    .contains("error=\"insufficient_scope\"").contains("scope=\"orders:write\"");
            assertThat(Json.parse(order.as(String.class)).path("detail").asText())
                    .contains("POST /api/orders needs scope orders:write").contains("catalog:read");
        }
    }

    @Test
    void theCliClientMayPlaceOrders() {
        try (Http1ClientResponse order = gateway.client.post("/api/orders").header(HeaderNames.AUTHORIZATION,
                "Bearer " + issuer.token("faultline-cli", "faultline-demo-secret")).submit("{}")) {
            assertThat(order.status().code()).as(order.as(String.class)).isEqualTo(200);
        }
    }
}
