package dev.faultline.observability;

import java.time.Duration;
import java.util.List;

import io.helidon.http.ClientRequestHeaders;
import io.helidon.http.HeaderNames;
import io.helidon.webclient.api.WebClientServiceRequest;
import io.helidon.webclient.api.WebClientServiceResponse;
import io.helidon.webclient.spi.WebClientService;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapSetter;
import io.opentelemetry.semconv.ErrorAttributes;
import io.opentelemetry.semconv.HttpAttributes;
import io.opentelemetry.semconv.ServerAttributes;
import io.opentelemetry.semconv.UrlAttributes;

/**
 * Client-side telemetry of every call a WebClient makes to a peer: a CLIENT span named after the peer, W3C
 * {@code traceparent} and {@code baggage} injected into the request, and {@code http.client.request.duration}
 * by peer service, method and status.
 */
public final class HttpClientTelemetry implements WebClientService {

    private static final TextMapSetter<ClientRequestHeaders> SETTER =
            (headers, key, value) -> headers.set(HeaderNames.create(key), value);

    private final Telemetry telemetry;
    private final String peer;
    private final DurationTimers durations;

    private HttpClientTelemetry(Telemetry telemetry, String peer) {
        this.telemetry = telemetry;
        this.peer = peer;
        this.durations = new DurationTimers(telemetry.meters(), TelemetryNames.HTTP_CLIENT_DURATION,
                "Duration of HTTP client requests, until the response headers arrive", List.of(
                        HttpServerTelemetry.PEER_SERVICE.getKey(), HttpAttributes.HTTP_REQUEST_METHOD.getKey(),
                        HttpAttributes.HTTP_RESPONSE_STATUS_CODE.getKey()));
    }

    /** Telemetry of calls to the named peer service. */
    public static HttpClientTelemetry create(Telemetry telemetry, String peer) {
        return new HttpClientTelemetry(telemetry, peer);
    }

    @Override
    public String name() {
        return "faultline-telemetry";
    }

    @Override
    public String type() {
        return "faultline-telemetry";
    }

    @Override
    public WebClientServiceResponse handle(Chain chain, WebClientServiceRequest request) {
        long started = System.nanoTime();
        var openTelemetry = telemetry.openTelemetry();
        String method = request.method().text();
        Span span = telemetry.tracer(TelemetryNames.class)
                .spanBuilder(method + " " + peer)
                .setSpanKind(SpanKind.CLIENT)
                .setAttribute(HttpServerTelemetry.PEER_SERVICE, peer)
                .setAttribute(HttpAttributes.HTTP_REQUEST_METHOD, method)
                .setAttribute(ServerAttributes.SERVER_ADDRESS, request.uri().host())
                .setAttribute(ServerAttributes.SERVER_PORT, (long) request.uri().port())
                .setAttribute(UrlAttributes.URL_FULL, request.uri().scheme() + "://"
                        + request.uri().authority() + request.uri().path().rawPath())
                .startSpan();
        String status = "none";
        try (Scope scope = span.makeCurrent()) {
            openTelemetry.getPropagators().getTextMapPropagator().inject(Context.current(), request.headers(), SETTER);
            WebClientServiceResponse response = chain.proceed(request);
            int code = response.status().code();
            status = Integer.toString(code);
            span.setAttribute(HttpAttributes.HTTP_RESPONSE_STATUS_CODE, (long) code);
            if (code >= 500) {
                span.setAttribute(ErrorAttributes.ERROR_TYPE, status);
                span.setStatus(StatusCode.ERROR);
            }
            return response;
        } catch (RuntimeException e) {
            span.recordException(e);
            span.setAttribute(ErrorAttributes.ERROR_TYPE, Causes.root(e).getClass().getName());
            span.setStatus(StatusCode.ERROR);
            throw e;
        } finally {
            try (Scope scope = span.makeCurrent()) {
                durations.with(peer, method, status).record(Duration.ofNanos(System.nanoTime() - started));
            }
            span.end();
        }
    }
}
