package dev.faultline.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Refresh tokens with rotation (RFC 9700 section 4.14.2): each use returns a new one and retires the old; an old one
 * presented again means two parties hold the family, so the whole family is revoked and the person signs in again.
 * Kept in memory (only their SHA-256): a restart of the issuer ends every refresh family, as a lost session would.
 */
final class RefreshTokens {

    private final Clock clock;
    private final Duration lifetime;
    /** By the digest of every token a family ever had. */
    private final ConcurrentHashMap<String, Family> byToken = new ConcurrentHashMap<>();

    RefreshTokens(Clock clock, Duration lifetime) {
        this.clock = clock;
        this.lifetime = lifetime;
    }

    /** One sign-in's chain of refresh tokens. */
    static final class Family {

        final String id = OpaqueTokens.next();
        final String clientId;
        final String subject;
        final Set<String> scopes;
        final Instant expires;
        private String current;
        private boolean revoked;

        private Family(String clientId, String subject, Set<String> scopes, Instant expires) {
            this.clientId = clientId;
            this.subject = subject;
            this.scopes = Collections.unmodifiableSet(new LinkedHashSet<>(scopes));
            this.expires = expires;
        }
    }

    /**
     * A token and the family it belongs to.
     *
     * @param token the refresh token: a secret
     */
    record Issued(String token, Family family) {

        @Override
        public String toString() {
            return "Issued[family of " + family.subject + "]";
        }
    }

    /** The first refresh token of a new sign-in. */
    Issued start(String clientId, String subject, Set<String> scopes) {
        Instant now = clock.instant();
        byToken.values().removeIf(family -> family.expires.isBefore(now));
        Family family = new Family(clientId, subject, scopes, now.plus(lifetime));
        return next(family);
    }

    /**
     * Uses a refresh token: its family's next one, the old retired.
     *
     * @throws AuthorizationCodes.TokenError invalid_grant when unknown, expired, revoked, another client's, or used
     *                                       before (then the family is revoked)
     */
    Issued rotate(String token, String clientId) throws AuthorizationCodes.TokenError {
        String digest = OpaqueTokens.digest(token);
        Family family = byToken.get(digest);
        if (family == null || family.expires.isBefore(clock.instant())) {
            throw new AuthorizationCodes.TokenError("invalid_grant", "The refresh token is unknown or expired.");
        }
        if (!family.clientId.equals(clientId)) {
            throw new AuthorizationCodes.TokenError("invalid_grant", "The refresh token was issued to another client.");
        }
        synchronized (family) {
            if (family.revoked) {
                throw new AuthorizationCodes.TokenError("invalid_grant", "The refresh token's sign-in was revoked.");
            }
            if (!digest.equals(family.current)) {
                family.revoked = true;
                throw new AuthorizationCodes.TokenError("invalid_grant", "The refresh token was used before: someone "
                        + "else may hold it, so its sign-in is revoked; sign in again.");
            }
            return next(family);
        }
    }

    /** Ends a family: none of its tokens works any more. */
    void revokeFamily(String id) {
        byToken.values().stream().filter(family -> family.id.equals(id)).forEach(family -> {
            synchronized (family) {
                family.revoked = true;
            }
        });
    }

    private Issued next(Family family) {
        String token = OpaqueTokens.next();
        String digest = OpaqueTokens.digest(token);
        synchronized (family) {
            family.current = digest;
        }
        byToken.put(digest, family);
        return new Issued(token, family);
    }
}
