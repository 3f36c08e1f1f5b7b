package dev.faultline.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.faultline.platform.http.Json;
import io.helidon.http.HeaderNames;
import io.helidon.webclient.http1.Http1ClientResponse;
import org.junit.jupiter.api.Test;

/**
 * What keeps working when the issuer goes down: tokens keep being verified with the keys the gateway fetched before
 * (nothing changes until a key the gateway has not seen is needed), while a gateway that never fetched the keys
 * cannot check any token and says so with a 503, not a 401 blaming the caller.
 */
class IssuerOutageTest {

    @Test
    void cachedKeysKeepVerifyingWhileTheIssuerIsDownAndAGatewayWithoutThemSays503() {
        try (RealIssuer issuer = new RealIssuer("auth-outage");
             Upstream upstream = new Upstream();
             GatewayFixture warm = new GatewayFixture(issuer.gatewaySettings(upstream));
             GatewayFixture cold = new GatewayFixture(issuer.gatewaySettings(upstream))) {
            assertThat(status(warm, issuer.token("catalog-reader", "catalog-reader-secret"))).as("with the issuer up")
                    .isEqualTo(200);
            // a token the gateways have not seen yet: checked with keys, not remembered as verified
            String token = issuer.token("catalog-reader", "catalog-reader-secret");

            issuer.close();

            assertThat(status(warm, token)).as("the keys fetched before keep verifying").isEqualTo(200);
            try (Http1ClientResponse refused = cold.client.get("/api/products")
                    .header(HeaderNames.AUTHORIZATION, "Bearer " + token).request()) {
                assertThat(refused.status().code()).isEqualTo(503);
                assertThat(refused.headers().first(HeaderNames.RETRY_AFTER)).isPresent();
                assertThat(Json.parse(refused.as(String.class)).path("type").asText()).endsWith("/issuer-unreachable");
            }
            assertThat(cold.admin.get("/metrics").requestEntity(String.class))
                    .containsPattern("faultline_auth_key_fetches_total\\{outcome=\"failed\"\\} [1-9]");
        }
    }

    private static int status(GatewayFixture gateway, String token) {
        try (Http1ClientResponse response = gateway.client.get("/api/products")
                .header(HeaderNames.AUTHORIZATION, "Bearer " + token).request()) {
            return response.status().code();
        }
    }
}
