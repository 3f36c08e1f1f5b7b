package dev.faultline.observability;

import java.util.List;
import java.net.InetSocketAddress;
import java.time.Duration;

import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.Headers;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.semconv.ClientAttributes;
import io.opentelemetry.semconv.ErrorAttributes;
import io.opentelemetry.semconv.HttpAttributes;
import io.opentelemetry.semconv.ServerAttributes;
import io.opentelemetry.semconv.UrlAttributes;
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

    private final Telemetry telemetry;
    private final Tracer tracer;
    private final boolean traceResponse;
    private final DurationTimers durations;

    private HttpServerTelemetry(Telemetry telemetry, boolean traceResponse) {
        this.telemetry = telemetry;
        this.tracer = telemetry.tracer(TelemetryNames.class);
        this.traceResponse = traceResponse;
        this.durations = new DurationTimers(telemetry.meters(), TelemetryNames.HTTP_SERVER_DURATION,
                "Duration of HTTP server requests", List.of(HttpAttributes.HTTP_REQUEST_METHOD.getKey(),
                HttpAttributes.HTTP_ROUTE.getKey(), HttpAttributes.HTTP_RESPONSE_STATUS_CODE.getKey()));
    }

    /** Telemetry for a service's API socket. */
    public static HttpServerTelemetry create(Telemetry telemetry) {
        return new HttpServerTelemetry(telemetry, false);
    }

    /** Telemetry for an edge (the gateway): the response tells the caller its trace id. */
    public static HttpServerTelemetry edge(Telemetry telemetry) {
        return new HttpServerTelemetry(telemetry, true);
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        long started = System.nanoTime();
        Context parent = telemetry.faults().dropsContext(req, res) ? Context.root()
                : telemetry.openTelemetry().getPropagators().getTextMapPropagator().extract(Context.current(), req.headers(), GETTER);
        String method = req.prologue().method().text();
        Span span = tracer.spanBuilder(method)
                .setParent(parent)
                .setSpanKind(SpanKind.SERVER)
                .setAttribute(HttpAttributes.HTTP_REQUEST_METHOD, method)
                .setAttribute(UrlAttributes.URL_PATH, req.path().rawPath())
                .setAttribute(UrlAttributes.URL_SCHEME, req.isSecure() ? "https" : "http")
                .setAttribute(ServerAttributes.SERVER_ADDRESS, req.localPeer().host())
                .setAttribute(ServerAttributes.SERVER_PORT, (long) req.localPeer().port())
                .setAttribute(ClientAttributes.CLIENT_ADDRESS, clientAddress(req))
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

    private void finish(RoutingRequest req, RoutingResponse res, Span span, String method, long started,
                               Throwable failure) {
        String route = req.context().get(ROUTE, String.class)
                .or(req::matchingPattern)
                .orElse("unmatched");
        int status = failure == null ? res.status().code() : 500;
        span.updateName(method + " " + route);
        span.setAttribute(HttpAttributes.HTTP_ROUTE, route);
        span.setAttribute(HttpAttributes.HTTP_RESPONSE_STATUS_CODE, (long) status);
        if (failure != null) {
            span.recordException(failure);
            span.setAttribute(ErrorAttributes.ERROR_TYPE, failure.getClass().getName());
            span.setStatus(StatusCode.ERROR);
        } else if (status >= 500) {
            span.setAttribute(ErrorAttributes.ERROR_TYPE, Integer.toString(status));
            span.setStatus(StatusCode.ERROR);
        }
        Duration duration = Duration.ofNanos(System.nanoTime() - started);
        // recorded while the span is current, so the histogram bucket gets this trace as its exemplar
        durations.with(method, route, Integer.toString(status)).record(duration);
        ACCESS.info("{} {} route={} status={} duration_ms={}", method, req.path().rawPath(), route, status,
                duration.toNanos() / 1_000_000.0);
        span.end();
    }

    private static String clientAddress(RoutingRequest req) {
        return req.remotePeer().address() instanceof InetSocketAddress address && address.getAddress() != null
                ? address.getAddress().getHostAddress() : req.remotePeer().host();
    }

    /** peer.service is not in the stable semantic conventions yet (its key is the incubating one). */
    static final AttributeKey<String> PEER_SERVICE = AttributeKey.stringKey("peer.service");
}
