package dev.faultline.cli.workshop;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

/** A trace's spans as the console received them ({@code GET /api/traces/{id}}): what a learner sees in it. */
public final class TraceLookup {

    private static final Pattern TRACE_ID = Pattern.compile("[0-9a-f]{32}");
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final URI console;
    private final String adminToken;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

    /** @param console the console's base address, e.g. {@code http://127.0.0.1:3030} */
    public TraceLookup(URI console, String adminToken) {
        this.console = console;
        this.adminToken = adminToken;
    }

    public static boolean isTraceId(String text) {
        return TRACE_ID.matcher(text).matches();
    }

    /**
     * The trace's spans, or empty when the console does not have it.
     *
     * @throws IOException when the console does not answer
     */
    public Optional<JsonNode> spans(String traceId) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(console.resolve("/api/traces/" + traceId)).timeout(TIMEOUT)
                .header("Accept", "application/json");
        if (!adminToken.isBlank()) {
            request.header("Authorization", "Bearer " + adminToken);
        }
        HttpResponse<String> response = http.send(request.GET().build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 404) {
            return Optional.empty();
        }
        if (response.statusCode() != 200) {
            throw new IOException("the console answered " + response.statusCode() + " for trace " + traceId);
        }
        return Optional.of(Progress.JSON.readTree(response.body()).path("spans"));
    }
}
