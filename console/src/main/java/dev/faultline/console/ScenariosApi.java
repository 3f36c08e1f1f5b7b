package dev.faultline.console;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.faultline.chaos.runner.scenario.Scenario;
import dev.faultline.chaos.runner.scenario.ScenarioException;
import dev.faultline.chaos.runner.scenario.ScenarioFiles;
import dev.faultline.chaos.runner.scenario.ScenarioParser;
import dev.faultline.platform.http.ApiRoutes;
import dev.faultline.platform.http.Json;
import dev.faultline.platform.http.ProblemException;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * The scenarios page's API: {@code GET /api/scenarios} (the library with title, description and exercise, and the
 * latest runs), {@code POST /api/scenarios/{name}/runs} (start one), {@code GET /api/scenarios/runs/{id}} (its
 * timeline, checks and report), {@code POST /api/scenarios/runs/{id}/stop}.
 */
final class ScenariosApi implements HttpService {

    private final Path home;
    private final ScenarioRuns runs;

    ScenariosApi(Path home, ScenarioRuns runs) {
        this.home = home;
        this.runs = runs;
    }

    @Override
    public void routing(HttpRules rules) {
        ApiRoutes.create()
                .get("/api/scenarios", this::library)
                .post("/api/scenarios/{name}/runs", this::start)
                .get("/api/scenarios/runs/{id}", this::run)
                .post("/api/scenarios/runs/{id}/stop", this::stop)
                .registerOn(rules);
    }

    private void library(ServerRequest req, ServerResponse res) {
        List<Map<String, Object>> scenarios = new ArrayList<>();
        for (Path file : ScenarioFiles.all(home)) {
            Map<String, Object> item = new LinkedHashMap<>();
            try {
                Scenario scenario = ScenarioParser.parse(file);
                item.put("name", scenario.name());
                item.put("title", scenario.title());
                item.put("description", scenario.description().strip());
                item.put("exercise", scenario.exercise().strip());
            } catch (ScenarioException e) {
                item.put("name", file.getFileName().toString().replace(".yaml", ""));
                item.put("error", e.getMessage());
            }
            scenarios.add(item);
        }
        List<Map<String, Object>> latest = runs.all().stream().map(run -> {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("id", run.id);
            item.put("scenario", run.scenario.name());
            item.put("running", run.running());
            item.put("verdict", run.verdict());
            return item;
        }).toList();
        Json.send(res, Map.of("scenarios", scenarios, "runs", latest));
    }

    private void start(ServerRequest req, ServerResponse res) {
        String name = req.path().pathParameters().get("name");
        if (!name.matches("[a-z0-9][a-z0-9-]*")) {
            throw ProblemException.notFound("No scenario " + name + " in the library.");
        }
        Path file = ScenarioFiles.resolve(home, name);
        if (!file.toFile().isFile()) {
            throw ProblemException.notFound("No scenario " + name + " in the library (" + ScenarioFiles.library(home) + ").");
        }
        Scenario scenario;
        try {
            scenario = ScenarioParser.parse(file);
        } catch (ScenarioException e) {
            throw ProblemException.badRequest("scenario-invalid", "Invalid scenario", e.getMessage());
        }
        ScenarioRuns.Run run = runs.start(scenario);
        res.status(Status.CREATED_201);
        res.headers().set(io.helidon.http.HeaderNames.LOCATION, "/scenarios/runs/" + run.id);
        Json.send(res, Map.of("id", run.id, "page", "/scenarios/runs/" + run.id));
    }

    private void run(ServerRequest req, ServerResponse res) {
        Json.send(res, found(req).view());
    }

    private void stop(ServerRequest req, ServerResponse res) {
        found(req).stop();
        Json.send(res, Map.of("stopping", true));
    }

    private ScenarioRuns.Run found(ServerRequest req) {
        String id = req.path().pathParameters().get("id");
        return runs.find(id).orElseThrow(() -> ProblemException.notFound("No run " + id + " (the console keeps the "
                + "latest runs; older journals are in .faultline/runs/)."));
    }
}
