package dev.faultline.gateway;

import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.function.BiConsumer;

import io.helidon.http.Header;
import io.helidon.http.HeaderNames;
import io.helidon.http.Headers;

/**
 * Header hygiene of a proxy (RFC 9110 section 7.6.1): hop-by-hop headers, and the ones the {@code Connection}
 * header names, are for one connection only and never cross the gateway in either direction. Framing and
 * identity headers the gateway sets itself are not copied either.
 */
final class Forwarding {

    private static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "te", "trailer",
            "transfer-encoding", "upgrade", "proxy-connection", "proxy-authenticate", "proxy-authorization");
    /** Set by the gateway or by the HTTP stack on the next hop. */
    private static final Set<String> REQUEST_OWN = Set.of("host", "content-length", "x-consumer", "x-api-key",
            "x-forwarded-for", "x-forwarded-proto", "x-forwarded-host", "x-request-id", "x-subject", "x-client-id",
            "x-scopes");
    private static final Set<String> RESPONSE_OWN = Set.of("content-length", "date", "x-request-id");

    private Forwarding() {
    }

    /** Copies the end-to-end request headers meant for the upstream. */
    static void requestHeaders(Headers incoming, boolean authorizationWasTheKey, BiConsumer<String, String> out) {
        copy(incoming, REQUEST_OWN, authorizationWasTheKey, out);
    }

    /** Copies the end-to-end response headers meant for the client. */
    static void responseHeaders(Headers upstream, BiConsumer<String, String> out) {
        copy(upstream, RESPONSE_OWN, false, out);
    }

    // Runs twice per proxied request: the fixed sets are looked up as they are, and only a Connection header (rare on
    // HTTP/1.1) makes a set of its own; a fresh set per call was 3 % of the gateway's CPU at saturation (JFR)
    private static void copy(Headers headers, Set<String> own, boolean dropAuthorization, BiConsumer<String, String> out) {
        Set<String> named = headers.first(HeaderNames.CONNECTION).map(Forwarding::tokens).orElse(Set.of());
        for (Header header : headers) {
            // a header name's lower-case form is computed once per name, not per request
            String name = header.headerName().lowerCase();
            if (HOP_BY_HOP.contains(name) || own.contains(name) || named.contains(name) || name.startsWith("proxy-")
                    || dropAuthorization && name.equals("authorization")) {
                continue;
            }
            for (String value : header.allValues()) {
                out.accept(header.name(), value);
            }
        }
    }

    private static Set<String> tokens(String connection) {
        Set<String> tokens = new HashSet<>();
        for (String token : connection.split(",")) {
            tokens.add(token.strip().toLowerCase(Locale.ROOT));
        }
        return tokens;
    }
}
