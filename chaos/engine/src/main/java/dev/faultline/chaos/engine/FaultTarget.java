package dev.faultline.chaos.engine;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Which requests a fault touches: those of a service, optionally only one instance, a route (exact, or a prefix
 * ending in {@code /**}), a method, and requests carrying a header with a value (so one learner's faults touch
 * only their requests).
 *
 * @param service     the service (required)
 * @param instance    one instance, by process name ({@code payments-2})
 * @param route       {@code /payments} or {@code /payments/**}
 * @param method      {@code GET}, {@code POST}...
 * @param header      a header name
 * @param headerValue the value it must have
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FaultTarget(String service, String instance, String route, String method, String header, String headerValue) {

    boolean matchesProcess(String service, String instance) {
        return this.service.equals(service) && (this.instance == null || this.instance.equals(instance));
    }

    boolean matchesRequest(String method, String path, java.util.function.Function<String, String> headers) {
        if (this.method != null && !this.method.equalsIgnoreCase(method)) {
            return false;
        }
        if (route != null) {
            boolean prefix = route.endsWith("/**");
            String base = prefix ? route.substring(0, route.length() - 3) : route;
            if (prefix ? !(path.equals(base) || path.startsWith(base + "/")) : !path.equals(route)) {
                return false;
            }
        }
        return header == null || (headerValue == null ? headers.apply(header) != null : headerValue.equals(headers.apply(header)));
    }
}
