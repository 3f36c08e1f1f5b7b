package dev.faultline.platform.http;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.HttpRules;

/**
 * Collects a service's routes, then registers them so that a known path asked with the wrong method is a
 * 405 problem with an {@code Allow} header instead of Helidon's plain 404.
 */
public final class ApiRoutes {

    private final List<Route> routes = new ArrayList<>();

    private ApiRoutes() {
    }

    public static ApiRoutes create() {
        return new ApiRoutes();
    }

    public ApiRoutes get(String pattern, Handler handler) {
        return add(Method.GET, pattern, handler);
    }

    public ApiRoutes post(String pattern, Handler handler) {
        return add(Method.POST, pattern, handler);
    }

    public ApiRoutes delete(String pattern, Handler handler) {
        return add(Method.DELETE, pattern, handler);
    }

    /** Registers the routes in declaration order, then one 405 route per path pattern. */
    public void registerOn(HttpRules rules) {
        Map<String, Set<Method>> allowed = new LinkedHashMap<>();
        for (Route route : routes) {
            rules.route(route.method(), route.pattern(), route.handler());
            allowed.computeIfAbsent(route.pattern(), p -> new LinkedHashSet<>()).add(route.method());
        }
        allowed.forEach((pattern, methods) -> {
            String allow = methods.stream().map(Method::text).collect(Collectors.joining(", "));
            rules.any(pattern, (req, res) -> {
                res.headers().set(HeaderNames.ALLOW, allow);
                Problems.send(res, Problem.of(405, "Method Not Allowed",
                        req.prologue().method().text() + " is not supported on " + req.path().path() + "; use " + allow + "."));
            });
        });
    }

    private ApiRoutes add(Method method, String pattern, Handler handler) {
        routes.add(new Route(method, pattern, handler));
        return this;
    }

    private record Route(Method method, String pattern, Handler handler) {
    }
}
