package dev.faultline.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jwt.SignedJWT;
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
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpServer;
import org.junit.jupiter.api.Test;

/**
 * The authorization code flow with PKCE as a browser and a public client go through it: the persona page, the
 * decision posted from the issuer's own page, the code redeemed once with its verifier, refresh tokens rotated and a
 * replayed one revoking its sign-in; every request that does not check out refused with nothing issued.
 */
@ServerTest
class AuthorizationCodeFlowTest {

    private static final Path DATA = TestServices.dataDir("auth-code");
    private static final String ISSUER = "http://127.0.0.1:8087";
    private static final String CLIENT = "shop-app";
    private static final String REDIRECT = "http://127.0.0.1:8765/callback";
    private static final String VERIFIER = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
    private static final HttpMediaType FORM = HttpMediaType.create("application/x-www-form-urlencoded");
    private static final Pattern REQUEST = Pattern.compile("name=\"request\" value=\"([^\"]+)\"");

    private final Http1Client browser;

    AuthorizationCodeFlowTest(WebServer server) {
        this.browser = Http1Client.builder().baseUri("http://127.0.0.1:" + server.port()).followRedirects(false).build();
    }

    @SetUpServer
    static void server(WebServerConfig.Builder server) {
        ProcessContext context = TestServices.context("auth", TestServices.config(DATA));
        ServiceServer.configure(server, context, Main.parts(context));
    }

    @Test
    void aPersonSignsInTheClientRedeemsTheCodeOnceAndItsRefreshTokensRotate() throws Exception {
        String page = page("catalog:read orders:write", AuthorizationCodes.s256(VERIFIER));
        assertThat(page).contains("Ada, a customer").contains("Grace, who only browses").contains("shop-app");

        Map<String, String> back = decide(requestId(page), "ada", ISSUER);
        assertThat(back).containsEntry("state", "xyz").containsEntry("iss", ISSUER).containsKey("code");
        String code = back.get("code");

        JsonNode tokens = token("grant_type=authorization_code&client_id=" + CLIENT + "&code=" + code + "&redirect_uri="
                + encode(REDIRECT) + "&code_verifier=" + VERIFIER, 200);
        var claims = SignedJWT.parse(tokens.path("access_token").asText()).getJWTClaimsSet();
        assertThat(claims.getSubject()).isEqualTo("ada");
        assertThat(claims.getClaim("client_id")).isEqualTo(CLIENT);
        assertThat(claims.getClaim("scope")).isEqualTo("catalog:read orders:write");
        String refresh = tokens.path("refresh_token").asText();
        assertThat(refresh).isNotBlank();
        assertThat(tokens.has("id_token")).as("no openid scope, no ID token").isFalse();

        JsonNode replayed = token("grant_type=authorization_code&client_id=" + CLIENT + "&code=" + code + "&redirect_uri="
                + encode(REDIRECT) + "&code_verifier=" + VERIFIER, 400);
        assertThat(replayed.path("error").asText()).isEqualTo("invalid_grant");
        assertThat(replayed.path("error_description").asText()).contains("used before");
        assertThat(token("grant_type=refresh_token&client_id=" + CLIENT + "&refresh_token=" + refresh, 400)
                .path("error_description").asText()).as("the code's replay revoked its sign-in").contains("revoked");
    }

    /**
     * OpenID Connect: discovery at its well-known path names the same issuer and keys, and a sign-in asked with the
     * openid scope brings an ID token for the client alone, with the request's nonce, signed by a published key.
     */
    @Test
    void anOpenIdSignInBringsAnIdTokenForTheClientWithItsNonceAndDiscoveryDescribesIt() throws Exception {
        JsonNode discovery;
        try (Http1ClientResponse answer = browser.get(MetadataService.OPENID_CONFIGURATION).request()) {
            discovery = Json.parse(answer.as(String.class));
        }
        assertThat(discovery.path("issuer").asText()).isEqualTo(ISSUER);
        assertThat(discovery.path("jwks_uri").asText()).isEqualTo(ISSUER + MetadataService.JWKS);
        assertThat(discovery.path("id_token_signing_alg_values_supported").toString()).contains("ES256");
        assertThat(discovery.path("scopes_supported").toString()).contains("openid");

        String nonce = "n-0S6_WzA2Mj";
        String page;
        try (Http1ClientResponse shown = authorizeRequest("openid catalog:read", AuthorizationCodes.s256(VERIFIER))
                .queryParam("nonce", nonce).request()) {
            page = shown.as(String.class);
        }
        String code = decide(requestId(page), "ada", ISSUER).get("code");
        JsonNode tokens = token("grant_type=authorization_code&client_id=" + CLIENT + "&code=" + code + "&redirect_uri="
                + encode(REDIRECT) + "&code_verifier=" + VERIFIER, 200);

        SignedJWT id = SignedJWT.parse(tokens.path("id_token").asText());
        assertThat(id.getHeader().getType()).isEqualTo(com.nimbusds.jose.JOSEObjectType.JWT);
        com.nimbusds.jose.jwk.JWKSet keys;
        try (Http1ClientResponse answer = browser.get(MetadataService.JWKS).request()) {
            keys = com.nimbusds.jose.jwk.JWKSet.parse(answer.as(String.class));
        }
        assertThat(id.verify(new com.nimbusds.jose.crypto.ECDSAVerifier(keys.getKeyByKeyId(id.getHeader().getKeyID())
                .toECKey()))).isTrue();
        var claims = id.getJWTClaimsSet();
        assertThat(claims.getIssuer()).isEqualTo(ISSUER);
        assertThat(claims.getSubject()).isEqualTo("ada");
        assertThat(claims.getAudience()).containsExactly(CLIENT);
        assertThat(claims.getClaim("nonce")).isEqualTo(nonce);
        assertThat(claims.getLongClaim("auth_time")).isLessThanOrEqualTo(claims.getIssueTime().getTime() / 1000);
        assertThat(claims.getExpirationTime()).isAfter(claims.getIssueTime());
        assertThat(SignedJWT.parse(tokens.path("access_token").asText()).getJWTClaimsSet().getClaim("scope"))
                .isEqualTo("openid catalog:read");
    }

    @Test
    void aNonceLongerThanTheIssuerKeepsIsRefusedBeforeAnyoneSignsIn() {
        try (Http1ClientResponse refused = authorizeRequest("openid", AuthorizationCodes.s256(VERIFIER))
                .queryParam("nonce", "n".repeat(IdTokens.MAX_NONCE + 1)).request()) {
            assertThat(refused.status().code()).isEqualTo(303);
            assertThat(query(refused.headers().first(HeaderNames.LOCATION).orElseThrow()))
                    .containsEntry("error", "invalid_request").containsEntry("state", "xyz");
        }
    }

    @Test
    void aRefreshTokenRotatesAndAnOldOneUsedAgainRevokesTheSignIn() throws Exception {
        String first = signIn("grace").path("refresh_token").asText();

        JsonNode rotated = token("grant_type=refresh_token&client_id=" + CLIENT + "&refresh_token=" + first, 200);
        String second = rotated.path("refresh_token").asText();
        assertThat(second).isNotEqualTo(first);
        assertThat(SignedJWT.parse(rotated.path("access_token").asText()).getJWTClaimsSet().getSubject()).isEqualTo("grace");

        assertThat(token("grant_type=refresh_token&client_id=" + CLIENT + "&refresh_token=" + first, 400)
                .path("error_description").asText()).contains("used before");
        assertThat(token("grant_type=refresh_token&client_id=" + CLIENT + "&refresh_token=" + second, 400)
                .path("error_description").asText()).as("the whole sign-in, not only the old token").contains("revoked");
    }

    @Test
    void aCodeNeedsItsVerifierItsClientAndItsRedirectUri() throws Exception {
        String code = decide(requestId(page("catalog:read", AuthorizationCodes.s256(VERIFIER))), "ada", ISSUER).get("code");
        String wrongVerifier = VERIFIER.replace('d', 'e');

        JsonNode refused = token("grant_type=authorization_code&client_id=" + CLIENT + "&code=" + code + "&redirect_uri="
                + encode(REDIRECT) + "&code_verifier=" + wrongVerifier, 400);
        assertThat(refused.path("error").asText()).isEqualTo("invalid_grant");
        assertThat(refused.path("error_description").asText()).contains("code_challenge");
        assertThat(refused.toString()).doesNotContain("access_token");

        String another = decide(requestId(page("catalog:read", AuthorizationCodes.s256(VERIFIER))), "ada", ISSUER).get("code");
        assertThat(token("grant_type=authorization_code&client_id=" + CLIENT + "&code=" + another
                + "&redirect_uri=" + encode("http://127.0.0.1:8765/other") + "&code_verifier=" + VERIFIER, 400)
                .path("error_description").asText()).contains("redirect_uri");
        assertThat(token("grant_type=client_credentials&client_id=" + CLIENT, 400).path("error").asText())
                .as("a public client has no secret to prove itself with").isEqualTo("unauthorized_client");
    }

    @Test
    void theEndpointSendsNoOneToAnUnregisteredAddressAndRequiresPkce() {
        try (Http1ClientResponse foreign = browser.get(AuthorizeService.PATH).queryParam("response_type", "code")
                .queryParam("client_id", CLIENT).queryParam("redirect_uri", "https://evil.example/cb")
                .queryParam("code_challenge", AuthorizationCodes.s256(VERIFIER)).queryParam("code_challenge_method", "S256")
                .request()) {
            assertThat(foreign.status().code()).isEqualTo(400);
            assertThat(foreign.headers().first(HeaderNames.LOCATION)).isEmpty();
        }
        try (Http1ClientResponse plain = browser.get(AuthorizeService.PATH).queryParam("response_type", "code")
                .queryParam("client_id", CLIENT).queryParam("redirect_uri", REDIRECT).queryParam("state", "s")
                .queryParam("code_challenge", VERIFIER).queryParam("code_challenge_method", "plain").request()) {
            assertThat(plain.status().code()).isEqualTo(303);
            assertThat(query(plain.headers().first(HeaderNames.LOCATION).orElseThrow()))
                    .containsEntry("error", "invalid_request").containsEntry("state", "s");
        }
    }

    @Test
    void theDecisionIsTakenFromTheIssuersOwnPageOnceAndThePageCannotBeFramed() {
        String page;
        try (Http1ClientResponse shown = authorize("catalog:read", AuthorizationCodes.s256(VERIFIER))) {
            assertThat(shown.headers().first(HeaderNames.create("Content-Security-Policy")).orElseThrow())
                    .contains("frame-ancestors 'none'");
            assertThat(shown.headers().first(HeaderNames.CACHE_CONTROL)).contains("no-store");
            page = shown.as(String.class);
        }
        String request = requestId(page);

        try (Http1ClientResponse forged = post(request, "ada", "https://evil.example")) {
            assertThat(forged.status().code()).isEqualTo(403);
        }
        try (Http1ClientResponse noOrigin = browser.post(AuthorizeService.PATH).contentType(FORM)
                .submit("request=" + request + "&persona=ada")) {
            assertThat(noOrigin.status().code()).isEqualTo(403);
        }
        assertThat(decide(request, "ada", ISSUER)).containsKey("code");
        try (Http1ClientResponse again = post(request, "ada", ISSUER)) {
            assertThat(again.status().code()).as("the request id is single-use").isEqualTo(400);
        }
        assertThat(decide(requestId(page("catalog:read", AuthorizationCodes.s256(VERIFIER))), "", ISSUER))
                .containsEntry("error", "access_denied");
    }

    @Test
    void signInPagesShowingAtOnceAreBoundedAndUsingOneFreesItsPlace() {
        java.util.List<String> showing = new java.util.ArrayList<>();
        try {
            for (int i = 0; i < AuthorizeService.MAX_PENDING + 1; i++) {
                try (Http1ClientResponse page = authorize("catalog:read", AuthorizationCodes.s256(VERIFIER))) {
                    if (page.status().code() == 503) {
                        assertThat(page.headers().first(HeaderNames.RETRY_AFTER)).isPresent();
                        break;
                    }
                    showing.add(requestId(page.as(String.class)));
                }
            }
            assertThat(showing).as("other tests' pages may be showing too").hasSizeLessThanOrEqualTo(AuthorizeService.MAX_PENDING);
            try (Http1ClientResponse refused = authorize("catalog:read", AuthorizationCodes.s256(VERIFIER))) {
                assertThat(refused.status().code()).isEqualTo(503);
            }
            assertThat(decide(showing.removeLast(), "ada", ISSUER)).containsKey("code");
            showing.add(requestId(page("catalog:read", AuthorizationCodes.s256(VERIFIER))));
        } finally {
            // the pages this test left showing would crowd out the other tests': each is denied, which ends it
            showing.forEach(request -> post(request, "", ISSUER).close());
        }
    }

    private JsonNode signIn(String persona) throws Exception {
        String code = decide(requestId(page("catalog:read", AuthorizationCodes.s256(VERIFIER))), persona, ISSUER).get("code");
        return token("grant_type=authorization_code&client_id=" + CLIENT + "&code=" + code + "&redirect_uri="
                + encode(REDIRECT) + "&code_verifier=" + VERIFIER, 200);
    }

    private String page(String scope, String challenge) {
        try (Http1ClientResponse shown = authorize(scope, challenge)) {
            String text = shown.as(String.class);
            assertThat(shown.status().code()).as(text).isEqualTo(200);
            return text;
        }
    }

    private Http1ClientResponse authorize(String scope, String challenge) {
        return authorizeRequest(scope, challenge).request();
    }

    private io.helidon.webclient.http1.Http1ClientRequest authorizeRequest(String scope, String challenge) {
        return browser.get(AuthorizeService.PATH).queryParam("response_type", "code").queryParam("client_id", CLIENT)
                .queryParam("redirect_uri", REDIRECT).queryParam("scope", scope).queryParam("state", "xyz")
                .queryParam("code_challenge", challenge).queryParam("code_challenge_method", "S256");
    }

    private Map<String, String> decide(String request, String persona, String origin) {
        try (Http1ClientResponse decided = post(request, persona, origin)) {
            if (decided.status().code() != 303) {
                throw new AssertionError("expected a redirect, got " + decided.status() + ": " + decided.as(String.class));
            }
            String location = decided.headers().first(HeaderNames.LOCATION).orElseThrow();
            assertThat(location).startsWith(REDIRECT + "?");
            return query(location);
        }
    }

    private Http1ClientResponse post(String request, String persona, String origin) {
        return browser.post(AuthorizeService.PATH).header(HeaderNames.ORIGIN, origin).contentType(FORM)
                .submit("request=" + encode(request) + "&persona=" + encode(persona));
    }

    private JsonNode token(String form, int status) {
        try (Http1ClientResponse response = browser.post("/token").contentType(FORM).submit(form)) {
            String text = response.as(String.class);
            assertThat(response.status().code()).as(text).isEqualTo(status);
            return Json.parse(text);
        }
    }

    private static String requestId(String page) {
        Matcher matcher = REQUEST.matcher(page);
        assertThat(matcher.find()).as(page).isTrue();
        return matcher.group(1);
    }

    private static Map<String, String> query(String location) {
        Map<String, String> query = new LinkedHashMap<>();
        for (String pair : URI.create(location).getRawQuery().split("&")) {
            int eq = pair.indexOf('=');
            query.put(pair.substring(0, eq), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return query;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
