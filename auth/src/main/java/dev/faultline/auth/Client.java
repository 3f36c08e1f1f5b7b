package dev.faultline.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A client that may ask for tokens: its id, the SHA-256 of its secret (the configuration never holds the secret; none
 * for a public client, a browser or native app that cannot keep one), the scopes it may be granted, and where the
 * authorization code flow may send a user back (exact URIs, RFC 9700 section 2.1; none: no code flow).
 */
record Client(String id, byte[] secretSha256, Set<String> scopes, List<String> redirectUris) {

    Client {
        secretSha256 = secretSha256.clone();
        // in the configuration's order: a token asking for none lists them so
        scopes = Collections.unmodifiableSet(new LinkedHashSet<>(scopes));
        redirectUris = List.copyOf(redirectUris);
    }

    /** Whether the client has a secret (a confidential client); a public one has none. */
    boolean confidential() {
        return secretSha256.length > 0;
    }

    /** Whether this secret is the client's; in constant time, so timing tells nothing about how close a guess came. */
    boolean authenticates(String secret) {
        return confidential() && MessageDigest.isEqual(sha256(secret), secretSha256);
    }

    static byte[] sha256(String secret) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    static byte[] hex(String sha256) {
        return HexFormat.of().parseHex(sha256);
    }

    @Override
    public String toString() {
        return "Client[" + id + ", scopes=" + scopes + "]";
    }
}
