package dev.faultline.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Authorization codes (RFC 6749 section 4.1) bound to their client, redirect URI, PKCE challenge (RFC 7636, S256
 * only), person and scopes; each redeemed once within its lifetime. A code presented again is refused, and the
 * refresh tokens issued for it are revoked (RFC 6749 section 10.5): someone else has the code.
 */
final class AuthorizationCodes {

    /** RFC 7636 section 4.1: 43 to 128 unreserved characters. */
    private static final Pattern VERIFIER = Pattern.compile("[A-Za-z0-9._~-]{43,128}");

    private final Clock clock;
    private final Duration lifetime;
    private final RefreshTokens refreshTokens;
    private final ConcurrentHashMap<String, Grant> waiting = new ConcurrentHashMap<>();
    /** Codes already redeemed (until they would have expired), with the refresh family issued for each. */
    private final ConcurrentHashMap<String, Redeemed> redeemed = new ConcurrentHashMap<>();

    AuthorizationCodes(Clock clock, Duration lifetime, RefreshTokens refreshTokens) {
        this.clock = clock;
        this.lifetime = lifetime;
        this.refreshTokens = refreshTokens;
    }

    /**
     * What a code stands for.
     *
     * @param challenge the PKCE code_challenge (S256)
     * @param nonce     the OpenID Connect nonce of the request, for its ID token
     * @param authTime  when the person signed in
     */
    record Grant(String clientId, String redirectUri, String challenge, String subject, Set<String> scopes,
                 Optional<String> nonce, Instant authTime, Instant expires) {

        Grant {
            // in the order asked: a token's scope string reads the same each time
            scopes = Collections.unmodifiableSet(new LinkedHashSet<>(scopes));
        }
    }

    private record Redeemed(String family, Instant until) {
    }

    /** A new code for a person's consent, given now. */
    String issue(String clientId, String redirectUri, String challenge, String subject, Set<String> scopes,
                 Optional<String> nonce) {
        Instant now = clock.instant();
        waiting.values().removeIf(grant -> grant.expires().isBefore(now));
        redeemed.values().removeIf(done -> done.until().isBefore(now));
        String code = OpaqueTokens.next();
        waiting.put(OpaqueTokens.digest(code), new Grant(clientId, redirectUri, challenge, subject, scopes, nonce, now,
                now.plus(lifetime)));
        return code;
    }

    /**
     * Redeems a code once: for this client, this redirect URI and the verifier whose S256 is the challenge.
     *
     * @throws TokenError invalid_grant, saying which binding failed
     */
    Grant redeem(String code, String clientId, String redirectUri, String verifier) throws TokenError {
        String digest = OpaqueTokens.digest(code);
        Redeemed before = redeemed.get(digest);
        if (before != null) {
            refreshTokens.revokeFamily(before.family());
            throw new TokenError("invalid_grant", "The code was used before; the tokens issued for it are revoked.");
        }
        Grant grant = waiting.remove(digest);
        if (grant == null || grant.expires().isBefore(clock.instant())) {
            throw new TokenError("invalid_grant", "The code is unknown or expired.");
        }
        if (!grant.clientId().equals(clientId)) {
            throw new TokenError("invalid_grant", "The code was issued to another client.");
        }
        if (!grant.redirectUri().equals(redirectUri)) {
            throw new TokenError("invalid_grant", "redirect_uri is not the one the code was issued for.");
        }
        if (verifier == null || !VERIFIER.matcher(verifier).matches()) {
            throw new TokenError("invalid_grant", "code_verifier must be 43 to 128 unreserved characters (RFC 7636).");
        }
        if (!MessageDigest.isEqual(s256(verifier).getBytes(StandardCharsets.US_ASCII),
                grant.challenge().getBytes(StandardCharsets.US_ASCII))) {
            throw new TokenError("invalid_grant", "code_verifier does not match the code_challenge (S256).");
        }
        return grant;
    }

    /** Remembers which refresh family a redeemed code produced, so a replay of the code revokes it. */
    void redeemed(String code, String family) {
        redeemed.put(OpaqueTokens.digest(code), new Redeemed(family, clock.instant().plus(lifetime)));
    }

    /** BASE64URL(SHA-256(ASCII(verifier))), RFC 7636 section 4.2. */
    static String s256(String verifier) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(Client.sha256(verifier));
    }

    /** Whether a code_challenge has the S256 form (43 base64url characters). */
    static boolean isChallenge(String challenge) {
        return challenge != null && challenge.matches("[A-Za-z0-9_-]{43}");
    }

    /** An error of the token endpoint (RFC 6749 section 5.2). */
    static final class TokenError extends Exception {

        private final String error;

        TokenError(String error, String description) {
            super(description);
            this.error = error;
        }

        String error() {
            return error;
        }
    }
}
