package dev.faultline.gateway.identity;

import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.source.RateLimitReachedException;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import com.nimbusds.jwt.proc.ExpiredJWTException;
import dev.faultline.observability.TelemetryNames;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Verifies OAuth 2.0 access tokens in the JWT profile (RFC 9068) as RFC 8725 asks: the size bounded before anything
 * is parsed; only the allowed asymmetric algorithms; typed {@code at+jwt}; no critical header it does not understand;
 * the signature by a key of the issuer's JWK set (selected by kid, never taken from the token); exactly the issuer,
 * this API's audience and every claim RFC 9068 requires, with exp and nbf against the gateway's clock. Then the checks
 * Nimbus leaves out: iat not in the future, a lifetime no longer than the gateway allows, and {@code scope} a string.
 * Each refusal names its reason and is counted by it.
 */
public final class AccessTokenVerifier {

    /** RFC 9068 section 2.1. */
    public static final JOSEObjectType ACCESS_TOKEN = new JOSEObjectType("at+jwt");
    /** RFC 9068 section 2.2: what every access token carries. */
    public static final Set<String> REQUIRED_CLAIMS = Set.of("iss", "exp", "aud", "sub", "client_id", "iat", "jti");

    private final TokenSettings settings;
    private final Clock clock;
    private final Issuer issuer;
    private final MeterRegistry meters;
    private volatile DefaultJWTProcessor<SecurityContext> processor;
    private final VerifiedTokens verified;

    public AccessTokenVerifier(TokenSettings settings, Clock clock, MeterRegistry meters) {
        this.settings = settings;
        this.clock = clock;
        this.meters = meters;
        this.issuer = new Issuer(settings, meters);
        this.verified = new VerifiedTokens(settings.verifiedCache(), clock, settings.clockSkew());
        for (Rejection reason : Rejection.values()) {
            rejections(reason);
        }
    }

    /** The caller the token speaks for; a refusal is counted under its reason. */
    public AccessToken verify(String token) throws TokenRejected {
        Optional<AccessToken> known = verified.find(token);
        if (known.isPresent()) {
            return known.get();
        }
        try {
            AccessToken caller = check(token);
            verified.remember(token, caller);
            return caller;
        } catch (TokenRejected e) {
            rejections(e.reason()).increment();
            throw e;
        }
    }

    /** Counts a refusal decided before a token reached the verifier (how it was presented). */
    public void refused(Rejection reason) {
        rejections(reason).increment();
    }

    private AccessToken check(String token) throws TokenRejected {
        if (token.length() > settings.maxTokenBytes()) {
            throw new TokenRejected(Rejection.TOO_LARGE, "The token is longer than " + settings.maxTokenBytes() + " bytes.");
        }
        SignedJWT jwt = signed(token);
        JWSHeader header = jwt.getHeader();
        if (!settings.algorithms().contains(header.getAlgorithm())) {
            throw new TokenRejected(Rejection.ALGORITHM, "Tokens signed with " + header.getAlgorithm()
                    + " are not accepted; accepted: " + settings.algorithms() + ".");
        }
        if (!ACCESS_TOKEN.equals(header.getType())) {
            throw new TokenRejected(Rejection.TYPE, "The token's typ is " + header.getType() + "; an access token's is at+jwt.");
        }
        if (header.getCriticalParams() != null && !header.getCriticalParams().isEmpty()) {
            throw new TokenRejected(Rejection.CRITICAL_HEADER, "The token marks " + header.getCriticalParams()
                    + " critical; the gateway understands none.");
        }
        JWTClaimsSet claims;
        try {
            claims = processor().process(jwt, null);
        } catch (ExpiredJWTException e) {
            throw new TokenRejected(Rejection.EXPIRED, "The token expired (allowed clock skew " + skew() + " s).");
        } catch (BadJWTException e) {
            throw claimRejected(e);
        } catch (BadJOSEException e) {
            // Nimbus tells a kid it found no key for from a key that did not verify in its message only
            if (String.valueOf(e.getMessage()).contains("no matching key")) {
                throw new TokenRejected(Rejection.UNKNOWN_KEY, "The token's kid is not among the issuer's keys, "
                        + "fetched again just now.");
            }
            throw new TokenRejected(Rejection.SIGNATURE, "No key of the issuer verifies the token's signature.");
        } catch (RateLimitReachedException e) {
            // an unknown kid, and the keys were fetched too recently to fetch them again: no key verifies it now
            throw new TokenRejected(Rejection.UNKNOWN_KEY, "The token's kid is not among the issuer's keys, fetched "
                    + "less than " + settings.jwksRateLimit().toSeconds() + " s ago (they are fetched at most once per "
                    + "that): an issuer publishes a key before it signs with it.");
        } catch (KeySourceException e) {
            throw new TokenRejected(Rejection.ISSUER_UNREACHABLE, "The issuer's keys cannot be fetched: " + e.getMessage());
        } catch (JOSEException e) {
            throw new TokenRejected(Rejection.SIGNATURE, "The token's signature cannot be checked.");
        }
        Instant now = clock.instant();
        Instant issued = claims.getIssueTime().toInstant();
        Instant expires = claims.getExpirationTime().toInstant();
        if (issued.isAfter(now.plusSeconds(skew()))) {
            throw new TokenRejected(Rejection.ISSUED_IN_FUTURE, "The token says it was issued at " + issued
                    + ", after the gateway's " + now + " (allowed clock skew " + skew() + " s).");
        }
        if (Duration.between(issued, expires).compareTo(settings.maxLifetime()) > 0) {
            throw new TokenRejected(Rejection.LIFETIME, "The token lives " + Duration.between(issued, expires).toSeconds()
                    + " s; the gateway accepts at most " + settings.maxLifetime().toSeconds() + " s.");
        }
        Object scope = claims.getClaim("scope");
        if (scope != null && !(scope instanceof String)) {
            throw new TokenRejected(Rejection.SCOPE_FORMAT, "The token's scope must be one space-delimited string.");
        }
        Set<String> scopes = new LinkedHashSet<>();
        if (scope instanceof String text) {
            Arrays.stream(text.split(" ")).filter(s -> !s.isEmpty()).forEach(scopes::add);
        }
        Object clientId = claims.getClaim("client_id");
        if (!(clientId instanceof String) || claims.getSubject() == null) {
            throw new TokenRejected(Rejection.MISSING_CLAIM, "The token's sub and client_id must be strings.");
        }
        return new AccessToken(claims.getSubject(), (String) clientId, scopes, expires);
    }

    private static SignedJWT signed(String token) throws TokenRejected {
        JWT parsed;
        try {
            parsed = JWTParser.parse(token);
        } catch (ParseException e) {
            throw new TokenRejected(Rejection.MALFORMED, "The token is not a JWT: " + e.getMessage());
        }
        if (!(parsed instanceof SignedJWT jwt)) {
            throw new TokenRejected(Rejection.ALGORITHM, "The token is not signed (alg none) or is encrypted: neither is accepted.");
        }
        return jwt;
    }

    /** The processor, made once the issuer is known (its identifier and keys come from its metadata). */
    private DefaultJWTProcessor<SecurityContext> processor() throws TokenRejected {
        DefaultJWTProcessor<SecurityContext> current = processor;
        if (current != null) {
            return current;
        }
        Issuer.Known known = issuer.known();
        DefaultJWTProcessor<SecurityContext> made = new DefaultJWTProcessor<>();
        made.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(ACCESS_TOKEN));
        made.setJWSKeySelector(new JWSVerificationKeySelector<>(settings.algorithms(), known.keys()));
        DefaultJWTClaimsVerifier<SecurityContext> claims = new DefaultJWTClaimsVerifier<>(Set.of(settings.audience()),
                new JWTClaimsSet.Builder().issuer(known.issuer()).build(), REQUIRED_CLAIMS, null) {
            @Override
            protected Date currentTime() {
                return Date.from(clock.instant());
            }
        };
        claims.setMaxClockSkew(skew());
        made.setJWTClaimsSetVerifier(claims);
        processor = made;
        return made;
    }

    /** Nimbus says which claim check failed in its message only. */
    private static TokenRejected claimRejected(BadJWTException e) {
        String message = String.valueOf(e.getMessage());
        if (message.contains("before use time")) {
            return new TokenRejected(Rejection.NOT_YET_VALID, "The token is not valid yet (nbf).");
        }
        if (message.contains("missing required")) {
            return new TokenRejected(Rejection.MISSING_CLAIM, "The token lacks claims an access token must have: "
                    + message.substring(message.indexOf("missing required") + "missing required".length()).strip() + ".");
        }
        if (message.contains("aud claim rejected")) {
            return new TokenRejected(Rejection.AUDIENCE, "The token is not meant for this API (aud).");
        }
        if (message.contains("iss")) {
            return new TokenRejected(Rejection.ISSUER, "The token was issued by someone else (iss).");
        }
        return new TokenRejected(Rejection.CLAIMS, "The token's claims are not valid.");
    }

    private int skew() {
        return (int) settings.clockSkew().toSeconds();
    }

    private Counter rejections(Rejection reason) {
        return Counter.builder(TelemetryNames.AUTH_REJECTIONS).tag("reason", reason.slug())
                .description("Access tokens refused, by the check that failed").register(meters);
    }
}
