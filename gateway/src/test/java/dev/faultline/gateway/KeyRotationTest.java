package dev.faultline.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.nimbusds.jwt.SignedJWT;
import dev.faultline.platform.http.Json;
import io.helidon.http.HeaderNames;
import io.helidon.webclient.http1.Http1ClientResponse;
import org.junit.jupiter.api.Test;

/**
 * Rotating the issuer's signing key, with the real issuer, as the gateway sees it. Done right (the new key published
 * for longer than the gateway caches the key set before it signs) no token is refused, even at a gateway that never
 * fetches keys for an unknown kid. Done wrong (signing at once) such a gateway refuses every new token until its
 * cache expires; the default gateway, which fetches the keys again for an unknown kid (OpenID Connect Core 10.1.1),
 * lets them through at the price of one fetch.
 */
class KeyRotationTest {

    /** The gateway's key cache here: short, so that its expiry can be waited for. */
    private static final Duration CACHE = Duration.ofSeconds(2);
    private static final Pattern UNKNOWN_KEY = Pattern.compile("faultline_auth_rejections_total\\{reason=\"unknown-key\"\\} (\\S+)");
    private static final Pattern FETCHED = Pattern.compile("faultline_auth_key_fetches_total\\{outcome=\"ok\"\\} (\\S+)");
    private static final Pattern KEYS_AGE = Pattern.compile("(?m)^faultline_auth_keys_fetched_age_seconds (\\S+)");

    @Test
    void signingAtOnceGetsNewTokensRefusedUntilAGatewaysCacheExpiresWhileOldTokensStillPass() throws Exception {
        try (RealIssuer issuer = new RealIssuer("auth-sign-first");
             Upstream upstream = new Upstream();
             GatewayFixture gateway = new GatewayFixture(strict(issuer, upstream))) {
            String old = token(issuer);
            assertThat(status(gateway, old)).as("the gateway fetches the keys for this one").isEqualTo(200);

            String kid = issuer.rotate(Duration.ZERO);
            String fresh = token(issuer);
            assertThat(SignedJWT.parse(fresh).getHeader().getKeyID()).isEqualTo(kid);

            try (Http1ClientResponse refused = get(gateway, fresh)) {
                assertThat(refused.status().code()).isEqualTo(401);
                assertThat(Json.parse(refused.as(String.class)).path("type").asText()).endsWith("/unknown-key");
            }
            assertThat(status(gateway, old)).as("tokens of the old key still pass").isEqualTo(200);
            await().atMost(CACHE.multipliedBy(5)).pollInterval(Duration.ofMillis(200))
                    .until(() -> status(gateway, fresh) == 200);
            assertThat(metric(gateway, UNKNOWN_KEY)).isPositive();
        }
    }

    @Test
    void publishedLongerThanTheCacheBeforeItSignsTheNewKeyGetsNoTokenRefused() throws Exception {
        try (RealIssuer issuer = new RealIssuer("auth-publish-first");
             Upstream upstream = new Upstream();
             GatewayFixture gateway = new GatewayFixture(strict(issuer, upstream))) {
            String old = token(issuer);
            assertThat(status(gateway, old)).isEqualTo(200);

            String kid = issuer.rotate(CACHE.multipliedBy(2));

            List<Integer> statuses = new ArrayList<>();
            await().atMost(CACHE.multipliedBy(5)).pollInterval(Duration.ofMillis(200)).until(() -> {
                String token = token(issuer);
                statuses.add(status(gateway, token));
                return SignedJWT.parse(token).getHeader().getKeyID().equals(kid);
            });
            assertThat(statuses).as("every token through the rotation, the first of the new key last").containsOnly(200);
            assertThat(metric(gateway, UNKNOWN_KEY)).isZero();
        }
    }

    @Test
    void aGatewayThatFetchesForAnUnknownKidLetsSigningAtOnceThroughWithOneFetch() throws Exception {
        try (RealIssuer issuer = new RealIssuer("auth-refetch");
             Upstream upstream = new Upstream();
             GatewayFixture gateway = new GatewayFixture(issuer.gatewaySettings(upstream))) {
            assertThat(status(gateway, token(issuer))).isEqualTo(200);
            double fetched = metric(gateway, FETCHED);
            assertThat(metric(gateway, KEYS_AGE)).as("the keys were fetched just now").isBetween(0.0, 5.0);

            issuer.rotate(Duration.ZERO);

            assertThat(status(gateway, token(issuer))).isEqualTo(200);
            assertThat(metric(gateway, FETCHED)).isEqualTo(fetched + 1);
            assertThat(metric(gateway, UNKNOWN_KEY)).isZero();
        }
    }

    @Test
    void aKeyCacheNoLongerThanItsRateLimitIsRefusedAtStartNotAtTheFirstToken() {
        assertThatThrownBy(() -> new GatewayFixture("gateway.auth.jwks.cache", "PT20S").close())
                .hasStackTraceContaining("gateway.auth.jwks.rate-limit (PT30S) must be shorter than gateway.auth.jwks.cache (PT20S)");
    }

    /** A gateway that fetches the keys on its cache's expiry only, the cache {@link #CACHE} long. */
    private static String[] strict(RealIssuer issuer, Upstream upstream) {
        List<String> settings = new ArrayList<>(List.of(issuer.gatewaySettings(upstream)));
        settings.addAll(List.of("gateway.auth.jwks.refetch-on-unknown-kid", "false",
                "gateway.auth.jwks.cache", CACHE.toString(), "gateway.auth.jwks.rate-limit", CACHE.dividedBy(2).toString()));
        return settings.toArray(String[]::new);
    }

    private static String token(RealIssuer issuer) {
        return issuer.token("catalog-reader", "catalog-reader-secret");
    }

    private static Http1ClientResponse get(GatewayFixture gateway, String token) {
        return gateway.client.get("/api/products").header(HeaderNames.AUTHORIZATION, "Bearer " + token).request();
    }

    private static int status(GatewayFixture gateway, String token) {
        try (Http1ClientResponse response = get(gateway, token)) {
            return response.status().code();
        }
    }

    private static double metric(GatewayFixture gateway, Pattern series) {
        Matcher matcher = series.matcher(gateway.admin.get("/metrics").requestEntity(String.class));
        return matcher.find() ? Double.parseDouble(matcher.group(1)) : 0;
    }
}
