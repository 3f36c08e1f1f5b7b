package dev.faultline.chaos.engine;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.faultline.chaos.model.AdminApi;
import dev.faultline.platform.spi.InstanceDirectory;
import dev.faultline.platform.http.Json;
import dev.faultline.platform.http.ProblemException;

/** Sends one fault to every instance of a service through their admin APIs, and reports each answer. */
final class FanOut {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private FanOut() {
    }

    static Map<String, Object> send(FaultTarget target, InstanceDirectory directory, String body,
                                    String authorization) {
        List<URI> instances = directory.instances(target.service());
        if (instances.isEmpty()) {
            throw ProblemException.badRequest("unknown-service", "Unknown service", "No instances of service '"
                    + target.service() + "' are known here.");
        }
        List<Map<String, Object>> results = new ArrayList<>();
        for (URI instance : instances) {
            URI admin = URI.create(AdminApi.socket(instance) + AdminApi.FAULTS);
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("instance", instance.getHost() + ":" + instance.getPort());
            try {
                HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(admin)
                        .header("Content-Type", "application/json").header("Authorization", authorization)
                        .timeout(Duration.ofSeconds(5))
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
                result.put("status", response.statusCode());
                result.put("answer", response.body().isBlank() ? null : Json.parse(response.body()));
            } catch (Exception e) {
                result.put("status", 502);
                result.put("error", e.getClass().getSimpleName() + ": " + e.getMessage());
            }
            results.add(result);
        }
        return Map.of("service", target.service(), "instances", results);
    }
}
