package dev.faultline.observability;

import java.net.InetSocketAddress;
import java.time.Duration;

import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.Headers;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Timer;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapGetter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Server-side telemetry of every request on an API socket: continues the caller's W3C trace context (and
 * baggage), opens a SERVER span named {@code METHOD /route/{template}} with the stable HTTP semantic-convention
 * attributes, records {@code http.server.request.duration} by method, route template and status (with the trace
 * as exemplar), and writes one access-log line. The gateway also returns the trace to its caller in a
 * {@code traceresponse} header (W3C Trace Context level 2).
 */
public final class HttpServerTelemetry implements Filter {

    /** Set in the request context to name the route when the matched pattern is too coarse (the gateway's proxy). */
    public static final String ROUTE = "faultline.http.route";

    static final HeaderName TRACERESPONSE = HeaderNames.create("traceresponse");
    private static final Logger ACCESS = LoggerFactory.getLogger("faultline.access");
    private static final TextMapGetter<Headers> GETTER = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Headers headers) {
            return headers.stream().map(header -> header.name()).toList();
        }

        @Override
        public String get(Headers headers, String key) {
            return headers == null ? null : headers.first(HeaderNames.create(key)).orElse(null);
        }
    };

    private final boolean traceResponse;

    private HttpServerTelemetry(boolean traceResponse) {
        this.traceResponse = traceResponse;
    }

    /** Telemetry for a service's API socket. */
    public static HttpServerTelemetry create() {
        return new HttpServerTelemetry(false);
    }

    /** Telemetry for an edge (the gateway): the response tells the caller its trace id. */
    public static HttpServerTelemetry edge() {
        return new HttpServerTelemetry(true);
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        long started = System.nanoTime();
        var openTelemetry = GlobalOpenTelemetry.get();
        Context parent = TelemetryFaults.dropsContext(req, res) ? Context.root()
                : openTelemetry.getPropagators().getTextMapPropagator().extract(Context.current(), req.headers(), GETTER);
        String method = req.prologue().method().text();
        Span span = openTelemetry.getTracer(TelemetryNames.class.getPackageName())
                .spanBuilder(method)
                .setParent(parent)
                .setSpanKind(SpanKind.SERVER)
                .setAttribute(HttpAttributes.REQUEST_METHOD, method)
                .setAttribute(HttpAttributes.URL_PATH, req.path().rawPath())
                .setAttribute(HttpAttributes.URL_SCHEME, req.isSecure() ? "https" : "http")
                .setAttribute(HttpAttributes.SERVER_ADDRESS, req.localPeer().host())
                .setAttribute(HttpAttributes.SERVER_PORT, (long) req.localPeer().port())
                .setAttribute(HttpAttributes.CLIENT_ADDRESS, clientAddress(req))
                .startSpan();
        if (traceResponse) {
            SpanContext context = span.getSpanContext();
            res.headers().set(TRACERESPONSE, "00-" + context.getTraceId() + "-" + context.getSpanId() + "-"
                    + context.getTraceFlags().asHex());
        }
        Throwable failure = null;
        try (Scope scope = parent.with(span).makeCurrent()) {
            try {
                chain.proceed();
            } catch (RuntimeException | Error e) {
                failure = e;
                throw e;
            } finally {
                finish(req, res, span, method, started, failure);
            }
        }
    }

    private static void finish(RoutingRequest req, RoutingResponse res, Span span, String method, long started,
                               Throwable failure) {
        String route = req.context().get(ROUTE, String.class)
                .or(req::matchingPattern)
                .orElse("unmatched");
        int status = failure == null ? res.status().code() : 500;
        span.updateName(method + " " + route);
        span.setAttribute(HttpAttributes.ROUTE, route);
        span.setAttribute(HttpAttributes.RESPONSE_STATUS_CODE, (long) status);
        if (failure != null) {
            span.recordException(failure);
            span.setAttribute(HttpAttributes.ERROR_TYPE, failure.getClass().getName());
            span.setStatus(StatusCode.ERROR);
        } else if (status >= 500) {
            span.setAttribute(HttpAttributes.ERROR_TYPE, Integer.toString(status));
            span.setStatus(StatusCode.ERROR);
        }
        Duration duration = Duration.ofNanos(System.nanoTime() - started);
        // recorded while the span is current, so the histogram bucket gets this trace as its exemplar
        Timer.builder(TelemetryNames.HTTP_SERVER_DURATION)
                .description("Duration of HTTP server requests")
                .tag(HttpAttributes.REQUEST_METHOD.getKey(), method)
                .tag(HttpAttributes.ROUTE.getKey(), route)
                .tag(HttpAttributes.RESPONSE_STATUS_CODE.getKey(), Integer.toString(status))
                .serviceLevelObjectives(TelemetryNames.DURATION_BUCKETS)
                .register(Metrics.globalRegistry)
                .record(duration);
        ACCESS.info("{} {} route={} status={} duration_ms={}", method, req.path().rawPath(), route, status,
                duration.toNanos() / 1_000_000.0);
        span.end();
    }

    private static String clientAddress(RoutingRequest req) {
        return req.remotePeer().address() instanceof InetSocketAddress address && address.getAddress() != null
                ? address.getAddress().getHostAddress() : req.remotePeer().host();
    }

    /** Stable HTTP semantic-convention attribute keys. */
    static final class HttpAttributes {
        static final AttributeKey<String> REQUEST_METHOD = AttributeKey.stringKey("http.request.method");
        static final AttributeKey<String> ROUTE = AttributeKey.stringKey("http.route");
        static final AttributeKey<Long> RESPONSE_STATUS_CODE = AttributeKey.longKey("http.response.status_code");
        static final AttributeKey<String> URL_PATH = AttributeKey.stringKey("url.path");
        static final AttributeKey<String> URL_FULL = AttributeKey.stringKey("url.full");
        static final AttributeKey<String> URL_SCHEME = AttributeKey.stringKey("url.scheme");
        static final AttributeKey<String> SERVER_ADDRESS = AttributeKey.stringKey("server.address");
        static final AttributeKey<Long> SERVER_PORT = AttributeKey.longKey("server.port");
        static final AttributeKey<String> CLIENT_ADDRESS = AttributeKey.stringKey("client.address");
        static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");
        static final AttributeKey<String> PEER_SERVICE = AttributeKey.stringKey("peer.service");

        private HttpAttributes() {
        }
    }
}
