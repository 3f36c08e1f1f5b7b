package dev.faultline.console;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.faultline.platform.http.ApiRoutes;
import dev.faultline.platform.http.Json;
import dev.faultline.platform.http.Problem;
import dev.faultline.platform.http.ProblemException;
import io.helidon.common.parameters.Parameters;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * The traces and logs the console received: {@code GET /api/traces} (filtered), {@code GET /api/traces/{id}} (its
 * spans and the log records written in it), {@code GET /api/logs} (filtered), {@code GET /api/telemetry} (how full
 * the stores are, what they let go).
 */
final class TelemetryApi implements HttpService {

    private static final int DEFAULT_LIMIT = 100;
    private static final int MAX_LIMIT = 1000;

    private final TraceStore traces;
    private final LogStore logs;
    private final String otlpEndpoint;

    TelemetryApi(TraceStore traces, LogStore logs, String otlpEndpoint) {
        this.traces = traces;
        this.logs = logs;
        this.otlpEndpoint = otlpEndpoint;
    }

    @Override
    public void routing(HttpRules rules) {
        ApiRoutes.create()
                .get("/api/traces", this::list)
                .get("/api/traces/{traceId}", this::trace)
                .get("/api/logs", this::logs)
                .get("/api/telemetry", this::stats)
                .registerOn(rules);
    }

    private void list(ServerRequest req, ServerResponse res) {
        Parameters query = req.query();
        TraceQuery filter = new TraceQuery(text(query, "service"), text(query, "route"),
                text(query, "status").map(status -> number(status, "status", 100, 599)),
                flag(query, "error"), text(query, "minMs").map(ms -> number(ms, "minMs", 0, 3_600_000)).orElse(0),
                flag(query, "faulted"));
        Json.send(res, Map.of("traces", traces.find(filter, limit(query)), "store", traces.stats()));
    }

    private void trace(ServerRequest req, ServerResponse res) {
        String traceId = req.path().pathParameters().get("traceId");
        List<SpanRecord> spans = traces.trace(traceId).orElseThrow(() -> new ProblemException(Problem.typed(
                "trace-not-found", 404, "Not Found", "No trace " + traceId + " here: it was never received, or it "
                        + "was let go to make room (the store keeps the newest " + traces.stats().capacity() + " spans).")));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("traceId", traceId);
        body.put("spans", spans);
        body.put("logs", logs.find(Optional.empty(), Optional.empty(), Optional.empty(), Optional.of(traceId), MAX_LIMIT));
        Json.send(res, body);
    }

    private void logs(ServerRequest req, ServerResponse res) {
        Parameters query = req.query();
        Json.send(res, Map.of("logs", logs.find(text(query, "process"), text(query, "level"), text(query, "q"),
                text(query, "traceId"), limit(query)), "store", logs.stats()));
    }

    private void stats(ServerRequest req, ServerResponse res) {
        Json.send(res, Map.of("traces", traces.stats(), "logs", logs.stats(), "otlp", otlpEndpoint));
    }

    private static Optional<String> text(Parameters query, String name) {
        return query.first(name).asOptional().map(String::strip).filter(value -> !value.isEmpty());
    }

    private static boolean flag(Parameters query, String name) {
        return text(query, name).map(value -> value.equals("true") || value.equals("1")).orElse(false);
    }

    private static int limit(Parameters query) {
        return text(query, "limit").map(value -> number(value, "limit", 1, MAX_LIMIT)).orElse(DEFAULT_LIMIT);
    }

    private static int number(String value, String name, int min, int max) {
        try {
            int number = Integer.parseInt(value);
            if (number >= min && number <= max) {
                return number;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw ProblemException.invalid(List.of(new Problem.FieldError(name, "must be a whole number from " + min
                + " to " + max)));
    }
}
