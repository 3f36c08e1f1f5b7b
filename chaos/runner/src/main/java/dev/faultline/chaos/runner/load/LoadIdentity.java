package dev.faultline.chaos.runner.load;

import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * Who the load says it is: the demo API key, or a demo client of the sandbox's issuer with OAuth 2.0 access tokens
 * (client credentials), renewed every {@code renewEvery} or when four fifths of a token's life have passed.
 *
 * @param kind       how it identifies itself
 * @param client     the issuer's client, for tokens
 * @param renewEvery how often it asks for a new token (none: near the end of each token's life)
 */
public record LoadIdentity(Kind kind, String client, Optional<Duration> renewEvery) {

    /** The demo API key, as the load always had. */
    public static final LoadIdentity API_KEY = new LoadIdentity(Kind.API_KEY, ClientCredentials.DEMO_CLIENT, Optional.empty());

    /** How the load identifies itself. */
    public enum Kind {
        API_KEY, JWT;

        /** {@code api-key} or {@code jwt}. */
        public static Kind parse(String text) {
            for (Kind kind : values()) {
                if (kind.label().equals(text.strip().toLowerCase(Locale.ROOT))) {
                    return kind;
                }
            }
            throw new IllegalArgumentException("'" + text + "' is no way to identify: api-key or jwt");
        }

        public String label() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    /** A demo client with tokens. */
    public static LoadIdentity jwt(String client, Optional<Duration> renewEvery) {
        if (!ClientCredentials.DEMO_SECRETS.containsKey(client)) {
            throw new IllegalArgumentException("'" + client + "' is not a demo client; known: "
                    + ClientCredentials.DEMO_SECRETS.keySet().stream().sorted().toList());
        }
        return new LoadIdentity(Kind.JWT, client, renewEvery);
    }

    /** The credentials for a sandbox: the API key given, or tokens from its issuer's {@code /token}. */
    public Credentials credentials(String apiKey, URI tokenEndpoint) {
        return kind == Kind.API_KEY ? Credentials.apiKey(apiKey)
                : ClientCredentials.demo(tokenEndpoint, client, renewEvery);
    }

    @Override
    public String toString() {
        return kind == Kind.API_KEY ? "api-key" : "jwt (client " + client
                + renewEvery.map(d -> ", a new token every " + d.toSeconds() + " s").orElse("") + ")";
    }
}
