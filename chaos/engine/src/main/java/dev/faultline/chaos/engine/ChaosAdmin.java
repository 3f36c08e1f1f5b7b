package dev.faultline.chaos.engine;

import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import dev.faultline.chaos.model.AdminApi;
import dev.faultline.platform.spi.InstanceDirectory;
import dev.faultline.platform.http.AdminToken;
import dev.faultline.platform.http.ApiRoutes;
import dev.faultline.platform.http.Json;
import dev.faultline.platform.http.Problem;
import dev.faultline.platform.http.ProblemException;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * The chaos admin API on the admin socket: {@code GET/POST /chaos/faults}, {@code GET/DELETE /chaos/faults/{id}},
 * {@code POST /chaos/reset}; {@code POST /chaos/faults?dry-run=true} checks a fault and applies nothing. Every call needs {@code Authorization: Bearer <FAULTLINE_ADMIN_TOKEN>}; with no token
 * configured the API refuses. Nothing is applied on a 4xx.
 */
final class ChaosAdmin implements HttpService {

    private final FaultRegistry registry;
    private final FaultParser parser;
    private final AdminToken token;
    private final InstanceDirectory directory;

    ChaosAdmin(FaultRegistry registry, FaultParser parser, AdminToken token,
               InstanceDirectory directory) {
        this.registry = registry;
        this.parser = parser;
        this.token = token;
        this.directory = directory;
    }

    @Override
    public void routing(HttpRules rules) {
        ApiRoutes.create()
                .get(AdminApi.FAULTS, guarded((req, res) -> {
                    boolean all = req.query().first(AdminApi.INCLUDE_HIDDEN).asOptional().filter("true"::equals).isPresent();
                    Json.send(res, Map.of("items", registry.active().stream().filter(f -> all || !f.hidden())
                            .map(ChaosAdmin::view).toList()));
                }))
                .post(AdminApi.FAULTS, guarded(this::add))
                .get(AdminApi.FAULT, guarded((req, res) -> Json.send(res, view(registry.get(id(req))
                        .orElseThrow(() -> notFound(id(req)))))))
                .delete(AdminApi.FAULT, guarded((req, res) -> {
                    if (!registry.remove(id(req))) {
                        throw notFound(id(req));
                    }
                    res.status(Status.NO_CONTENT_204).send();
                }))
                .post(AdminApi.RESET, guarded((req, res) -> Json.send(res, Map.of("cleared", registry.reset()))))
                .registerOn(rules);
    }

    private void add(ServerRequest req, ServerResponse res) {
        String text = req.content().hasEntity() ? req.content().as(String.class) : "";
        JsonNode body = Json.parse(text);
        Fault fault = parser.parse(body);
        // a process that knows other services' instances (the gateway) passes a fault for one of them on
        if (!fault.target().service().equals(registry.service()) && directory != InstanceDirectory.NONE) {
            Json.send(res, FanOut.send(fault.target(), directory, text,
                    req.headers().first(HeaderNames.AUTHORIZATION).orElse("")));
            return;
        }
        if (!fault.target().service().equals(registry.service())
                || fault.target().instance() != null && !fault.target().instance().equals(registry.instance())) {
            throw ProblemException.badRequest("wrong-process", "Fault for another process", "This process is "
                    + registry.instance() + " (service " + registry.service() + "); target " + fault.target().service()
                    + (fault.target().instance() == null ? "" : "/" + fault.target().instance())
                    + " is elsewhere. The gateway's admin API sends a fault to every instance of a service.");
        }
        if (req.query().first(AdminApi.DRY_RUN).map(Boolean::parseBoolean).orElse(false)) {
            // checked as if applied, nothing applied: scenario runners validate every fault before starting any
            Json.send(res, view(fault));
            return;
        }
        registry.add(fault);
        res.status(Status.CREATED_201);
        res.headers().set(HeaderNames.LOCATION, AdminApi.fault(fault.id()));
        Json.send(res, view(fault));
    }

    private Handler guarded(Handler handler) {
        return token.guard(handler);
    }

    private static String id(ServerRequest req) {
        return req.path().pathParameters().get("id");
    }

    private static ProblemException notFound(String id) {
        return ProblemException.notFound("No active fault with id " + id + ".");
    }

    /** The fault as the API shows it, with the time it has left. */
    static Map<String, Object> view(Fault fault) {
        Map<String, Object> view = new java.util.LinkedHashMap<>();
        view.put("id", fault.id());
        view.put("kind", fault.kind());
        view.put("target", fault.target());
        view.put("probability", fault.probability());
        if (fault.seed() != null) {
            view.put("seed", fault.seed());
        }
        if (fault.parameters() != null) {
            view.put("parameters", fault.parameters());
        }
        view.put("duration", fault.duration());
        view.put("expiresAt", fault.expiresAt().toString());
        view.put("remainingMs", fault.remainingMillis());
        return view;
    }
}
