package dev.faultline.chaos.runner.scenario;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.faultline.chaos.runner.control.ProcessEndpoint;

/**
 * Marks each fault's start and end on Grafana's dashboards through its HTTP API ({@code POST /api/annotations},
 * then {@code PATCH /api/annotations/{id}} with {@code timeEnd}): one region per fault, tagged
 * {@code faultline}, {@code chaos}, the kind and the service, which the Chaos dashboard shows. As a
 * {@link RunListener} it opens a region when a run applies a fault and closes it when the run ends it.
 */
public final class GrafanaAnnotations implements RunListener {

    /** Tags every Faultline annotation carries; the dashboards filter on them. */
    public static final List<String> TAGS = List.of("faultline", "chaos");

    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI grafana;
    private final String token;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    /** The open region of each fault a run applied, by process and fault id. */
    private final Map<String, Long> regions = new ConcurrentHashMap<>();

    /** @param token a service-account token, or empty for anonymous access (the workshop stack's setting) */
    public GrafanaAnnotations(URI grafana, String token) {
        this.grafana = grafana;
        this.token = token;
    }

    /**
     * Opens a region at {@code epochMillis}.
     *
     * @return the annotation's id
     * @throws IOException when Grafana refuses or does not answer
     */
    public long start(long epochMillis, String text, String kind, String service, String scenario) throws IOException {
        ObjectNode body = JSON.createObjectNode();
        body.put("time", epochMillis);
        body.put("text", text);
        var tags = body.putArray("tags");
        TAGS.forEach(tags::add);
        tags.add(kind).add(service).add("scenario:" + scenario);
        HttpResponse<String> response = send(HttpRequest.newBuilder(grafana.resolve("/api/annotations"))
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())));
        OptionalLong id = OptionalLong.of(JSON.readTree(response.body()).path("id").asLong(-1));
        if (id.getAsLong() < 0) {
            throw new IOException("Grafana answered no annotation id: " + response.body());
        }
        return id.getAsLong();
    }

    @Override
    public void faultStarted(Scenario scenario, Step.Inject inject, ProcessEndpoint process, String id)
            throws IOException {
        regions.put(process.name() + ":" + id, start(System.currentTimeMillis(), scenario.title() + ": "
                + inject.name() + " (" + inject.fault().kind() + " on " + inject.service() + ")",
                inject.fault().kind(), inject.service(), scenario.name()));
    }

    @Override
    public void faultEnded(String name, ProcessEndpoint process, String id) throws IOException {
        Long region = regions.remove(process.name() + ":" + id);
        if (region != null) {
            end(region, System.currentTimeMillis());
        }
    }

    /** Closes a region at {@code epochMillis}. */
    public void end(long id, long epochMillis) throws IOException {
        ObjectNode body = JSON.createObjectNode();
        body.put("timeEnd", epochMillis);
        send(HttpRequest.newBuilder(grafana.resolve("/api/annotations/" + id))
                .method("PATCH", HttpRequest.BodyPublishers.ofString(body.toString())));
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException {
        request.header("Content-Type", "application/json").timeout(Duration.ofSeconds(5));
        if (!token.isEmpty()) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() >= 300) {
                throw new IOException("Grafana answered " + response.statusCode() + ": " + response.body());
            }
            return response;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }
}
