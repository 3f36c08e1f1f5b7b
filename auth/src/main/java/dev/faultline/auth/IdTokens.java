package dev.faultline.auth;

import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.Optional;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jwt.JWTClaimsSet;

/**
 * ID tokens (OpenID Connect Core 1.0 section 2): who signed in, when, for the client that asked with the
 * {@value #OPENID} scope. Typed {@code JWT}, its audience the client alone, with the nonce of the authentication request
 * (section 3.1.2.1: the client's defence against a replayed token). An ID token is for the client to read, never a
 * credential for an API: the gateway requires {@code typ at+jwt} and its own audience, so it refuses one.
 */
final class IdTokens {

    /** The scope that makes an authorization request an OpenID Connect one. */
    static final String OPENID = "openid";
    /** The longest nonce kept: a client's random value, not a document. */
    static final int MAX_NONCE = 255;

    private final AuthSettings settings;
    private final SigningKeys keys;
    private final Clock clock;

    IdTokens(AuthSettings settings, SigningKeys keys, Clock clock) {
        this.settings = settings;
        this.keys = keys;
        this.clock = clock;
    }

    /** An ID token for {@code subject}, who signed in at {@code authTime}, for {@code clientId}. */
    String issue(String clientId, String subject, Optional<String> nonce, Instant authTime) {
        Instant now = clock.instant();
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .issuer(settings.issuer()).subject(subject).audience(clientId)
                .issueTime(Date.from(now)).expirationTime(Date.from(now.plus(settings.tokenLifetime())))
                .claim("auth_time", authTime.getEpochSecond());
        nonce.ifPresent(value -> claims.claim("nonce", value));
        return keys.sign(JOSEObjectType.JWT, claims.build());
    }
}
