package dev.faultline.chaos.runner.load;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Access tokens by the client credentials grant (RFC 6749 section 4.4) from the sandbox's issuer, presented as
 * {@code Authorization: Bearer}. A token is used until {@code renewAfter} (or four fifths of its life) has passed,
 * then renewed beside the traffic; while the issuer cannot give a new one, the current token goes on being presented
 * (as a real client's would) until the gateway refuses it. The secret and the tokens never reach a log or a string.
 */
public final class ClientCredentials implements Credentials {

    /** The demo clients of auth's application.yaml and their published secrets (README, "Try it"). */
    public static final Map<String, String> DEMO_SECRETS = Map.of("faultline-cli", "faultline-demo-secret",
            "catalog-reader", "catalog-reader-secret");
    /** The demo client that may do everything the shop traffic does. */
    public static final String DEMO_CLIENT = "faultline-cli";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    /** How soon a renewal that failed is tried again. */
    private static final Duration RETRY = Duration.ofSeconds(1);

    private final URI tokenEndpoint;
    private final String clientId;
    private final String secret;
    private final Optional<String> scope;
    private final Optional<Duration> renewAfter;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final AtomicReference<Token> current = new AtomicReference<>();
    private final AtomicBoolean renewing = new AtomicBoolean();
    private final AtomicLong nextAttemptNanos = new AtomicLong(Long.MIN_VALUE);
    private final AtomicLong renewals = new AtomicLong();
    private final AtomicLong failedRenewals = new AtomicLong();

    /**
     * @param tokenEndpoint the issuer's {@code /token}
     * @param scope         the scopes to ask for, space-separated (none: all the client may have)
     * @param renewAfter    a new token this often (none: when four fifths of a token's life have passed)
     */
    public ClientCredentials(URI tokenEndpoint, String clientId, String secret, Optional<String> scope,
                             Optional<Duration> renewAfter) {
        this.tokenEndpoint = tokenEndpoint;
        this.clientId = clientId;
        this.secret = secret;
        this.scope = scope.filter(s -> !s.isBlank()).map(String::strip);
        this.renewAfter = renewAfter;
    }

    /** A demo client, its secret the published one. */
    public static ClientCredentials demo(URI tokenEndpoint, String clientId, Optional<Duration> renewAfter) {
        String secret = DEMO_SECRETS.get(clientId);
        if (secret == null) {
            throw new IllegalArgumentException(clientId + " is not a demo client; known: " + DEMO_SECRETS.keySet());
        }
        return new ClientCredentials(tokenEndpoint, clientId, secret, Optional.empty(), renewAfter);
    }

    @Override
    public void prepare() {
        try {
            current.set(request());
        } catch (TokenRefused e) {
            throw new IllegalStateException("the issuer gave " + clientId + " no token: " + e.getMessage(), e);
        }
    }

    @Override
    public HttpRequest.Builder present(HttpRequest.Builder request) {
        Token token = current.get();
        if (token == null || token.due(System.nanoTime())) {
            renewBeside();
        }
        return token == null ? request : request.header("Authorization", "Bearer " + token.value());
    }

    /** Tokens obtained after the first. */
    public long renewals() {
        return renewals.get();
    }

    /** Renewals the issuer refused or did not answer. */
    public long failedRenewals() {
        return failedRenewals.get();
    }

    /**
     * Asks the issuer for a token now.
     *
     * @throws TokenRefused with the issuer's error and description, or why it could not be reached
     */
    public Token request() throws TokenRefused {
        String form = "grant_type=client_credentials" + scope.map(s -> "&scope=" + URLEncoder.encode(s, StandardCharsets.UTF_8))
                .orElse("");
        String basic = Base64.getEncoder().encodeToString((URLEncoder.encode(clientId, StandardCharsets.UTF_8) + ":"
                + URLEncoder.encode(secret, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> response;
        try {
            response = http.send(HttpRequest.newBuilder(tokenEndpoint).timeout(TIMEOUT)
                    .header("Authorization", "Basic " + basic).header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new TokenRefused("the issuer at " + tokenEndpoint + " cannot be reached (" + e.getMessage() + ")", true);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TokenRefused("interrupted", true);
        }
        JsonNode body;
        try {
            body = JSON.readTree(response.body());
        } catch (IOException e) {
            throw new TokenRefused("the issuer answered " + response.statusCode() + " with no JSON", true);
        }
        if (response.statusCode() != 200 || !body.path("access_token").isTextual()) {
            throw new TokenRefused(body.path("error").asText(Integer.toString(response.statusCode())) + ": "
                    + body.path("error_description").asText(body.path("detail").asText("")), false);
        }
        long lifetime = Math.max(1, body.path("expires_in").asLong(300));
        long now = System.nanoTime();
        Duration renew = renewAfter.orElse(Duration.ofMillis(lifetime * 800));
        return new Token(body.path("access_token").asText(), body.path("scope").asText(""), lifetime,
                now + renew.toNanos());
    }

    private void renewBeside() {
        if (System.nanoTime() < nextAttemptNanos.get() || !renewing.compareAndSet(false, true)) {
            return;
        }
        Thread.ofVirtual().name("faultline-token-renewal").start(() -> {
            try {
                current.set(request());
                renewals.incrementAndGet();
            } catch (TokenRefused e) {
                failedRenewals.incrementAndGet();
                nextAttemptNanos.set(System.nanoTime() + RETRY.toNanos());
            } finally {
                renewing.set(false);
            }
        });
    }

    @Override
    public String report() {
        return "Tokens: client " + clientId + ", " + renewals.get() + " renewed after the first, " + failedRenewals.get()
                + " renewals failed (the issuer refused or did not answer; the current token was kept).";
    }

    @Override
    public String toString() {
        return "jwt (client " + clientId + ")";
    }

    /**
     * A token obtained.
     *
     * @param value      the compact JWT: a secret
     * @param scope      what the issuer granted
     * @param expiresIn  its life in seconds
     * @param renewNanos when (System.nanoTime) to ask for the next
     */
    public record Token(String value, String scope, long expiresIn, long renewNanos) {

        boolean due(long now) {
            return now - renewNanos >= 0;
        }

        @Override
        public String toString() {
            return "Token[scope=" + scope + ", expiresIn=" + expiresIn + "]";
        }
    }

    /** The issuer gave no token. */
    public static final class TokenRefused extends Exception {

        private final boolean unreachable;

        TokenRefused(String message, boolean unreachable) {
            super(message);
            this.unreachable = unreachable;
        }

        /** Whether the issuer did not answer (rather than refusing). */
        public boolean unreachable() {
            return unreachable;
        }
    }
}
