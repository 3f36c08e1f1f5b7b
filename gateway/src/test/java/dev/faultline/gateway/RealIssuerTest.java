package dev.faultline.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import dev.faultline.platform.ProcessContext;
import dev.faultline.platform.ServiceServer;
import dev.faultline.platform.TestServices;
import dev.faultline.platform.http.Json;
import io.helidon.http.HeaderNames;
import io.helidon.http.HttpMediaType;
import io.helidon.webclient.http1.Http1Client;
import io.helidon.webclient.http1.Http1ClientResponse;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.WebServerConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The gateway with the real auth process as its issuer (its production set-up, on free ports), configured only by
 * the issuer's metadata address: a client's token opens the routes its scopes cover, and a token with too little
 * scope gets 403 naming the scope it lacks.
 */
class RealIssuerTest {

    private static WebServer auth;
    private static Upstream upstream;
    private static GatewayFixture gateway;

    @BeforeAll
    static void start() {
        int port = TestServices.freePortForRestarts();
        ProcessContext context = TestServices.context("auth", TestServices.config(dev.faultline.auth.Main.class, TestServices.dataDir("auth-issuer"),
                "server.port", Integer.toString(port), "auth.issuer", "http://127.0.0.1:" + port));
        WebServerConfig.Builder builder = WebServer.builder().shutdownHook(false);
        ServiceServer.configure(builder, context, dev.faultline.auth.Main.parts(context));
        auth = builder.build().start();
        upstream = new Upstream();
        gateway = new GatewayFixture("gateway.auth.discovery",
                "http://127.0.0.1:" + port + "/.well-known/oauth-authorization-server",
                "gateway.upstreams.users", upstream.url(), "gateway.upstreams.catalog", upstream.url(),
                "gateway.upstreams.orders", upstream.url(), "gateway.upstreams.shipping", upstream.url());
    }

    @AfterAll
    static void stop() {
        gateway.close();
        upstream.close();
        auth.stop();
    }

    @Test
    void aTokenOpensWhatItsScopeCoversAndNoMore() {
        String token = token("catalog-reader", "catalog-reader-secret");
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
        try (Http1ClientResponse order = gateway.client.post("/api/orders")
                .header(HeaderNames.AUTHORIZATION, "Bearer " + token("faultline-cli", "faultline-demo-secret")).submit("{}")) {
            assertThat(order.status().code()).as(order.as(String.class)).isEqualTo(200);
        }
    }

    private static String token(String client, String secret) {
        Http1Client http = Http1Client.builder().baseUri("http://127.0.0.1:" + auth.port()).build();
        String basic = Base64.getEncoder().encodeToString((client + ":" + secret).getBytes(StandardCharsets.UTF_8));
        return Json.parse(http.post("/token").header(HeaderNames.AUTHORIZATION, "Basic " + basic)
                .contentType(HttpMediaType.create("application/x-www-form-urlencoded"))
                .submit("grant_type=client_credentials").as(String.class)).path("access_token").asText();
    }
}
