package dev.faultline.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Set;

/**
 * A client that may ask for tokens: its id, the SHA-256 of its secret (the configuration never holds the secret) and
 * the scopes it may be granted.
 */
record Client(String id, byte[] secretSha256, Set<String> scopes) {

    Client {
        secretSha256 = secretSha256.clone();
        scopes = Set.copyOf(scopes);
    }

    /** Whether this secret is the client's; in constant time, so timing tells nothing about how close a guess came. */
    boolean authenticates(String secret) {
        return MessageDigest.isEqual(sha256(secret), secretSha256);
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
