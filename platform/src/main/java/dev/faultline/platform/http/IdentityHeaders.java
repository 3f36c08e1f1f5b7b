package dev.faultline.platform.http;

import java.util.List;

import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;

/**
 * The headers in which the gateway tells a service who the outside caller is, once it has checked a key or a token.
 * A service believes them only from the gateway: under mtls a request from any other caller that carries one is
 * refused ({@code dev.faultline.platform.tls.CallerRules}).
 */
public final class IdentityHeaders {

    /** The consumer: the API key's, or the access token's client_id. */
    public static final HeaderName CONSUMER = HeaderNames.create("X-Consumer");
    /** The access token's subject. */
    public static final HeaderName SUBJECT = HeaderNames.create("X-Subject");
    /** The access token's client_id. */
    public static final HeaderName CLIENT_ID = HeaderNames.create("X-Client-Id");
    /** The access token's scopes. */
    public static final HeaderName SCOPES = HeaderNames.create("X-Scopes");
    /** All of them. */
    public static final List<HeaderName> ALL = List.of(CONSUMER, SUBJECT, CLIENT_ID, SCOPES);

    private IdentityHeaders() {
    }
}
