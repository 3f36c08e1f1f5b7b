package dev.faultline.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.databind.JsonNode;
import dev.faultline.platform.http.Json;
import io.helidon.http.HeaderNames;
import io.helidon.http.HttpMediaTypes;
import io.helidon.webclient.http1.Http1ClientResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class GatewayRoutingTest {

    private static Upstream users;
    private static Upstream catalog;
    private static GatewayFixture gateway;

    @BeforeAll
    static void start() {
        users = new Upstream();
        catalog = new Upstream();
        gateway = new GatewayFixture("gateway.upstreams.users", users.url(), "gateway.upstreams.catalog", catalog.url(),
                "gateway.upstreams.orders", users.url(),
                "server.idle-connection-timeout", "PT1S", "server.idle-connection-period", "PT0.5S");
    }

    @AfterAll
    static void stop() {
        gateway.close();
        users.close();
        catalog.close();
    }

    @Test
    void aRouteRewritesThePrefixAndForwardsMethodQueryBodyAndHeaders() {
        try (Http1ClientResponse response = gateway.post("/api/users/7/notes").queryParam("a", "1").queryParam("b", "two words")
                .header(HeaderNames.create("X-Custom"), "kept").contentType(HttpMediaTypes.JSON_UTF_8).submit("{\"x\": 1}")) {
            assertThat(response.status().code()).isEqualTo(200);
            assertThat(response.headers().first(HeaderNames.create("X-Upstream"))).contains("yes");
            JsonNode echo = Json.parse(response.as(String.class));
            assertThat(echo.path("method").asText()).isEqualTo("POST");
            assertThat(echo.path("path").asText()).isEqualTo("/users/7/notes");
            assertThat(echo.path("query").asText()).isEqualTo("a=1&b=two%20words");
            assertThat(echo.path("body").asText()).isEqualTo("{\"x\": 1}");
            assertThat(echo.path("headers").path("x-custom").get(0).asText()).isEqualTo("kept");
            assertThat(echo.path("port").asInt()).isEqualTo(users.port());
        }
        try (Http1ClientResponse response = gateway.get("/api/products").request()) {
            JsonNode echo = Json.parse(response.as(String.class));
            assertThat(echo.path("path").asText()).isEqualTo("/products");
            assertThat(echo.path("port").asInt()).isEqualTo(catalog.port());
        }
    }

    @Test
    void hopByHopHeadersStayOnTheirHopAndForwardingHeadersAreSet() {
        try (Http1ClientResponse response = gateway.get("/api/users/1")
                .header(HeaderNames.CONNECTION, "keep-alive, X-Hop-Secret")
                .header(HeaderNames.create("X-Hop-Secret"), "never upstream")
                .header(HeaderNames.create("Keep-Alive"), "timeout=5")
                .header(HeaderNames.TE, "trailers")
                .header(HeaderNames.create("Proxy-Authorization"), "Basic eA==")
                .header(HeaderNames.create("traceparent"), "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01")
                .header(HeaderNames.create("baggage"), "cohort=alice")
                .request()) {
            JsonNode headers = Json.parse(response.as(String.class)).path("headers");
            assertThat(headers.has("x-hop-secret")).isFalse();
            assertThat(headers.has("keep-alive")).isFalse();
            assertThat(headers.has("te")).isFalse();
            assertThat(headers.has("proxy-authorization")).isFalse();
            assertThat(headers.has("x-api-key")).as("the gateway's credential stays at the gateway").isFalse();
            assertThat(headers.path("traceparent").get(0).asText()).startsWith("00-0af7651916cd43dd8448eb211c80319c");
            assertThat(headers.path("baggage").get(0).asText()).isEqualTo("cohort=alice");
            assertThat(headers.path("x-forwarded-for").get(0).asText()).isEqualTo("127.0.0.1");
            assertThat(headers.path("x-forwarded-proto").get(0).asText()).isEqualTo("http");
            assertThat(headers.path("x-forwarded-host").get(0).asText()).contains("127.0.0.1");
            String requestId = headers.path("x-request-id").get(0).asText();
            assertThat(requestId).isNotBlank();
            assertThat(response.headers().first(Admission.X_REQUEST_ID)).contains(requestId);
            assertThat(response.headers().contains(HeaderNames.create("Keep-Alive"))).isFalse();
            assertThat(response.headers().contains(HeaderNames.create("Proxy-Agent"))).isFalse();
        }
        try (Http1ClientResponse response = gateway.get("/api/users/1").header(Admission.X_REQUEST_ID, "req-42").request()) {
            assertThat(Json.parse(response.as(String.class)).path("headers").path("x-request-id").get(0).asText()).isEqualTo("req-42");
            assertThat(response.headers().first(Admission.X_REQUEST_ID)).contains("req-42");
        }
    }

    @Test
    void requestsWithoutAKnownKeyAre401AndReachNoUpstream() {
        int before = users.requests.get();
        try (Http1ClientResponse response = gateway.client.get("/api/users/1").request()) {
            assertThat(response.status().code()).isEqualTo(401);
            assertThat(response.headers().contentType().orElseThrow().text()).startsWith("application/problem+json");
            assertThat(response.headers().first(HeaderNames.WWW_AUTHENTICATE)).isPresent();
        }
        try (Http1ClientResponse response = gateway.client.get("/api/users/1").header(Admission.X_API_KEY, "guess").request()) {
            assertThat(response.status().code()).isEqualTo(401);
        }
        assertThat(users.requests.get()).isEqualTo(before);
    }

    @Test
    void aBearerKeyWorksAndTheConsumerIsForwardedNotSpoofed() {
        try (Http1ClientResponse response = gateway.client.get("/api/users/1")
                .header(HeaderNames.AUTHORIZATION, "Bearer " + GatewayFixture.DEMO_KEY)
                .header(ProxyService.X_CONSUMER, "admin")
                .request()) {
            assertThat(response.status().code()).isEqualTo(200);
            JsonNode headers = Json.parse(response.as(String.class)).path("headers");
            assertThat(headers.path("x-consumer")).hasSize(1);
            assertThat(headers.path("x-consumer").get(0).asText()).isEqualTo("demo");
            assertThat(headers.has("authorization")).isFalse();
        }
    }

    @Test
    void overThePlanIs429WithRateLimitHeaders() {
        int allowed = 0;
        Http1ClientResponse limited = null;
        for (int i = 0; i < 30 && limited == null; i++) {
            Http1ClientResponse response = gateway.client.get("/api/users/1")
                    .header(Admission.X_API_KEY, "faultline-limited-key").request();
            if (response.status().code() == 429) {
                limited = response;
            } else {
                assertThat(response.headers().first(Admission.RATELIMIT_LIMIT)).contains("10");
                assertThat(response.headers().first(Admission.RATELIMIT_REMAINING)).isPresent();
                response.close();
                allowed++;
            }
        }
        assertThat(allowed).isBetween(10, 12);
        try (Http1ClientResponse response = limited) {
            assertThat(response).isNotNull();
            assertThat(response.headers().first(HeaderNames.RETRY_AFTER)).contains("1");
            assertThat(response.headers().first(Admission.RATELIMIT_LIMIT)).contains("10");
            assertThat(response.headers().first(Admission.RATELIMIT_REMAINING)).contains("0");
            assertThat(response.headers().first(Admission.RATELIMIT_RESET)).isPresent();
            assertThat(Json.parse(response.as(String.class)).path("detail").asText()).contains("learner");
        }
    }

    @Test
    void theRegistryIsOnTheAdminSocketOnly() {
        try (Http1ClientResponse registry = gateway.admin.get("/admin/registry").request()) {
            assertThat(registry.status().code()).isEqualTo(200);
            JsonNode services = Json.parse(registry.as(String.class));
            assertThat(services.path("users").get(0).path("url").asText()).isEqualTo(users.url());
            assertThat(services.path("users").get(0).has("inFlight")).isTrue();
        }
        try (Http1ClientResponse onApi = gateway.get("/admin/registry").request()) {
            assertThat(onApi.status().code()).isEqualTo(404);
        }
        try (Http1ClientResponse onApi = gateway.get("/health/ready").request()) {
            assertThat(onApi.status().code()).isEqualTo(404);
        }
    }

    @Test
    void theAccessPolicyIsWhatTheGatewayEnforcesAndOnTheAdminSocketOnly() {
        try (Http1ClientResponse answer = gateway.admin.get(dev.faultline.chaos.model.AdminApi.ACCESS_POLICY).request()) {
            assertThat(answer.status().code()).isEqualTo(200);
            JsonNode policy = Json.parse(answer.as(String.class));
            assertThat(policy.path("mode").asText()).isEqualTo("both");
            assertThat(policy.path("audience").asText()).isEqualTo("faultline-api");
            assertThat(policy.path("algorithms").toString()).isEqualTo("[\"ES256\"]");
            assertThat(policy.path("maxTokenBytes").asInt()).isEqualTo(4096);
            JsonNode orders = null;
            for (JsonNode route : policy.path("routes")) {
                orders = route.path("prefix").asText().equals("/api/orders") ? route : orders;
            }
            assertThat(orders).as(policy.toString()).isNotNull();
            assertThat(orders.path("scopes").path("POST").asText()).isEqualTo("orders:write");
            assertThat(policy.path("checks").findValuesAsText("reason"))
                    .containsSequence("token-too-large", "token-malformed").contains("insufficient-scope", "unknown-key");
            assertThat(policy.toString()).doesNotContain(GatewayFixture.DEMO_KEY);
        }
        try (Http1ClientResponse onApi = gateway.get(dev.faultline.chaos.model.AdminApi.ACCESS_POLICY).request()) {
            assertThat(onApi.status().code()).isEqualTo(404);
        }
    }

    @Test
    void anOversizedBodyIs413() throws IOException {
        String response = raw("POST /api/users HTTP/1.1\r\nHost: x\r\nX-API-Key: " + GatewayFixture.DEMO_KEY
                + "\r\nContent-Length: 2000000\r\n\r\n");
        assertThat(response).startsWith("HTTP/1.1 413");
    }

    @Test
    void oversizedHeadersAreRefused() throws IOException {
        String response = raw("GET /api/users HTTP/1.1\r\nHost: x\r\nX-Big: " + "b".repeat(20_000) + "\r\n\r\n");
        assertThat(response).matches("(?s)HTTP/1.1 4\\d\\d .*");
    }

    @Test
    void aConnectionThatSendsNothingIsDroppedAfterTheIdleTimeout() throws IOException {
        try (Socket socket = new Socket("127.0.0.1", gateway.server.port())) {
            socket.setSoTimeout(8_000);
            long started = System.nanoTime();
            InputStream in = socket.getInputStream();
            while (in.read() != -1) {
                // whatever the server says before closing
            }
            assertThat((System.nanoTime() - started) / 1_000_000).isLessThan(6_000);
        }
    }

    private String raw(String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", gateway.server.port())) {
            socket.setSoTimeout(5_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            return new String(socket.getInputStream().readNBytes(200), StandardCharsets.UTF_8);
        }
    }
}
