package dev.faultline.auth;

import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.Set;
import java.util.UUID;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jwt.JWTClaimsSet;

/**
 * Makes access tokens in the JWT profile of RFC 9068: typed {@code at+jwt}, ES256 with the current key's kid, and
 * iss, exp, aud, sub, client_id, iat, jti and a space-delimited scope.
 */
final class AccessTokens {

    static final JOSEObjectType ACCESS_TOKEN = new JOSEObjectType("at+jwt");

    private final AuthSettings settings;
    private final SigningKeys keys;
    private final Clock clock;

    AccessTokens(AuthSettings settings, SigningKeys keys, Clock clock) {
        this.settings = settings;
        this.keys = keys;
        this.clock = clock;
    }

    /** A token for a client acting for itself (client credentials: the subject is the client). */
    Issued forClient(Client client, Set<String> scopes) {
        return issue(client.id(), client.id(), scopes);
    }

    /** A token for a client acting for {@code subject} (a person who signed in, or the client itself). */
    Issued issue(String clientId, String subject, Set<String> scopes) {
        Instant now = clock.instant();
        Instant expires = now.plus(settings.tokenLifetime());
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(settings.issuer()).audience(settings.audience()).subject(subject).claim("client_id", clientId)
                .issueTime(Date.from(now)).expirationTime(Date.from(expires)).jwtID(UUID.randomUUID().toString())
                .claim("scope", String.join(" ", scopes)).build();
        return new Issued(keys.sign(ACCESS_TOKEN, claims), settings.tokenLifetime().toSeconds(), scopes);
    }

    /**
     * A token made.
     *
     * @param token     the compact JWT: a secret, never logged
     * @param expiresIn seconds until it expires
     * @param scopes    what it grants
     */
    record Issued(String token, long expiresIn, Set<String> scopes) {

        @Override
        public String toString() {
            return "Issued[expiresIn=" + expiresIn + ", scopes=" + scopes + "]";
        }
    }
}
