package dev.faultline.platform.peer;

import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.faultline.platform.http.Json;
import io.helidon.http.HeaderNames;
import io.helidon.http.HttpMediaTypes;
import io.helidon.http.Method;
import io.helidon.webclient.api.HttpClientRequest;
import io.helidon.webclient.api.HttpClientResponse;
import io.helidon.webclient.api.WebClient;

/**
 * JSON over HTTP to one peer service; the one place where outbound calls are set up, so resilience and
 * telemetry can be added around every call at once. A 5xx or an I/O failure is a
 * {@link PeerUnavailableException}; any other status is returned for the caller to interpret.
 */
public final class PeerClient {

    private final String peer;
    private final WebClient client;

    private PeerClient(String peer, WebClient client) {
        this.peer = peer;
        this.client = client;
    }

    /** A client for the named peer. */
    public static PeerClient create(String peer, PeerSettings settings) {
        WebClient client = WebClient.builder()
                .baseUri(settings.url())
                .socketOptions(options -> options.connectTimeout(settings.connectTimeout())
                        .readTimeout(settings.readTimeout()))
                .readTimeout(settings.readTimeout())
                .followRedirects(false)
                .build();
        return new PeerClient(peer, client);
    }

    /** The peer's name. */
    public String peer() {
        return peer;
    }

    public PeerResponse get(String path) {
        return call(client.method(Method.GET).path(path), null);
    }

    /** A GET with query parameters (a query written into the path would not be parsed). */
    public PeerResponse get(String path, Map<String, String> query) {
        HttpClientRequest request = client.method(Method.GET).path(path);
        query.forEach(request::queryParam);
        return call(request, null);
    }

    public PeerResponse post(String path, Object body) {
        return call(client.method(Method.POST).path(path), body);
    }

    /** A POST with extra request headers (an {@code Idempotency-Key}, say). */
    public PeerResponse post(String path, Object body, Map<String, String> headers) {
        HttpClientRequest request = client.method(Method.POST).path(path);
        headers.forEach((name, value) -> request.header(HeaderNames.create(name), value));
        return call(request, body);
    }

    public PeerResponse delete(String path) {
        return call(client.method(Method.DELETE).path(path), null);
    }

    private PeerResponse call(HttpClientRequest request, Object body) {
        request.accept(HttpMediaTypes.JSON_UTF_8.mediaType());
        try (HttpClientResponse response = body == null ? request.request()
                : request.contentType(HttpMediaTypes.JSON_UTF_8).submit(Json.write(body))) {
            int status = response.status().code();
            String text = response.entity().hasEntity() ? response.entity().as(String.class) : "";
            JsonNode json = text.isBlank() ? MissingNode.getInstance() : parse(text);
            if (status >= 500) {
                throw new PeerUnavailableException(peer, "HTTP " + status + " " + json.path("detail").asText(""), null);
            }
            return new PeerResponse(status, json);
        } catch (PeerUnavailableException e) {
            throw e;
        } catch (RuntimeException e) {
            // Helidon reports refused connections, resets and timeouts as unchecked exceptions
            throw new PeerUnavailableException(peer, describe(e), e);
        }
    }

    private JsonNode parse(String text) {
        try {
            return Json.mapper().readTree(text);
        } catch (JsonProcessingException e) {
            throw new PeerUnavailableException(peer, "answered with a body that is not JSON", e);
        }
    }

    private static String describe(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage();
        return root.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }
}
