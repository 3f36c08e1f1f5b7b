package dev.faultline.gateway.identity;

/**
 * Why an access token was refused: the {@code reason} label of the rejections counter and the check a problem body
 * names. Every one is the caller's fault (401) except {@link #ISSUER_UNREACHABLE}, where the gateway cannot tell.
 */
public enum Rejection {
    /** Longer than the gateway reads (RFC 8725 section 3.1 asks verifiers to bound their work). */
    TOO_LARGE("token-too-large", "the token is longer than the gateway reads"),
    /** Not three base64url parts with a JSON header and claims. */
    MALFORMED("token-malformed", "the token is not a signed JWT"),
    /** alg none, an HMAC, or any algorithm outside the allow-list (RFC 8725 section 3.1). */
    ALGORITHM("algorithm-not-allowed", "the token's algorithm is not one the gateway accepts"),
    /** Not typed {@code at+jwt} (RFC 9068 section 2.1; RFC 8725 section 3.11): an ID token or another JWT. */
    TYPE("wrong-token-type", "the token is not typed at+jwt (an access token)"),
    /** A header parameter marked critical that the gateway does not understand (RFC 7515 section 4.1.11). */
    CRITICAL_HEADER("unknown-critical-header", "the token marks a header parameter critical that the gateway does not understand"),
    /** The issuer's key named by the kid does not verify the signature (a forged, tampered or foreign token). */
    SIGNATURE("bad-signature", "no key of the issuer verifies the token's signature"),
    /**
     * The token's kid is not among the issuer's keys the gateway holds, even after fetching them again when allowed: a
     * foreign token, or a key the issuer signs with before the gateway's copy of its key set has it (a rotation
     * done wrong).
     */
    UNKNOWN_KEY("unknown-key", "the token's key is not among the issuer's keys the gateway holds"),
    /** Signed by the issuer's key but for another issuer. */
    ISSUER("wrong-issuer", "the token was issued by someone else"),
    /** Meant for another audience. */
    AUDIENCE("wrong-audience", "the token is meant for another audience"),
    /** exp is past (beyond the allowed clock skew). */
    EXPIRED("token-expired", "the token has expired"),
    /** nbf is ahead (beyond the allowed clock skew). */
    NOT_YET_VALID("token-not-yet-valid", "the token is not valid yet"),
    /** iat is ahead (beyond the allowed clock skew): the issuer's clock runs ahead, or the token is forged. */
    ISSUED_IN_FUTURE("issued-in-the-future", "the token says it was issued in the future"),
    /** exp - iat is longer than the gateway allows for an access token. */
    LIFETIME("lifetime-too-long", "the token lives longer than the gateway allows"),
    /** A claim RFC 9068 requires is missing (iss, exp, aud, sub, client_id, iat, jti). */
    MISSING_CLAIM("missing-claim", "the token lacks a claim access tokens must have"),
    /** {@code scope} is not one space-delimited string (RFC 9068 section 2.2.3). */
    SCOPE_FORMAT("scope-not-a-string", "the token's scope is not a space-delimited string"),
    /** Any other claim check Nimbus refused. */
    CLAIMS("invalid-claims", "the token's claims are not valid"),
    /** A valid token whose scope does not cover the route and method (403, RFC 6750 section 3.1). */
    SCOPE("insufficient-scope", "the token's scope does not cover this request"),
    /** A token in the query string, or two Authorization headers (RFC 6750 sections 2.3 and 5.3). */
    PRESENTATION("bad-presentation", "the token was presented in a way the gateway refuses"),
    /** The issuer's keys could not be fetched and none are cached. */
    ISSUER_UNREACHABLE("issuer-unreachable", "the issuer's keys cannot be fetched");

    private final String slug;
    private final String check;

    Rejection(String slug, String check) {
        this.slug = slug;
        this.check = check;
    }

    /** The problem type's slug, and the metrics label. */
    public String slug() {
        return slug;
    }

    /** The failed check in words. */
    public String check() {
        return check;
    }
}
