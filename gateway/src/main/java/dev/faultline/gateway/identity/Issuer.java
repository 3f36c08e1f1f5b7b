package dev.faultline.gateway.identity;

import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.text.ParseException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.nimbusds.jose.jwk.source.CachingJWKSetSource;
import com.nimbusds.jose.jwk.source.JWKSetBasedJWKSource;
import com.nimbusds.jose.jwk.source.JWKSetCacheRefreshEvaluator;
import com.nimbusds.jose.jwk.source.JWKSetSource;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jose.util.ResourceRetriever;
import dev.faultline.observability.TelemetryNames;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The token issuer as the gateway knows it: its identifier and keys, read from its metadata document the first time
 * a token needs them (the issuer may start after the gateway), then its keys cached, refreshed at most once per
 * rate-limit window, and kept through an outage of the issuer. Only the configured document is ever fetched, and the
 * keys only from the {@code jwks_uri} it names: never from a token's {@code jku}, {@code x5u} or {@code jwk}
 * (RFC 8725 section 3.10).
 */
final class Issuer {

    private static final int TIMEOUT_MILLIS = 2_000;
    /** How long before the cached keys expire they are fetched again (Nimbus's default). */
    private static final long REFRESH_AHEAD_MILLIS = 30_000;
    /** How soon a failed discovery is tried again: a flood of tokens while the issuer is down asks it once per this. */
    private static final Duration DISCOVERY_RETRY = Duration.ofSeconds(2);
    /** A JWK set or metadata document larger than this is not one. */
    private static final int SIZE_LIMIT = 64 * 1024;

    private final TokenSettings settings;
    private final ResourceRetriever retriever = new DefaultResourceRetriever(TIMEOUT_MILLIS, TIMEOUT_MILLIS, SIZE_LIMIT);
    private final Counter refreshed;
    private final Counter failed;
    private volatile Known known;
    /** The last failed discovery and when: repeated for {@link #DISCOVERY_RETRY} instead of asking again. */
    private volatile TokenRejected lastFailure;
    private volatile long lastFailureNanos;
    /** When the keys were last fetched (System.nanoTime), or 0 before the first fetch. */
    private volatile long keysFetchedNanos;

    Issuer(TokenSettings settings, MeterRegistry meters) {
        this.settings = settings;
        this.refreshed = refreshes(meters, "ok");
        this.failed = refreshes(meters, "failed");
        Gauge.builder(TelemetryNames.AUTH_KEYS_FETCHED_AGE, this, Issuer::keysAgeSeconds).baseUnit("seconds")
                .description("Seconds since the gateway last fetched the issuer's keys").register(meters);
    }

    /** How old the gateway's copy of the issuer's keys is: a key published after it is unknown here until the next fetch. */
    private double keysAgeSeconds() {
        long fetched = keysFetchedNanos;
        return fetched == 0 ? Double.NaN : (System.nanoTime() - fetched) / 1e9;
    }

    /**
     * The issuer's identifier and keys.
     *
     * @param issuer the exact {@code iss} its tokens carry
     * @param keys   its signing keys, cached
     */
    record Known(String issuer, JWKSource<SecurityContext> keys) {
    }

    /** The issuer, from its metadata document on first use. */
    Known known() throws TokenRejected {
        Known current = known;
        if (current != null) {
            return current;
        }
        synchronized (this) {
            if (known != null) {
                return known;
            }
            TokenRejected failure = lastFailure;
            if (failure != null && System.nanoTime() - lastFailureNanos < DISCOVERY_RETRY.toNanos()) {
                throw failure;
            }
            try {
                known = discover();
                lastFailure = null;
                return known;
            } catch (TokenRejected e) {
                lastFailure = e;
                lastFailureNanos = System.nanoTime();
                throw e;
            }
        }
    }

    private Known discover() throws TokenRejected {
        Map<String, Object> metadata;
        try {
            metadata = JSONObjectUtils.parse(retriever.retrieveResource(settings.discovery().toURL()).getContent());
        } catch (IOException | ParseException | IllegalArgumentException e) {
            failed.increment();
            throw new TokenRejected(Rejection.ISSUER_UNREACHABLE, "The issuer's metadata (" + settings.discovery()
                    + ") cannot be read: " + e.getMessage());
        }
        String issuer = text(metadata, "issuer");
        String jwks = text(metadata, "jwks_uri");
        if (issuer == null || jwks == null || !describes(settings.discovery(), issuer)) {
            failed.increment();
            throw new TokenRejected(Rejection.ISSUER_UNREACHABLE, "The metadata at " + settings.discovery()
                    + " does not describe the issuer it names (RFC 8414 section 3.3): issuer " + issuer + ", jwks_uri " + jwks);
        }
        URL keys;
        try {
            keys = URI.create(jwks).toURL();
        } catch (IOException | IllegalArgumentException e) {
            failed.increment();
            throw new TokenRejected(Rejection.ISSUER_UNREACHABLE, "The issuer's jwks_uri is not a URL: " + jwks);
        }
        // refreshed ahead of expiry (in the request that finds it due) by 30 s, or a quarter of a shorter cache
        long cache = settings.jwksCache().toMillis();
        long refreshTimeout = Math.min(TIMEOUT_MILLIS, cache / 4);
        JWKSource<SecurityContext> source = JWKSourceBuilder.<SecurityContext>create(keys, retriever)
                .refreshAheadCache(Math.min(REFRESH_AHEAD_MILLIS, cache / 4), false)
                .cache(cache, refreshTimeout, event -> {
                    if (event instanceof CachingJWKSetSource.RefreshCompletedEvent<SecurityContext>) {
                        keysFetchedNanos = System.nanoTime();
                        refreshed.increment();
                    } else if (event instanceof CachingJWKSetSource.UnableToRefreshEvent<SecurityContext>) {
                        failed.increment();
                    }
                })
                .rateLimited(settings.jwksRateLimit().toMillis())
                .outageTolerant(settings.jwksOutageTolerance().toMillis())
                .retrying(false)
                .build();
        return new Known(issuer, settings.jwksRefetchOnUnknownKid() ? source : cachedOnly(source));
    }

    /**
     * The keys as the cache holds them, never fetched again because a kid is missing (Nimbus's source would): only
     * the cache's expiry brings new keys.
     */
    private static JWKSource<SecurityContext> cachedOnly(JWKSource<SecurityContext> built) {
        JWKSetSource<SecurityContext> cache = ((JWKSetBasedJWKSource<SecurityContext>) built).getJWKSetSource();
        return (selector, context) -> selector.select(cache.getJWKSet(JWKSetCacheRefreshEvaluator.noRefresh(),
                System.currentTimeMillis(), context));
    }

    /**
     * Whether a metadata document at this address may describe this issuer: the address is formed from the issuer as
     * RFC 8414 (the well-known path between the host and the issuer's path) or OpenID discovery (after the issuer's
     * path) say, so a document cannot speak for another issuer.
     */
    static boolean describes(URI document, String issuer) {
        URI id = URI.create(issuer);
        String path = id.getRawPath() == null ? "" : id.getRawPath().replaceAll("/$", "");
        String origin = id.getScheme() + "://" + id.getRawAuthority();
        String base = issuer.replaceAll("/$", "");
        return List.of(origin + "/.well-known/oauth-authorization-server" + path,
                base + "/.well-known/oauth-authorization-server",
                base + "/.well-known/openid-configuration").contains(document.toString());
    }

    private static String text(Map<String, Object> metadata, String key) {
        return metadata.get(key) instanceof String value && !value.isBlank() ? value : null;
    }

    private static Counter refreshes(MeterRegistry meters, String outcome) {
        return Counter.builder(TelemetryNames.AUTH_KEY_FETCHES).tag("outcome", outcome)
                .description("Fetches of the issuer's metadata and keys, by outcome").register(meters);
    }
}
