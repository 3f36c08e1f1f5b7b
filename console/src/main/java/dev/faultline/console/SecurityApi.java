package dev.faultline.console;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import dev.faultline.chaos.runner.control.AdminClient;
import dev.faultline.chaos.runner.control.ControlException;
import dev.faultline.chaos.runner.control.ProcessEndpoint;
import dev.faultline.chaos.runner.control.SandboxEndpoints;
import dev.faultline.chaos.runner.metrics.MetricsText;
import dev.faultline.chaos.runner.metrics.PrometheusNames;
import dev.faultline.chaos.runner.metrics.Sample;
import dev.faultline.observability.TelemetryNames;
import dev.faultline.platform.http.ApiRoutes;
import dev.faultline.platform.http.Json;
import dev.faultline.platform.http.Problem;
import dev.faultline.platform.http.ProblemException;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * The Security page's API. {@code GET /api/security}: the gateway's access policy as the gateway states it (each
 * route's scopes, how tokens are checked, every check's reason and words) and the issuer its metadata names: the
 * issuer string and its published keys, public halves only, which the page verifies a pasted token against in the
 * browser (a token is never sent to the console). {@code GET /api/security/rejections}: access tokens the gateways
 * refused so far, by reason, with the time of reading (the page takes the rate between two reads).
 */
final class SecurityApi implements HttpService {

    private static final String REJECTIONS = PrometheusNames.counter(TelemetryNames.AUTH_REJECTIONS);
    private static final Duration TIMEOUT = Duration.ofSeconds(3);

    private final SandboxEndpoints endpoints;
    private final AdminClient admin;
    private final Clock clock;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    SecurityApi(SandboxEndpoints endpoints, Clock clock) {
        this.endpoints = endpoints;
        this.admin = new AdminClient(endpoints.adminToken());
        this.clock = clock;
    }

    @Override
    public void routing(HttpRules rules) {
        ApiRoutes.create()
                .get("/api/security", this::policy)
                .get("/api/security/rejections", this::rejections)
                .registerOn(rules);
    }

    private void policy(ServerRequest req, ServerResponse res) {
        JsonNode policy;
        try {
            policy = admin.accessPolicy(gateway());
        } catch (ControlException e) {
            throw unreachable(e);
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("policy", policy);
        answer.put("issuer", issuer(URI.create(policy.path("discovery").asText())));
        Json.send(res, answer);
    }

    /** The issuer its metadata names and its published keys; a note instead when it cannot be read now. */
    private Map<String, Object> issuer(URI discovery) {
        Map<String, Object> issuer = new LinkedHashMap<>();
        try {
            JsonNode metadata = Json.parse(get(discovery));
            issuer.put("issuer", metadata.path("issuer").asText());
            issuer.put("keys", Json.parse(get(URI.create(metadata.path("jwks_uri").asText()))).path("keys"));
        } catch (IOException | RuntimeException e) {
            issuer.put("unreachable", "The issuer's metadata or keys at " + discovery + " cannot be read now ("
                    + e.getClass().getSimpleName() + "): signatures cannot be checked here.");
        }
        return issuer;
    }

    private String get(URI uri) throws IOException {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri).timeout(TIMEOUT).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IOException(uri + " answered " + response.statusCode());
            }
            return response.body();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    private void rejections(ServerRequest req, ServerResponse res) {
        Map<String, Double> byReason = new TreeMap<>();
        for (ProcessEndpoint gateway : gateways()) {
            try {
                for (Sample sample : MetricsText.parse(admin.metrics(gateway))) {
                    if (sample.name().equals(REJECTIONS)) {
                        byReason.merge(sample.label("reason"), sample.value(), Double::sum);
                    }
                }
            } catch (ControlException e) {
                throw unreachable(e);
            }
        }
        Json.send(res, Map.of("time", clock.millis(), "byReason", byReason));
    }

    private ProcessEndpoint gateway() {
        return gateways().getFirst();
    }

    private List<ProcessEndpoint> gateways() {
        List<ProcessEndpoint> gateways = endpoints.processes().stream()
                .filter(process -> process.service().equals(SandboxEndpoints.GATEWAY)).toList();
        if (gateways.isEmpty()) {
            throw new ProblemException(Problem.typed("no-gateway", 503, "Service Unavailable",
                    "The sandbox the console watches has no gateway."));
        }
        return gateways;
    }

    private static ProblemException unreachable(ControlException e) {
        return new ProblemException(Problem.typed("gateway-unreachable", 503, "Service Unavailable", e.getMessage()));
    }
}
