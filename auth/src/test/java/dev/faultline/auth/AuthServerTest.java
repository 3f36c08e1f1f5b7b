package dev.faultline.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.Base64;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.SignedJWT;
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
import org.junit.jupiter.api.Test;

/**
 * The authorization server as a client and the gateway see it: its metadata names the configured issuer whatever
 * Host is asked, its JWK set has public keys only, the client credentials grant issues RFC 9068 tokens signed by the
 * published key, and every bad request gets RFC 6749's error, with nothing issued. Its key file is its owner's only.
 */
@ServerTest
class AuthServerTest {

    private static final Path DATA = TestServices.dataDir("auth");
    private static final HttpMediaType FORM = HttpMediaType.create("application/x-www-form-urlencoded");

    private final Http1Client api;

    AuthServerTest(Http1Client api) {
        this.api = api;
    }

    @SetUpServer
    static void server(WebServerConfig.Builder server) {
        ProcessContext context = TestServices.context("auth", TestServices.config(DATA));
        ServiceServer.configure(server, context, Main.parts(context));
    }

    @Test
    void theMetadataNamesTheConfiguredIssuerWhateverHostIsAsked() {
        JsonNode metadata = Json.parse(api.get(MetadataService.METADATA).header(HeaderNames.HOST, "evil.example")
                .requestEntity(String.class));
        assertThat(metadata.path("issuer").asText()).isEqualTo("http://127.0.0.1:8087");
        assertThat(metadata.path("jwks_uri").asText()).isEqualTo("http://127.0.0.1:8087/jwks");
        assertThat(metadata.path("grant_types_supported").toString())
                .isEqualTo("[\"client_credentials\",\"authorization_code\",\"refresh_token\"]");
        assertThat(metadata.path("code_challenge_methods_supported").toString()).isEqualTo("[\"S256\"]");
    }

    @Test
    void theKeySetHasPublicKeysOnlyAndItsKidIsTheThumbprint() throws Exception {
        JWKSet published = JWKSet.parse(api.get(MetadataService.JWKS).requestEntity(String.class));
        assertThat(published.getKeys()).hasSize(1).allSatisfy(key -> {
            assertThat(key.isPrivate()).isFalse();
            assertThat(key.getKeyID()).isEqualTo(key.computeThumbprint().toString());
        });
        assertThat(api.get(MetadataService.JWKS).requestEntity(String.class)).doesNotContain("\"d\"");
    }

    @Test
    void clientCredentialsIssueAnAccessTokenSignedByThePublishedKey() throws Exception {
        try (Http1ClientResponse response = token("faultline-cli", "faultline-demo-secret", "grant_type=client_credentials&scope=catalog:read%20orders:write")) {
            String text = response.as(String.class);
            assertThat(response.status().code()).as(text).isEqualTo(200);
            assertThat(response.headers().first(HeaderNames.CACHE_CONTROL)).contains("no-store");
            JsonNode body = Json.parse(text);
            assertThat(body.path("token_type").asText()).isEqualTo("Bearer");
            assertThat(body.path("expires_in").asInt()).isEqualTo(300);
            assertThat(body.path("scope").asText()).isEqualTo("catalog:read orders:write");
            SignedJWT jwt = SignedJWT.parse(body.path("access_token").asText());
            ECKey key = JWKSet.parse(api.get(MetadataService.JWKS).requestEntity(String.class)).getKeys().getFirst().toECKey();
            assertThat(jwt.verify(new ECDSAVerifier(key))).isTrue();
            assertThat(jwt.getHeader().getType().getType()).isEqualTo("at+jwt");
            assertThat(jwt.getHeader().getKeyID()).isEqualTo(key.getKeyID());
            var claims = jwt.getJWTClaimsSet();
            assertThat(claims.getIssuer()).isEqualTo("http://127.0.0.1:8087");
            assertThat(claims.getAudience()).containsExactly("faultline-api");
            assertThat(claims.getSubject()).isEqualTo("faultline-cli");
            assertThat(claims.getClaim("client_id")).isEqualTo("faultline-cli");
            assertThat(claims.getClaim("scope")).isEqualTo("catalog:read orders:write");
            assertThat(claims.getJWTID()).isNotBlank();
            assertThat(claims.getExpirationTime().getTime() - claims.getIssueTime().getTime()).isEqualTo(300_000L);
        }
    }

    @Test
    void everyBadRequestGetsItsErrorAndNoToken() {
        expectError(token("faultline-cli", "wrong", "grant_type=client_credentials"), 401, "invalid_client");
        expectError(token("nobody", "faultline-demo-secret", "grant_type=client_credentials"), 401, "invalid_client");
        expectError(token("catalog-reader", "catalog-reader-secret", "grant_type=client_credentials&scope=orders:write"),
                400, "invalid_scope");
        expectError(token("faultline-cli", "faultline-demo-secret", "grant_type=password&username=a&password=b"), 400,
                "unsupported_grant_type");
        expectError(token("faultline-cli", "faultline-demo-secret", "scope=catalog:read"), 400, "invalid_request");
        expectError(token("faultline-cli", "faultline-demo-secret", "grant_type=client_credentials&grant_type=client_credentials"),
                400, "invalid_request");
        expectError(api.post("/token").contentType(FORM).submit("grant_type=client_credentials&client_id=faultline-cli"
                + "&client_secret=faultline-demo-secret&client_id=x"), 400, "invalid_request");
        expectError(api.post("/token").header(HeaderNames.CONTENT_TYPE, "application/json")
                .submit("{\"grant_type\": \"client_credentials\"}"), 400, "invalid_request");
    }

    @Test
    void aClientMayAuthenticateInTheFormInstead() {
        try (Http1ClientResponse response = api.post("/token").contentType(FORM).submit(
                "grant_type=client_credentials&client_id=catalog-reader&client_secret=catalog-reader-secret")) {
            assertThat(response.status().code()).isEqualTo(200);
            assertThat(Json.parse(response.as(String.class)).path("scope").asText()).isEqualTo("catalog:read");
        }
    }

    @Test
    void theSigningKeysAreTheOwnersOnlyAndSurviveARestart() throws Exception {
        Path file = DATA.resolve(SigningKeys.FILE);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(DATA))).isEqualTo("rwx------");
        String kid = JWKSet.parse(api.get(MetadataService.JWKS).requestEntity(String.class)).getKeys().getFirst().getKeyID();
        assertThat(SigningKeys.open(DATA, Clock.systemUTC()).signing().getKeyID()).isEqualTo(kid);
    }

    private Http1ClientResponse token(String client, String secret, String form) {
        String basic = Base64.getEncoder().encodeToString((client + ":" + secret).getBytes(StandardCharsets.UTF_8));
        return api.post("/token").header(HeaderNames.AUTHORIZATION, "Basic " + basic).contentType(FORM).submit(form);
    }

    private static void expectError(Http1ClientResponse response, int status, String error) {
        try (response) {
            String text = response.as(String.class);
            assertThat(response.status().code()).as(text).isEqualTo(status);
            assertThat(Json.parse(text).path("error").asText()).as(text).isEqualTo(error);
            assertThat(text).doesNotContain("access_token");
            assertThat(response.headers().first(HeaderNames.CACHE_CONTROL)).contains("no-store");
        }
    }
}
