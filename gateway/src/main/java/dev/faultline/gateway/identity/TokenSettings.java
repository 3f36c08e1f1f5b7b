package dev.faultline.gateway.identity;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

import com.nimbusds.jose.JWSAlgorithm;
import dev.faultline.platform.ProcessConfig;
import io.helidon.config.Config;

/**
 * How the gateway admits callers and checks access tokens ({@code gateway.auth.*}; every key and its default is in
 * the gateway's application.yaml).
 *
 * @param mode          which credentials the gateway accepts
 * @param discovery     the issuer's metadata document (RFC 8414 or OpenID discovery): its issuer and jwks_uri
 * @param audience      the {@code aud} an access token for this API must carry
 * @param algorithms    the signature algorithms accepted (asymmetric only: RFC 8725 section 3.1)
 * @param clockSkew     how far exp, nbf and iat may be off the gateway's clock
 * @param maxTokenBytes the longest token read at all
 * @param maxLifetime   the longest exp - iat accepted: a stolen token is worth little for long
 * @param jwksCache     how long fetched keys are used before they are fetched again
 * @param jwksRateLimit the least time between two fetches of the keys (an unknown kid cannot make the gateway hammer
 *                      the issuer)
 * @param jwksOutageTolerance how long the last keys fetched keep verifying while the issuer cannot be reached
 * @param jwksRefetchOnUnknownKid whether a token whose kid the cached keys lack makes the gateway fetch them again
 *                      (within the rate limit; OpenID Connect Core 10.1.1) or is refused until the cache expires (as
 *                      gateways that only cache by time do, e.g. Envoy's jwt_authn by default)
 * @param verifiedCache how many verified tokens are kept until they expire, so the same token again costs no
 *                      signature check (0: every token checked in full every time)
 */
public record TokenSettings(Mode mode, URI discovery, String audience, Set<JWSAlgorithm> algorithms, Duration clockSkew,
                            int maxTokenBytes, Duration maxLifetime, Duration jwksCache, Duration jwksRateLimit,
                            Duration jwksOutageTolerance, boolean jwksRefetchOnUnknownKid, int verifiedCache) {

    /** Algorithms a key in a JWK set can never be confused with: no HMAC, no none. */
    private static final Set<JWSAlgorithm> ASYMMETRIC = Set.copyOf(JWSAlgorithm.Family.SIGNATURE);

    public TokenSettings {
        algorithms = Set.copyOf(algorithms);
        if (algorithms.isEmpty() || !ASYMMETRIC.containsAll(algorithms)) {
            throw new IllegalStateException("gateway.auth.algorithms must name asymmetric signature algorithms (e.g. ES256), not "
                    + algorithms);
        }
        if (verifiedCache < 0) {
            throw new IllegalStateException("gateway.auth.verified-cache must be 0 or more, not " + verifiedCache);
        }
        // Nimbus refuses such a cache when the first token needs it: say so at start instead, naming the settings
        if (jwksCache.isNegative() || jwksCache.isZero() || jwksRateLimit.compareTo(jwksCache) >= 0) {
            throw new IllegalStateException("gateway.auth.jwks.rate-limit (" + jwksRateLimit + ") must be shorter than "
                    + "gateway.auth.jwks.cache (" + jwksCache + "), which must be above zero");
        }
    }

    /** Which credentials the gateway accepts. */
    public enum Mode {
        API_KEY, JWT, BOTH;

        public boolean keys() {
            return this != JWT;
        }

        public boolean tokens() {
            return this != API_KEY;
        }
    }

    /** The settings under {@code gateway.auth}; every key is required (application.yaml states the defaults). */
    public static TokenSettings from(Config auth) {
        String mode = ProcessConfig.required(auth.get("mode"), String.class);
        Mode parsed;
        try {
            parsed = Mode.valueOf(mode.strip().toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(auth.get("mode").key() + " is '" + mode + "'; expected api-key, jwt or both", e);
        }
        List<String> algorithms = auth.get("algorithms").asList(String.class).orElseThrow(() ->
                new IllegalStateException(auth.get("algorithms").key() + " is missing"));
        return new TokenSettings(parsed, URI.create(required(auth, "discovery", String.class)),
                required(auth, "audience", String.class),
                algorithms.stream().map(JWSAlgorithm::parse).collect(Collectors.toSet()),
                required(auth, "clock-skew", Duration.class), required(auth, "max-token-size", Integer.class),
                required(auth, "max-lifetime", Duration.class), required(auth, "jwks.cache", Duration.class),
                required(auth, "jwks.rate-limit", Duration.class), required(auth, "jwks.outage-tolerance", Duration.class),
                required(auth, "jwks.refetch-on-unknown-kid", Boolean.class), required(auth, "verified-cache", Integer.class));
    }

    private static <T> T required(Config auth, String key, Class<T> type) {
        return ProcessConfig.required(auth.get(key), type);
    }
}
