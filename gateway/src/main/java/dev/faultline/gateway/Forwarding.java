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
            "x-forwarded-for", "x-forwarded-proto", "x-forwarded-host", "x-request-id");
    private static final Set<String> RESPONSE_OWN = Set.of("content-length", "date", "x-request-id");

    private Forwarding() {
    }

    /** Copies the end-to-end request headers meant for the upstream. */
    static void requestHeaders(Headers incoming, boolean authorizationWasTheKey, BiConsumer<String, String> out) {
        Set<String> skip = dropped(incoming, REQUEST_OWN);
        if (authorizationWasTheKey) {
            skip.add("authorization");
        }
        copy(incoming, skip, out);
    }

    /** Copies the end-to-end response headers meant for the client. */
    static void responseHeaders(Headers upstream, BiConsumer<String, String> out) {
        copy(upstream, dropped(upstream, RESPONSE_OWN), out);
    }

    private static Set<String> dropped(Headers headers, Set<String> own) {
        Set<String> skip = new HashSet<>(HOP_BY_HOP);
        skip.addAll(own);
        headers.first(HeaderNames.CONNECTION).ifPresent(value -> {
            for (String token : value.split(",")) {
                skip.add(token.strip().toLowerCase(Locale.ROOT));
            }
        });
        return skip;
    }

    private static void copy(Headers headers, Set<String> skip, BiConsumer<String, String> out) {
        for (Header header : headers) {
            String name = header.name().toLowerCase(Locale.ROOT);
            if (skip.contains(name) || name.startsWith("proxy-")) {
                continue;
            }
            for (String value : header.allValues()) {
                out.accept(header.name(), value);
            }
        }
    }
}
