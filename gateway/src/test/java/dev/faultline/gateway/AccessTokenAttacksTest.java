package dev.faultline.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.faultline.platform.http.Json;
import io.helidon.http.HeaderNames;
import io.helidon.webclient.http1.Http1ClientRequest;
import io.helidon.webclient.http1.Http1ClientResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The gateway against the attacks on JWT verification that RFC 8725 and its sources list, one row each: every forged,
 * misused or malformed token is refused with the status and reason it deserves (401 invalid_token, 403
 * insufficient_scope, 400 invalid_request), never a 5xx, and the upstream never sees the request. A token's own
 * headers (jku, x5u, jwk) never make the gateway fetch anything.
 */
class AccessTokenAttacksTest {

    private static TestIssuer issuer;
    private static Upstream upstream;
    private static GatewayFixture gateway;
    private static TestIssuer attackerServer;

    @BeforeAll
    static void start() {
        issuer = new TestIssuer();
        attackerServer = new TestIssuer();
        upstream = new Upstream();
        gateway = new GatewayFixture(Stream.concat(Stream.of(issuer.gatewaySettings()), Stream.of(
                "gateway.upstreams.users", upstream.url(), "gateway.upstreams.catalog", upstream.url(),
                "gateway.upstreams.orders", upstream.url(), "gateway.upstreams.shipping", upstream.url()))
                .toArray(String[]::new));
    }

    @AfterAll
    static void stop() {
        gateway.close();
        upstream.close();
        issuer.close();
        attackerServer.close();
    }

    /** One attack: how the request is made, and what the gateway must answer. */
    record Attack(String name, Function<Http1ClientRequest, Http1ClientRequest> request, int status, String reason) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Arguments> attacks() {
        ECKey attacker = TestIssuer.newKey();
        String valid = issuer.token("catalog:read");
        List<String> parts = TestIssuer.parts(valid);
        Instant now = Instant.now();
        return Stream.of(
                new Attack("alg none, no signature", bearer(unsigned("{\"alg\":\"none\",\"typ\":\"at+jwt\"}", parts.get(1), "")),
                        401, "algorithm-not-allowed"),
                new Attack("alg none, the valid token's signature kept", bearer(unsigned("{\"alg\":\"none\",\"typ\":\"at+jwt\"}",
                        parts.get(1), parts.get(2))), 401, "token-malformed"),
                new Attack("HS256 keyed with the issuer's public key", bearer(hmacWithPublicKey()), 401, "algorithm-not-allowed"),
                new Attack("an attacker's key under the issuer's kid", bearer(TestIssuer.sign(issuer.header(),
                        issuer.claims("catalog:read"), attacker)), 401, "bad-signature"),
                new Attack("the attacker's key in the jwk header", bearer(TestIssuer.sign(new JWSHeader.Builder(JWSAlgorithm.ES256)
                        .type(new JOSEObjectType("at+jwt")).jwk(attacker.toPublicJWK()), issuer.claims("catalog:read"), attacker)),
                        401, "bad-signature"),
                new Attack("the attacker's keys by jku", bearer(TestIssuer.sign(new JWSHeader.Builder(JWSAlgorithm.ES256)
                        .type(new JOSEObjectType("at+jwt")).keyID(attacker.getKeyID())
                        .jwkURL(java.net.URI.create(attackerServer.issuer() + "/jwks")), issuer.claims("catalog:read"), attacker)),
                        401, "unknown-key"),
                new Attack("the attacker's certificate by x5u", bearer(TestIssuer.sign(new JWSHeader.Builder(JWSAlgorithm.ES256)
                        .type(new JOSEObjectType("at+jwt")).keyID(attacker.getKeyID())
                        .x509CertURL(java.net.URI.create(attackerServer.issuer() + "/cert.pem")), issuer.claims("catalog:read"),
                        attacker)), 401, "unknown-key"),
                new Attack("kid path traversal", bearer(issuer.token(h -> h.keyID("../../../../dev/null"), c -> { })),
                        401, "unknown-key"),
                new Attack("kid injection", bearer(issuer.token(h -> h.keyID("x' UNION SELECT 'secret"), c -> { })),
                        401, "unknown-key"),
                new Attack("typ JWT", bearer(issuer.token(h -> h.type(JOSEObjectType.JWT), c -> { })), 401, "wrong-token-type"),
                new Attack("no typ", bearer(issuer.token(h -> h.type(null), c -> { })), 401, "wrong-token-type"),
                new Attack("an ID token as an access token", bearer(issuer.token(h -> h.type(JOSEObjectType.JWT),
                        c -> c.audience("shop-app").claim("nonce", "n-0S6_WzA2Mj"))), 401, "wrong-token-type"),
                new Attack("expired beyond the skew", bearer(issuer.token(h -> { }, c -> c.issueTime(at(now, -361))
                        .expirationTime(at(now, -61)))), 401, "token-expired"),
                new Attack("nbf in the future", bearer(issuer.token(h -> { }, c -> c.notBeforeTime(at(now, 120)))),
                        401, "token-not-yet-valid"),
                new Attack("iat in the future", bearer(issuer.token(h -> { }, c -> c.issueTime(at(now, 3_600))
                        .expirationTime(at(now, 3_900)))), 401, "issued-in-the-future"),
                new Attack("a year-long lifetime", bearer(issuer.token(h -> { }, c -> c.expirationTime(at(now, 365 * 86_400)))),
                        401, "lifetime-too-long"),
                new Attack("wrong audience", bearer(issuer.token(h -> { }, c -> c.audience("another-api"))), 401, "wrong-audience"),
                new Attack("wrong issuer", bearer(issuer.token(h -> { }, c -> c.issuer("https://evil.example"))), 401, "wrong-issuer"),
                new Attack("no jti", bearer(issuer.token(h -> { }, c -> c.jwtID(null))), 401, "missing-claim"),
                new Attack("no client_id", bearer(issuer.token(h -> { }, c -> c.claim("client_id", null))), 401, "missing-claim"),
                new Attack("no exp", bearer(issuer.token(h -> { }, c -> c.expirationTime(null))), 401, "missing-claim"),
                new Attack("scope as an array", bearer(issuer.token(h -> { }, c -> c.claim("scope", List.of("catalog:read")))),
                        401, "scope-not-a-string"),
                new Attack("an unknown critical header", bearer(issuer.token(h -> h.criticalParams(Set.of("faultline-x"))
                        .customParam("faultline-x", true), c -> { })), 401, "unknown-critical-header"),
                new Attack("tampered payload", bearer(parts.get(0) + "." + tampered(parts.get(1), "catalog:read",
                        "orders:write") + "." + parts.get(2)), 401, "bad-signature"),
                new Attack("a zero signature (r = s = 0)", bearer(parts.get(0) + "." + parts.get(1) + "."
                        + Base64.getUrlEncoder().withoutPadding().encodeToString(new byte[64])), 401, "bad-signature"),
                new Attack("oversize", bearer(issuer.token(h -> { }, c -> c.claim("padding", "x".repeat(5_000)))),
                        401, "token-too-large"),
                new Attack("not a JWT at all", bearer("a.b.c"), 401, "token-malformed"),
                new Attack("the token in the query string", request -> request.queryParam("access_token", valid), 400,
                        "bad-presentation"),
                new Attack("two Authorization headers", request -> request.header(HeaderNames.AUTHORIZATION, "Bearer " + valid,
                        "Bearer " + valid), 400, "bad-presentation"),
                new Attack("too little scope", bearer(issuer.token("users:read")), 403, "insufficient-scope"))
                .map(Arguments::of);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("attacks")
    void everyAttackIsRefusedWithItsReasonAndNeverReachesTheUpstream(Attack attack) {
        int before = upstream.requests.get();
        int fetchesBefore = attackerServer.requests.get();
        try (Http1ClientResponse response = attack.request().apply(gateway.client.get("/api/products")).request()) {
            String body = response.as(String.class);
            assertThat(response.status().code()).as(body).isEqualTo(attack.status());
            JsonNode problem = Json.parse(body);
            assertThat(problem.path("type").asText()).isEqualTo("https://faultline.dev/problems/" + attack.reason());
            assertThat(problem.path("detail").asText()).isNotBlank();
            assertThat(response.headers().first(HeaderNames.WWW_AUTHENTICATE)).get().asString().startsWith("Bearer")
                    .contains(attack.status() == 403 ? "error=\"insufficient_scope\", scope=\"catalog:read\""
                            : attack.status() == 400 ? "error=\"invalid_request\"" : "error=\"invalid_token\"");
            assertThat(body).as("the problem never echoes the token").doesNotContain(TestIssuer.parts(
                    issuer.token("catalog:read")).get(0) + ".");
        }
        assertThat(upstream.requests.get()).as("requests that reached the upstream").isEqualTo(before);
        assertThat(attackerServer.requests.get()).as("fetches the token's headers caused").isEqualTo(fetchesBefore);
    }

    @Test
    void aValidTokenIsAdmittedAndTheUpstreamLearnsWhoCallsFromTheGatewayOnly() {
        int before = upstream.requests.get();
        try (Http1ClientResponse response = gateway.client.get("/api/products")
                .header(HeaderNames.AUTHORIZATION, "Bearer " + issuer.token("catalog:read orders:read"))
                .header(HeaderNames.create("X-Subject"), "admin").header(HeaderNames.create("X-Scopes"), "everything")
                .request()) {
            JsonNode echo = Json.parse(response.as(String.class));
            assertThat(response.status().code()).as(echo.toString()).isEqualTo(200);
            JsonNode headers = echo.path("headers");
            assertThat(headers.path("x-subject").get(0).asText()).isEqualTo("ada");
            assertThat(headers.path("x-client-id").get(0).asText()).isEqualTo("shop-app");
            assertThat(headers.path("x-consumer").get(0).asText()).isEqualTo("shop-app");
            assertThat(headers.path("x-scopes")).hasSize(1);
            assertThat(Set.of(headers.path("x-scopes").get(0).asText().split(" "))).containsExactlyInAnyOrder("catalog:read",
                    "orders:read");
            assertThat(headers.has("authorization")).as("the token stays at the gateway").isFalse();
        }
        assertThat(upstream.requests.get()).isEqualTo(before + 1);
    }

    @Test
    void aTokenJustInsideTheClockSkewIsAdmitted() {
        Instant now = Instant.now();
        String token = issuer.token(h -> { }, c -> c.issueTime(at(now, -359)).expirationTime(at(now, -50)));
        try (Http1ClientResponse response = gateway.client.get("/api/products")
                .header(HeaderNames.AUTHORIZATION, "Bearer " + token).request()) {
            assertThat(response.status().code()).as(response.as(String.class)).isEqualTo(200);
        }
    }

    @Test
    void theDemoApiKeyStillWorksBesideTokens() {
        try (Http1ClientResponse response = gateway.get("/api/products").request()) {
            assertThat(response.status().code()).isEqualTo(200);
        }
    }

    @Test
    void rejectionsAreCountedByReasonAndNoTokenReachesTheMetrics() {
        String token = issuer.token(h -> h.type(JOSEObjectType.JWT), c -> { });
        try (Http1ClientResponse ignored = gateway.client.get("/api/products")
                .header(HeaderNames.AUTHORIZATION, "Bearer " + token).request()) {
            assertThat(ignored.status().code()).isEqualTo(401);
        }
        String metrics = gateway.admin.get("/metrics").requestEntity(String.class);
        assertThat(metrics).containsPattern("faultline_auth_rejections_total\\{reason=\"wrong-token-type\"\\} [1-9]")
                .contains("faultline_auth_key_fetches_total{outcome=\"ok\"}")
                .doesNotContain(TestIssuer.parts(token).get(2));
    }

    private static Function<Http1ClientRequest, Http1ClientRequest> bearer(String token) {
        return request -> request.header(HeaderNames.AUTHORIZATION, "Bearer " + token);
    }

    private static Date at(Instant now, long seconds) {
        return Date.from(now.plusSeconds(seconds));
    }

    private static String unsigned(String header, String payload, String signature) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(header.getBytes(StandardCharsets.UTF_8)) + "."
                + payload + "." + signature;
    }

    /** A token part decoded, a text in it replaced, encoded again. */
    private static String tampered(String part, String from, String to) {
        String json = new String(Base64.getUrlDecoder().decode(part), StandardCharsets.UTF_8);
        assertThat(json).contains(from);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.replace(from, to).getBytes(StandardCharsets.UTF_8));
    }

    /** The key-confusion attack: HS256 whose secret is the issuer's public key as published. */
    private static String hmacWithPublicKey() {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).type(new JOSEObjectType("at+jwt"))
                    .keyID(issuer.key.getKeyID()).build(), issuer.claims("catalog:read").build());
            jwt.sign(new MACSigner(issuer.key.toPublicJWK().toJSONString().getBytes(StandardCharsets.UTF_8)));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }
}
