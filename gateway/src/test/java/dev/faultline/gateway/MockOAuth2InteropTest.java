package dev.faultline.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.nimbusds.jwt.SignedJWT;
import dev.faultline.platform.http.Json;
import io.helidon.http.HeaderNames;
import io.helidon.webclient.http1.Http1ClientResponse;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.OAuth2Config;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import no.nav.security.mock.oauth2.token.KeyProvider;
import no.nav.security.mock.oauth2.token.OAuth2TokenProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The gateway with an OAuth 2.0 / OpenID Connect server it was not written with (NAV's mock-oauth2-server), configured
 * only by that server's OpenID discovery address: access tokens from its token endpoint open what their scope
 * covers, and the plain JWTs it issues by default (typ JWT, no audience for this API) are refused for what they are.
 */
class MockOAuth2InteropTest {

    private static final String ISSUER_ID = "faultline";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static MockOAuth2Server server;
    private static Upstream upstream;
    private static GatewayFixture gateway;

    @BeforeAll
    static void start() throws IOException {
        server = new MockOAuth2Server(new OAuth2Config(false, null, null, false,
                new OAuth2TokenProvider(new KeyProvider(List.of(), "ES256")), Set.of()));
        server.start(InetAddress.getByName("127.0.0.1"), 0);
        upstream = new Upstream();
        gateway = new GatewayFixture("gateway.auth.discovery", base() + "/.well-known/openid-configuration",
                "gateway.upstreams.users", upstream.url(), "gateway.upstreams.catalog", upstream.url(),
                "gateway.upstreams.orders", upstream.url(), "gateway.upstreams.shipping", upstream.url());
    }

    @AfterAll
    static void stop() throws IOException {
        if (gateway != null) {
            gateway.close();
        }
        if (upstream != null) {
            upstream.close();
        }
        if (server != null) {
            server.shutdown();
        }
    }

    @Test
    void anAccessTokenFromItsTokenEndpointOpensWhatItsScopeCovers() throws Exception {
        server.enqueueCallback(new DefaultOAuth2TokenCallback(ISSUER_ID, "catalog-reader", "at+jwt", List.of("faultline-api"),
                Map.of("client_id", "catalog-reader", "scope", "catalog:read"), 300));
        String token = clientCredentials("catalog-reader");
        assertThat(SignedJWT.parse(token).getHeader().getAlgorithm().getName()).isEqualTo("ES256");

        try (Http1ClientResponse products = get(token)) {
            assertThat(products.status().code()).as(products.as(String.class)).isEqualTo(200);
        }
        server.enqueueCallback(new DefaultOAuth2TokenCallback(ISSUER_ID, "catalog-reader", "at+jwt", List.of("faultline-api"),
                Map.of("client_id", "catalog-reader", "scope", "catalog:read"), 300));
        try (Http1ClientResponse order = gateway.client.post("/api/orders")
                .header(HeaderNames.AUTHORIZATION, "Bearer " + clientCredentials("catalog-reader")).submit("{}")) {
            assertThat(order.status().code()).isEqualTo(403);
            assertThat(order.headers().first(HeaderNames.WWW_AUTHENTICATE)).get().asString()
                    .contains("scope=\"orders:write\"");
        }
    }

    @Test
    void itsDefaultTokensAreNotAccessTokensForThisApiAndAreRefusedForThat() throws Exception {
        String token = clientCredentials("someone");

        try (Http1ClientResponse refused = get(token)) {
            assertThat(refused.status().code()).isEqualTo(401);
            assertThat(Json.parse(refused.as(String.class)).path("type").asText()).endsWith("/wrong-token-type");
        }
    }

    /** A token from the server's token endpoint by the client credentials grant, as any client would ask. */
    private static String clientCredentials(String client) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(base() + "/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials&client_id=" + client
                        + "&client_secret=any&scope=catalog:read")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return Json.parse(response.body()).path("access_token").asText();
    }

    private static Http1ClientResponse get(String token) {
        return gateway.client.get("/api/products").header(HeaderNames.AUTHORIZATION, "Bearer " + token).request();
    }

    /** The issuer's address as the gateway and clients ask it (the server takes its issuer from the Host header). */
    private static String base() {
        return "http://127.0.0.1:" + server.baseUrl().port() + "/" + ISSUER_ID;
    }
}
