package dev.faultline.console;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import dev.faultline.chaos.model.FaultDurations;
import dev.faultline.chaos.model.FaultKindNames;
import dev.faultline.chaos.model.FaultSpec;
import dev.faultline.chaos.runner.control.AdminClient;
import dev.faultline.chaos.runner.control.ControlException;
import dev.faultline.chaos.runner.control.ProcessEndpoint;
import dev.faultline.chaos.runner.control.SandboxEndpoints;
import dev.faultline.platform.http.ApiRoutes;
import dev.faultline.platform.http.Json;
import dev.faultline.platform.http.Problem;
import dev.faultline.platform.http.ProblemException;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * The faults page's API, on the admin API of every process (the token stays on the server): {@code GET /api/faults}
 * lists the active faults everywhere, {@code GET /api/faults/kinds} the kinds the form offers;
 * {@code POST /api/faults} takes a fault envelope ({@link FaultSpec}), has every target process check it (dry run)
 * and applies it only when all accept; {@code DELETE /api/faults/{process}/{id}} ends one, {@code DELETE /api/faults}
 * all.
 */
final class FaultsApi implements HttpService {

    private final SandboxEndpoints endpoints;
    private final AdminClient admin;

    FaultsApi(SandboxEndpoints endpoints) {
        this.endpoints = endpoints;
        this.admin = new AdminClient(endpoints.adminToken());
    }

    @Override
    public void routing(HttpRules rules) {
        ApiRoutes.create()
                .get("/api/faults", this::list)
                .get("/api/faults/kinds", (req, res) -> Json.send(res, Map.of("kinds", FaultKindNames.ALL)))
                .post("/api/faults", this::add)
                .delete("/api/faults", this::clearAll)
                .delete("/api/faults/{process}/{id}", this::clear)
                .registerOn(rules);
    }

    private void list(ServerRequest req, ServerResponse res) {
        List<Map<String, Object>> faults = new ArrayList<>();
        List<String> silent = new ArrayList<>();
        for (ProcessEndpoint process : endpoints.processes()) {
            try {
                for (JsonNode fault : admin.faults(process)) {
                    Map<String, Object> item = new LinkedHashMap<>();
                    item.put("process", process.name());
                    item.put("service", process.service());
                    item.put("fault", fault);
                    faults.add(item);
                }
            } catch (ControlException e) {
                silent.add(process.name());
            }
        }
        Json.send(res, Map.of("faults", faults, "unreachable", silent));
    }

    private void add(ServerRequest req, ServerResponse res) {
        FaultSpec fault = parse(Json.parse(req.content().hasEntity() ? req.content().as(String.class) : ""));
        String where = fault.target().instance() != null ? fault.target().instance() : fault.target().service();
        List<ProcessEndpoint> targets = endpoints.select(where).stream()
                .filter(process -> process.service().equals(fault.target().service())).toList();
        if (targets.isEmpty()) {
            throw ProblemException.invalid(List.of(new Problem.FieldError("target.service", "no process of '" + where
                    + "' here; known: " + endpoints.names())));
        }
        for (ProcessEndpoint target : targets) {
            try {
                admin.check(target, fault);
            } catch (ControlException e) {
                throw new ProblemException(Problem.typed("fault-refused", e.refused() ? 400 : 502,
                        e.refused() ? "Bad Request" : "Bad Gateway", e.getMessage()));
            }
        }
        List<Map<String, String>> applied = new ArrayList<>();
        for (ProcessEndpoint target : targets) {
            JsonNode answer = admin.inject(target, fault);
            applied.add(Map.of("process", target.name(), "id", answer.path("id").asText()));
        }
        res.status(Status.CREATED_201);
        Json.send(res, Map.of("applied", applied));
    }

    private void clear(ServerRequest req, ServerResponse res) {
        String name = req.path().pathParameters().get("process");
        ProcessEndpoint process = endpoints.processes().stream().filter(p -> p.name().equals(name)).findFirst()
                .orElseThrow(() -> ProblemException.notFound("No process " + name + "; known: " + endpoints.names()));
        boolean held = admin.clear(process, req.path().pathParameters().get("id"));
        Json.send(res, Map.of("cleared", held ? 1 : 0));
    }

    private void clearAll(ServerRequest req, ServerResponse res) {
        int cleared = 0;
        for (ProcessEndpoint process : endpoints.processes()) {
            try {
                cleared += admin.reset(process);
            } catch (ControlException e) {
                // a process that does not answer holds no fault anyone can see
            }
        }
        Json.send(res, Map.of("cleared", cleared));
    }

    /** The envelope's shape; its meaning (kind, parameters, caps) the engine checks in the dry run. */
    @SuppressWarnings("unchecked")
    static FaultSpec parse(JsonNode body) {
        List<Problem.FieldError> errors = new ArrayList<>();
        String kind = body.path(FaultSpec.KIND).asText("");
        if (kind.isBlank()) {
            errors.add(new Problem.FieldError(FaultSpec.KIND, "is required"));
        }
        JsonNode target = body.path(FaultSpec.TARGET);
        String service = text(target, FaultSpec.Target.SERVICE);
        if (service == null) {
            errors.add(new Problem.FieldError(FaultSpec.TARGET + "." + FaultSpec.Target.SERVICE, "is required"));
        }
        Duration duration = null;
        try {
            duration = FaultDurations.parse(body.path(FaultSpec.DURATION).asText(""));
        } catch (IllegalArgumentException e) {
            errors.add(new Problem.FieldError(FaultSpec.DURATION, "is required, written like 500ms, 30s, 2m or 1h"));
        }
        JsonNode probability = body.path(FaultSpec.PROBABILITY);
        if (!probability.isMissingNode() && !probability.isNull() && !probability.isNumber()) {
            errors.add(new Problem.FieldError(FaultSpec.PROBABILITY, "must be a number from 0 to 1"));
        }
        JsonNode seed = body.path(FaultSpec.SEED);
        if (!seed.isMissingNode() && !seed.isNull() && !seed.isIntegralNumber()) {
            errors.add(new Problem.FieldError(FaultSpec.SEED, "must be a whole number"));
        }
        JsonNode parameters = body.path(FaultSpec.PARAMETERS);
        if (!parameters.isMissingNode() && !parameters.isNull() && !parameters.isObject()) {
            errors.add(new Problem.FieldError(FaultSpec.PARAMETERS, "must be an object"));
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        JsonNode header = target.path(FaultSpec.Target.HEADER);
        return new FaultSpec(kind, new FaultSpec.Target(service, text(target, FaultSpec.Target.INSTANCE),
                text(target, FaultSpec.Target.ROUTE), text(target, FaultSpec.Target.METHOD),
                text(header, FaultSpec.Target.HEADER_NAME), text(header, FaultSpec.Target.HEADER_VALUE)),
                probability.isNumber() ? probability.doubleValue() : null, seed.isIntegralNumber() ? seed.longValue() : null,
                parameters.isObject() ? Json.mapper().convertValue(parameters, LinkedHashMap.class) : null, duration);
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isTextual() && !value.textValue().isBlank() ? value.textValue().strip() : null;
    }
}
