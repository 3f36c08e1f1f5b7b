package dev.faultline.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.SignedJWT;
import dev.faultline.chaos.model.AdminApi;
import dev.faultline.platform.ProcessContext;
import dev.faultline.platform.ServiceServer;
import dev.faultline.platform.TestServices;
import dev.faultline.platform.http.Json;
import io.helidon.http.HeaderNames;
import io.helidon.http.HttpMediaType;
import io.helidon.webclient.http1.Http1Client;
import io.helidon.webclient.http1.Http1ClientResponse;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpServer;
import io.helidon.webserver.testing.junit5.Socket;
import org.junit.jupiter.api.Test;

/**
 * A rotation asked on the admin socket: only with the admin token; the new key published at once and signing after
 * the configured lead (the default five minutes: tokens keep the old kid meanwhile); one rotation at a time; bad
 * input refused with nothing changed. One test, as a rotation changes the issuer for what follows.
 */
@ServerTest
class KeysEndpointTest {

    private static final String TOKEN = "test-admin-token";
    private static final Path DATA = TestServices.dataDir("auth-keys");

    private final Http1Client api;
    private final Http1Client admin;

    KeysEndpointTest(Http1Client api, @Socket(ServiceServer.ADMIN_SOCKET) Http1Client admin) {
        this.api = api;
        this.admin = admin;
    }

    @SetUpServer
    static void server(WebServerConfig.Builder server) {
        ProcessContext context = TestServices.context("auth", TestServices.config(DATA, "faultline.admin.token", TOKEN));
        ServiceServer.configure(server, context, Main.parts(context));
    }

    @Test
    void aRotationPublishesTheNewKeyAtOnceAndKeepsSigningWithTheOldOneThroughTheLead() throws Exception {
        String old = keys().path("signing").asText();

        try (Http1ClientResponse refused = admin.post(AdminApi.KEYS_ROTATE).request()) {
            assertThat(refused.status().code()).isEqualTo(401);
        }
        try (Http1ClientResponse refused = rotate("{\"leadSeconds\": -1}")) {
            assertThat(refused.status().code()).isEqualTo(400);
            assertThat(refused.as(String.class)).contains("leadSeconds");
        }
        assertThat(published()).as("nothing changed").hasSize(1);

        JsonNode rotation;
        try (Http1ClientResponse response = admin.post(AdminApi.KEYS_ROTATE)
                .header(HeaderNames.AUTHORIZATION, "Bearer " + TOKEN).request()) {
            rotation = Json.parse(response.as(String.class));
            assertThat(response.status().code()).as(rotation.toString()).isEqualTo(200);
        }
        assertThat(rotation.path("previousKid").asText()).isEqualTo(old);
        String kid = rotation.path("kid").asText();
        assertThat(Duration.between(Instant.parse(rotation.path("published").asText()),
                Instant.parse(rotation.path("signsFrom").asText()))).hasMinutes(5);

        assertThat(published()).containsExactly(old, kid);
        assertThat(SignedJWT.parse(token()).getHeader().getKeyID()).as("the lead is not over").isEqualTo(old);
        JsonNode state = keys();
        assertThat(state.path("signing").asText()).isEqualTo(old);
        assertThat(state.path("rotation").path("kid").asText()).isEqualTo(kid);
        assertThat(state.toString()).doesNotContain("\"d\"");

        try (Http1ClientResponse again = rotate("{\"leadSeconds\": 0}")) {
            assertThat(again.status().code()).isEqualTo(409);
            assertThat(again.as(String.class)).contains("under way").contains(kid);
        }
        assertThat(published()).hasSize(2);
        assertThat(admin.get("/metrics").requestEntity(String.class))
                .contains("faultline_auth_published_keys 2.0").contains("faultline_auth_signing_key_age_seconds");
    }

    private Http1ClientResponse rotate(String body) {
        return admin.post(AdminApi.KEYS_ROTATE).header(HeaderNames.AUTHORIZATION, "Bearer " + TOKEN)
                .contentType(HttpMediaType.create("application/json")).submit(body);
    }

    private JsonNode keys() {
        return Json.parse(admin.get(KeysEndpoint.PATH).requestEntity(String.class));
    }

    private List<String> published() throws Exception {
        return JWKSet.parse(api.get(MetadataService.JWKS).requestEntity(String.class)).getKeys().stream()
                .map(JWK::getKeyID).toList();
    }

    private String token() {
        try (Http1ClientResponse response = api.post("/token")
                .header(HeaderNames.AUTHORIZATION, "Basic " + Base64.getEncoder().encodeToString(
                        "catalog-reader:catalog-reader-secret".getBytes(StandardCharsets.UTF_8)))
                .contentType(HttpMediaType.create("application/x-www-form-urlencoded")).submit("grant_type=client_credentials")) {
            return Json.parse(response.as(String.class)).path("access_token").asText();
        }
    }
}
