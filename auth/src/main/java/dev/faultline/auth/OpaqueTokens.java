package dev.faultline.auth;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * The issuer's one-time secrets that are not JWTs (authorization codes, refresh tokens, the persona page's request
 * ids): 256 random bits, base64url; kept only as their SHA-256, so what the issuer holds cannot be presented.
 */
final class OpaqueTokens {

    private static final SecureRandom RANDOM = new SecureRandom();

    private OpaqueTokens() {
    }

    /** A new secret. */
    static String next() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** What the issuer keeps of a secret. */
    static String digest(String secret) {
        return HexFormat.of().formatHex(Client.sha256(secret));
    }
}
