package dev.faultline.chaos.runner.control;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.core.JsonProcessingException;
import dev.faultline.chaos.model.AdminApi;
import dev.faultline.chaos.model.FaultSpec;

/**
 * The chaos admin API of each process (the {@code /chaos} paths on its admin socket, bearer token) and its
 * {@code /metrics}: the one client the CLI's fault, scenario and top commands share.
 */
public final class AdminClient {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    private final String token;

    public AdminClient(String token) {
        this.token = token;
    }

    /**
     * Applies a fault on one process.
     *
     * @param fault the fault; it goes to this process only
     * @return the fault as the process holds it, with its {@code id}
     * @throws ControlException with the process's problem detail when it refuses
     */
    public JsonNode inject(ProcessEndpoint process, FaultSpec fault) {
        return post(process, fault, AdminApi.FAULTS);
    }

    /**
     * Asks one process whether it would accept a fault, applying nothing.
     *
     * @throws ControlException with the process's problem detail when it would refuse
     */
    public void check(ProcessEndpoint process, FaultSpec fault) {
        post(process, fault, AdminApi.FAULTS + "?" + AdminApi.DRY_RUN + "=true");
    }

    private JsonNode post(ProcessEndpoint process, FaultSpec fault, String path) {
        String body;
        try {
            body = JSON.writeValueAsString(fault.on(process.name()).wire());
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("The fault cannot be written as JSON: " + e.getMessage(), e);
        }
        HttpResponse<String> response = send(process, HttpRequest.newBuilder(process.admin(path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
        return json(process, response);
    }

    /** The faults active on one process now, each with {@code remainingMs}; hidden ones are left out. */
    public List<JsonNode> faults(ProcessEndpoint process) {
        return faults(process, AdminApi.FAULTS);
    }

    /** Every fault active on one process now, hidden ones (a mystery's) too. */
    public List<JsonNode> allFaults(ProcessEndpoint process) {
        return faults(process, AdminApi.FAULTS + "?" + AdminApi.INCLUDE_HIDDEN + "=true");
    }

    private List<JsonNode> faults(ProcessEndpoint process, String path) {
        JsonNode answer = json(process, send(process, HttpRequest.newBuilder(process.admin(path)).GET()));
        List<JsonNode> items = new ArrayList<>();
        answer.path("items").forEach(items::add);
        return items;
    }

    /** Ends one fault early; false when the process does not hold it (ended, or never there). */
    public boolean clear(ProcessEndpoint process, String id) {
        HttpResponse<String> response = send(process, HttpRequest.newBuilder(process.admin(AdminApi.fault(id))).DELETE());
        if (response.statusCode() == 404) {
            return false;
        }
        require(process, response);
        return true;
    }

    /** Ends every fault on one process; returns how many it ended. */
    public int reset(ProcessEndpoint process) {
        JsonNode answer = json(process, send(process, HttpRequest.newBuilder(process.admin(AdminApi.RESET))
                .POST(HttpRequest.BodyPublishers.noBody())));
        return answer.path("cleared").asInt();
    }

    /** The token issuer's signing keys: which signs, which are published, the rotation under way. */
    public JsonNode keys(ProcessEndpoint issuer) {
        return json(issuer, send(issuer, HttpRequest.newBuilder(issuer.admin(AdminApi.KEYS)).GET()));
    }

    /**
     * Rotates the issuer's signing key: a new key published now, signing after {@code lead} (the issuer's own lead
     * when empty). The answer names the new key, when it signs, and when the old one retires.
     */
    public JsonNode rotateSigningKey(ProcessEndpoint issuer, Optional<Duration> lead) {
        HttpRequest.Builder request = HttpRequest.newBuilder(issuer.admin(AdminApi.KEYS_ROTATE));
        lead.ifPresentOrElse(d -> request.header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"leadSeconds\": " + d.toSeconds() + "}")),
                () -> request.POST(HttpRequest.BodyPublishers.noBody()));
        return json(issuer, send(issuer, request));
    }

    /** The users service's personal-data keys: which seals now, and how many rows each seals. */
    public JsonNode personalData(ProcessEndpoint users) {
        return json(users, send(users, HttpRequest.newBuilder(users.admin(AdminApi.PERSONAL_DATA)).GET()));
    }

    /** A new personal-data key for the users service, every row moved to it; the keys after, and how many moved. */
    public JsonNode rotatePersonalDataKey(ProcessEndpoint users) {
        return json(users, send(users, HttpRequest.newBuilder(users.admin(AdminApi.PERSONAL_DATA_ROTATE))
                .POST(HttpRequest.BodyPublishers.noBody())));
    }

    /** The gateway's access policy: each route's scopes, how tokens are checked, every check's reason. */
    public JsonNode accessPolicy(ProcessEndpoint gateway) {
        return json(gateway, send(gateway, HttpRequest.newBuilder(gateway.admin(AdminApi.ACCESS_POLICY)).GET()));
    }

    /** The process's Prometheus text exposition. */
    public String metrics(ProcessEndpoint process) {
        HttpResponse<String> response = send(process, HttpRequest.newBuilder(process.admin("/metrics")).GET());
        require(process, response);
        return response.body();
    }

    private HttpResponse<String> send(ProcessEndpoint process, HttpRequest.Builder request) {
        URI uri = request.build().uri();
        if (token != null && !token.isEmpty()) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            return http.send(request.timeout(TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());
        } catch (ConnectException e) {
            throw new ControlException(process.name() + " does not answer on " + uri.getHost() + ":" + uri.getPort()
                    + " (is the sandbox up? ./faultline up)", e);
        } catch (IOException e) {
            throw new ControlException(process.name() + ": " + uri.getPath() + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ControlException(process.name() + ": interrupted", e);
        }
    }

    private static JsonNode json(ProcessEndpoint process, HttpResponse<String> response) {
        require(process, response);
        try {
            return response.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(response.body());
        } catch (IOException e) {
            throw new ControlException(process.name() + " answered something that is not JSON: " + response.body(), e);
        }
    }

    private static void require(ProcessEndpoint process, HttpResponse<String> response) {
        if (response.statusCode() >= 300) {
            String detail = response.body();
            try {
                JsonNode problem = JSON.readTree(detail);
                detail = problem.path("detail").asText(problem.path("title").asText(detail));
                if (problem.has("errors") && !problem.has("detail")) {
                    List<String> fields = new ArrayList<>();
                    problem.get("errors").forEach(e -> fields.add(e.path("field").asText() + " " + e.path("message").asText()));
                    detail = detail + " " + String.join("; ", fields);
                }
            } catch (IOException e) {
                // not a problem document: keep the raw body
            }
            throw new ControlException(response.statusCode(), process.name() + " refused (" + response.statusCode() + "): " + detail.strip());
        }
    }
}
