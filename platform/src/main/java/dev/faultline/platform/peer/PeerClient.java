package dev.faultline.platform.peer;

import java.net.ConnectException;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.faultline.observability.Causes;
import dev.faultline.platform.ProcessContext;
import dev.faultline.platform.discovery.Discovery;
import dev.faultline.platform.discovery.Instance;
import dev.faultline.platform.http.Json;
import dev.faultline.platform.resilience.ResilienceException;
import dev.faultline.platform.resilience.ResiliencePolicy;
import dev.faultline.platform.upstream.UpstreamClient;
import io.helidon.http.HeaderNames;
import io.helidon.http.HttpMediaTypes;
import io.helidon.http.Method;
import io.helidon.webclient.api.HttpClientResponse;
import io.helidon.webclient.http1.Http1ClientRequest;

/**
 * JSON over HTTP to one peer service, on an {@link UpstreamClient} (discovery, the peer's policy, the retry rule):
 * GET and DELETE, and a POST carrying an {@code Idempotency-Key}, may be retried (on another instance). A 5xx, an
 * I/O failure or a call the policy stops is a {@link PeerUnavailableException}; any other status is returned for
 * the caller to interpret.
 */
public final class PeerClient {

    /** Marks a POST as safe to repeat. */
    public static final String IDEMPOTENCY_KEY = UpstreamClient.IDEMPOTENCY_KEY;

    private final UpstreamClient upstream;

    private PeerClient(UpstreamClient upstream) {
        this.upstream = upstream;
    }

    /** A client for the named peer, whose instances {@code discovery} knows. */
    public static PeerClient create(String peer, PeerSettings settings, Discovery discovery, ProcessContext context) {
        return new PeerClient(UpstreamClient.create(peer, settings.connectTimeout(), settings.readTimeout(),
                settings.resilience(), discovery, context));
    }

    /** The peer's name. */
    public String peer() {
        return upstream.service();
    }

    /** The policy guarding calls to the peer. */
    public ResiliencePolicy policy() {
        return upstream.policy();
    }

    public PeerResponse get(String path) {
        return get(path, Map.of());
    }

    /** A GET with query parameters (a query written into the path would not be parsed). */
    public PeerResponse get(String path, Map<String, String> query) {
        return call(Method.GET, path, query, null, Map.of());
    }

    /** A POST; it is retried only when {@code headers} carry an {@link #IDEMPOTENCY_KEY}. */
    public PeerResponse post(String path, Object body, Map<String, String> headers) {
        return call(Method.POST, path, Map.of(), body, headers);
    }

    public PeerResponse delete(String path) {
        return call(Method.DELETE, path, Map.of(), null, Map.of());
    }

    private PeerResponse call(Method method, String path, Map<String, String> query, Object body,
                              Map<String, String> headers) {
        String json = body == null ? null : Json.write(body);
        Attempts attempts = new Attempts();
        try {
            return upstream.call(method, headers.containsKey(IDEMPOTENCY_KEY),
                    (request, instance) -> attempt(request, instance, path, query, json, headers, attempts));
        } catch (ResilienceException e) {
            throw new PeerUnavailableException(peer(), e.kind().description(), attempts.mayHaveLanded(), e);
        } catch (PeerUnavailableException e) {
            throw new PeerUnavailableException(peer(), e.reason(), attempts.mayHaveLanded(), e.getCause());
        }
    }

    private PeerResponse attempt(Http1ClientRequest request, Instance instance, String path, Map<String, String> query,
                                 String json, Map<String, String> headers, Attempts attempts) {
        attempts.started();
        try {
            request.path(path).accept(HttpMediaTypes.JSON_UTF_8.mediaType());
            query.forEach(request::queryParam);
            headers.forEach((name, value) -> request.header(HeaderNames.create(name), value));
            try (HttpClientResponse response = json == null ? request.request()
                    : request.contentType(HttpMediaTypes.JSON_UTF_8).submit(json)) {
                int status = response.status().code();
                String text = response.entity().hasEntity() ? response.entity().as(String.class) : "";
                JsonNode answer = text.isBlank() ? MissingNode.getInstance() : parse(text);
                if (status >= 500) {
                    throw new PeerUnavailableException(peer(), "HTTP " + status + " from " + instance.id() + " "
                            + answer.path("detail").asText(""), true, null);
                }
                return new PeerResponse(status, answer);
            }
        } catch (PeerUnavailableException e) {
            throw e;
        } catch (RuntimeException e) {
            // Helidon reports refused connections, resets and read timeouts as unchecked exceptions
            boolean refused = Causes.root(e) instanceof ConnectException;
            if (refused) {
                attempts.refused();
            }
            throw new PeerUnavailableException(peer(), Causes.describe(e) + " (" + instance.id() + ")", !refused, e);
        }
    }

    /**
     * What the attempts of one call did. A call's outcome is unknown when any attempt may have reached the peer,
     * not only the last: the first may have charged before its answer was lost, and a retry that the breaker then
     * refuses says nothing about it.
     */
    private static final class Attempts {

        private final AtomicInteger started = new AtomicInteger();
        private final AtomicInteger refused = new AtomicInteger();

        void started() {
            started.incrementAndGet();
        }

        void refused() {
            refused.incrementAndGet();
        }

        /** Whether some attempt got further than a refused connection (a timed-out one still counts). */
        boolean mayHaveLanded() {
            return started.get() > refused.get();
        }
    }

    private JsonNode parse(String text) {
        try {
            return Json.mapper().readTree(text);
        } catch (JsonProcessingException e) {
            throw new PeerUnavailableException(peer(), "answered with a body that is not JSON", true, e);
        }
    }
}
