package dev.faultline.chaos.runner.load;

import java.net.http.HttpRequest;

/**
 * How shop traffic identifies itself to the gateway: an API key, or OAuth 2.0 access tokens from the sandbox's
 * issuer ({@link ClientCredentials}). Never logged: {@code toString} names the kind only.
 */
public sealed interface Credentials permits Credentials.ApiKey, ClientCredentials {

    /** Readies what the first request needs (a token); blocking, before any load starts. */
    void prepare();

    /** Adds the credential to a request; never blocks (a due token renewal happens beside the traffic). */
    HttpRequest.Builder present(HttpRequest.Builder request);

    /** A line for the load's report on how the credentials fared, or empty when there is nothing to say. */
    default String report() {
        return "";
    }

    /** An API key in {@code X-API-Key}. */
    static Credentials apiKey(String key) {
        return new ApiKey(key);
    }

    /** The gateway's API key header. */
    record ApiKey(String key) implements Credentials {

        @Override
        public void prepare() {
        }

        @Override
        public HttpRequest.Builder present(HttpRequest.Builder request) {
            return request.header("X-API-Key", key);
        }

        @Override
        public String toString() {
            return "api-key";
        }
    }
}
