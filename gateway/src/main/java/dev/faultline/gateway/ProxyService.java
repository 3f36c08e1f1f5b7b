package dev.faultline.gateway;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.faultline.observability.Causes;
import dev.faultline.observability.HttpServerTelemetry;
import dev.faultline.platform.ProcessContext;
import dev.faultline.platform.discovery.Discovery;
import dev.faultline.platform.discovery.Instance;
import dev.faultline.platform.http.ConnectionGuard;
import dev.faultline.platform.http.IdentityHeaders;
import dev.faultline.platform.http.Problem;
import dev.faultline.platform.http.Problems;
import dev.faultline.platform.resilience.ResilienceException;
import dev.faultline.platform.resilience.ResiliencePolicy;
import dev.faultline.platform.upstream.UpstreamClient;
import io.helidon.common.uri.UriQuery;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.http.Status;
import io.helidon.webclient.api.HttpClientResponse;
import io.helidon.webclient.http1.Http1ClientRequest;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * The reverse proxy: matches a route, rewrites the path, forwards method, query, body and end-to-end headers to
 * an instance chosen by {@link Discovery}, under the route's {@link ResiliencePolicy}, and streams the answer
 * back. Failures become problems naming the upstream: breaker open or bulkhead full 503, timeout 504, unreachable
 * 502; an upstream's own 5xx is relayed as it came. GETs of {@code stale-if-error} routes fall back to their last
 * good response.
 */
final class ProxyService implements HttpService {

    /** Identity the gateway vouches for: set from a verified key or token, and never copied from a client. */
    static final HeaderName X_CONSUMER = IdentityHeaders.CONSUMER;
    static final HeaderName X_SUBJECT = IdentityHeaders.SUBJECT;
    static final HeaderName X_CLIENT_ID = IdentityHeaders.CLIENT_ID;
    static final HeaderName X_SCOPES = IdentityHeaders.SCOPES;
    static final HeaderName X_FALLBACK = HeaderNames.create("X-Faultline-Fallback");
    static final HeaderName IDEMPOTENCY_KEY = HeaderNames.create(UpstreamClient.IDEMPOTENCY_KEY);
    private static final int MAX_ERROR_BODY = 64 * 1024;
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(1);
    /** How long a streamed answer may stall; the route's policy bounds the wait for its headers. */
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(60);

    private final GatewaySettings settings;
    // by identity: a route is a record whose hash covers its whole resilience settings, computed on every request
    // otherwise (2 % of the gateway's CPU at saturation, JFR)
    private final Map<GatewaySettings.Route, UpstreamClient> upstreams = new java.util.IdentityHashMap<>();
    private final StaleCache stale;

    ProxyService(GatewaySettings settings, Discovery discovery, ProcessContext context) {
        this.settings = settings;
        this.stale = new StaleCache(context.clock());
        // one client per route: its policy is the route's; its spans and metrics name the upstream service
        settings.routes().forEach(route -> upstreams.put(route, UpstreamClient.create(route.service(), CONNECT_TIMEOUT,
                READ_TIMEOUT, route.resilience(), discovery, context)));
    }

    @Override
    public void routing(HttpRules rules) {
        rules.any("/api", this::proxy).any("/api/*", this::proxy);
    }

    private void proxy(ServerRequest req, ServerResponse res) {
        String path = req.path().rawPath();
        GatewaySettings.Route route = settings.route(path).orElse(null);
        if (route == null) {
            Problems.send(res, Problem.of(404, "Not Found", "No route for " + path + "."));
            return;
        }
        req.context().register(HttpServerTelemetry.ROUTE, route.prefix() + "/**");
        Method method = req.prologue().method();
        byte[] body = ConnectionGuard.readingBody(req,
                () -> req.content().hasEntity() ? readBody(req.content().inputStream()) : null);
        boolean cacheable = method == Method.GET && !route.staleIfError().isZero();
        String upstreamPath = route.rewrite(path);
        UriQuery query = req.query();
        String cacheKey = upstreamPath + "?" + query.rawValue();
        UpstreamClient upstream = upstreams.get(route);
        ResiliencePolicy policy = upstream.policy();
        try {
            HttpClientResponse response = upstream.call(method, req.headers().contains(IDEMPOTENCY_KEY),
                    (request, instance) -> attempt(request, instance, upstreamPath, query, body, req));
            relay(response, res, cacheable ? cacheKey : null);
        } catch (UpstreamFailure.Exception e) {
            if (!serveStale(res, route, policy, cacheable, cacheKey)) {
                failed(res, route, e.failure());
            }
        } catch (ResilienceException e) {
            if (!serveStale(res, route, policy, cacheable, cacheKey)) {
                rejected(res, route, policy, e);
            }
        }
    }

    private HttpClientResponse attempt(Http1ClientRequest request, Instance instance, String upstreamPath, UriQuery query,
                                       byte[] body, ServerRequest req) {
        try {
            String target = upstreamPath + (query.rawValue().isEmpty() ? "" : "?" + query.rawValue());
            // the raw query as the caller wrote it, not re-encoded
            request.uri(URI.create(instance.uri() + target));
            forwardHeaders(req, request);
            HttpClientResponse response = body == null ? request.request() : request.submit(body);
            int status = response.status().code();
            if (status >= 500) {
                try (response) {
                    Map<String, List<String>> headers = new LinkedHashMap<>();
                    Forwarding.responseHeaders(response.headers(), (name, value) ->
                            headers.computeIfAbsent(name, n -> new java.util.ArrayList<>()).add(value));
                    byte[] answer = response.entity().hasEntity() ? response.inputStream().readNBytes(MAX_ERROR_BODY) : new byte[0];
                    throw new UpstreamFailure.Exception(new UpstreamFailure.ServerError(status, headers, answer), null);
                }
            }
            return response;
        } catch (UpstreamFailure.Exception e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new UpstreamFailure.Exception(new UpstreamFailure.Unreachable(instance.id(), Causes.describe(e)), e);
        }
    }

    private void forwardHeaders(ServerRequest req, Http1ClientRequest request) {
        Admission.RequestFacts facts = req.context().get(Admission.RequestFacts.class, Admission.RequestFacts.class)
                .orElseThrow(() -> new IllegalStateException("request was not admitted"));
        boolean authorizationWasTheKey = !req.headers().contains(Admission.X_API_KEY);
        Forwarding.requestHeaders(req.headers(), authorizationWasTheKey,
                (name, value) -> request.headers().add(HeaderNames.create(name), value));
        String client = req.remotePeer().address() instanceof java.net.InetSocketAddress address
                ? address.getAddress().getHostAddress() : req.remotePeer().host();
        String forwardedFor = req.headers().first(HeaderNames.X_FORWARDED_FOR).map(v -> v + ", " + client).orElse(client);
        request.headers().set(HeaderNames.X_FORWARDED_FOR, forwardedFor);
        request.headers().set(HeaderNames.X_FORWARDED_PROTO, req.isSecure() ? "https" : "http");
        req.headers().first(HeaderNames.HOST).ifPresent(host -> request.headers().set(HeaderNames.X_FORWARDED_HOST, host));
        request.headers().set(Admission.X_REQUEST_ID, facts.requestId());
        request.headers().set(X_CONSUMER, facts.caller().consumer());
        facts.caller().token().ifPresent(token -> {
            request.headers().set(X_SUBJECT, token.subject());
            request.headers().set(X_CLIENT_ID, token.clientId());
            request.headers().set(X_SCOPES, String.join(" ", token.scopes()));
        });
    }

    private void relay(HttpClientResponse response, ServerResponse res, String cacheKey) {
        try (response) {
            res.status(response.status());
            Forwarding.responseHeaders(response.headers(), (name, value) -> res.headers().add(HeaderNames.create(name), value));
            if (!response.entity().hasEntity()) {
                res.send();
                return;
            }
            if (cacheKey != null && response.status().code() == 200) {
                byte[] answer = readAnswer(response);
                stale.put(cacheKey, response.headers().contentType().map(t -> t.text()).orElse("application/json"), answer);
                res.send(answer);
                return;
            }
            response.headers().contentLength().ifPresent(res.headers()::contentLength);
            try (InputStream in = response.inputStream(); OutputStream out = res.outputStream()) {
                in.transferTo(out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Relaying the upstream response broke off", e);
        }
    }

    private boolean serveStale(ServerResponse res, GatewaySettings.Route route, ResiliencePolicy policy,
                               boolean cacheable, String key) {
        if (!cacheable) {
            return false;
        }
        return stale.get(key, route.staleIfError()).map(entry -> {
            policy.fallbackServed("stale-if-error");
            res.status(Status.OK_200);
            res.headers().set(HeaderNames.CONTENT_TYPE, entry.contentType());
            res.headers().set(HeaderNames.AGE, Long.toString(entry.age().toSeconds()));
            res.headers().set(HeaderNames.create("Warning"), "110 - \"Response is Stale\"");
            res.headers().set(X_FALLBACK, "stale-if-error");
            res.send(entry.body());
            return true;
        }).orElse(false);
    }

    private static void failed(ServerResponse res, GatewaySettings.Route route, UpstreamFailure failure) {
        switch (failure) {
            case UpstreamFailure.ServerError error -> {
                res.status(Status.create(error.status()));
                error.headers().forEach((name, values) -> values.forEach(v -> res.headers().add(HeaderNames.create(name), v)));
                res.send(error.body());
            }
            case UpstreamFailure.Unreachable unreachable -> Problems.send(res, Problem.typed("upstream-unreachable", 502,
                    "Bad Gateway", route.service() + " unreachable at " + unreachable.instance() + ": " + unreachable.reason()));
        }
    }

    private static void rejected(ServerResponse res, GatewaySettings.Route route, ResiliencePolicy policy,
                                 ResilienceException e) {
        switch (e.kind()) {
            case BREAKER_OPEN -> {
                long retryAfter = Math.max(1, policy.settings().breakerDelay().toSeconds());
                res.headers().set(HeaderNames.RETRY_AFTER, Long.toString(retryAfter));
                Problems.send(res, Problem.typed("upstream-circuit-open", 503, "Service Unavailable", route.service()
                        + ": circuit breaker open after too many failures; calls are refused for now. Retry after "
                        + retryAfter + " s."));
            }
            case BULKHEAD_FULL -> Problems.send(res, Problem.typed("upstream-bulkhead-full", 503, "Service Unavailable",
                    route.service() + ": bulkhead full (" + policy.settings().bulkheadLimit() + " calls running, "
                            + policy.settings().bulkheadQueue() + " waiting); the call was refused."));
            case TIMEOUT -> Problems.send(res, Problem.typed("upstream-timeout", 504, "Gateway Timeout",
                    route.service() + ": no response within " + policy.settings().timeout().toMillis() + " ms."));
        }
    }

    /**
     * The whole answer, read in one piece when its length is known: {@code readAllBytes} reads in 16 KB steps, and
     * each step made the client allocate a 16 KB buffer for a body of a few hundred bytes (41 % of the gateway's
     * allocation at saturation, JFR).
     */
    private static byte[] readAnswer(HttpClientResponse response) throws IOException {
        try (InputStream in = response.inputStream()) {
            var length = response.headers().contentLength();
            return length.isPresent() && length.getAsLong() <= Integer.MAX_VALUE
                    ? in.readNBytes((int) length.getAsLong()) : in.readAllBytes();
        }
    }

    private static byte[] readBody(InputStream in) {
        try (in) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
