package dev.faultline.gateway;

import java.net.URI;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.faultline.gateway.identity.TokenSettings;
import dev.faultline.platform.ProcessConfig;
import dev.faultline.platform.discovery.Discovery;
import dev.faultline.platform.resilience.ResilienceSettings;
import io.helidon.config.Config;

/**
 * The gateway's configuration ({@code gateway.*}), checked as a whole at start: a route to an unknown upstream
 * or a key on an unknown plan is an error naming the key.
 *
 * @param upstreams service name to its instances
 * @param routes    longest prefix first
 * @param plans     rate-limit plans by name
 * @param global    the bucket every request passes first
 * @param keys      API key to its consumer
 * @param tokens    which credentials are accepted and how access tokens are checked
 * @param tokenPlan the rate-limit plan of callers with an access token (each client its own bucket)
 */
record GatewaySettings(Map<String, List<URI>> upstreams, List<Route> routes, Map<String, Plan> plans, Plan global,
                       Map<String, ApiKey> keys, TokenSettings tokens, String tokenPlan) {

    static GatewaySettings from(Config config) {
        Config gateway = config.get("gateway");
        Map<String, List<URI>> upstreams = new LinkedHashMap<>();
        gateway.get("upstreams").asNodeList().orElse(List.of()).forEach(node ->
                upstreams.put(node.name(), Discovery.uris(node.asString().get())));
        ResilienceSettings defaults = ResilienceSettings.from(gateway.get("resilience"));
        List<Route> routes = gateway.get("routes").asNodeList().orElse(List.of()).stream()
                .map(node -> Route.from(node, defaults, upstreams))
                .sorted(Comparator.comparingInt((Route route) -> route.prefix().length()).reversed())
                .toList();
        Map<String, Plan> plans = new LinkedHashMap<>();
        gateway.get("plans").asNodeList().orElse(List.of()).forEach(node -> plans.put(node.name(), Plan.from(node)));
        Map<String, ApiKey> keys = new LinkedHashMap<>();
        gateway.get("api-keys").asNodeList().orElse(List.of()).forEach(node -> {
            ApiKey key = ApiKey.from(node);
            if (!plans.containsKey(key.plan())) {
                throw new IllegalStateException(node.key() + ".plan names plan '" + key.plan()
                        + "', which gateway.plans does not define (defined: " + plans.keySet() + ")");
            }
            keys.put(key.key(), key);
        });
        TokenSettings tokens = TokenSettings.from(gateway.get("auth"));
        String tokenPlan = ProcessConfig.required(gateway.get("auth.plan"), String.class);
        if (!plans.containsKey(tokenPlan)) {
            throw new IllegalStateException(gateway.get("auth.plan").key() + " names plan '" + tokenPlan
                    + "', which gateway.plans does not define (defined: " + plans.keySet() + ")");
        }
        return new GatewaySettings(upstreams, routes, plans, Plan.from(gateway.get("global")), keys, tokens, tokenPlan);
    }

    /** The route whose prefix matches the path, the longest one winning. */
    Optional<Route> route(String path) {
        return routes.stream()
                .filter(route -> path.startsWith(route.prefix())
                        && (path.length() == route.prefix().length() || path.charAt(route.prefix().length()) == '/'))
                .findFirst();
    }

    /**
     * One route.
     *
     * @param prefix       public path prefix ({@code /api/users})
     * @param service      upstream service
     * @param rewrite      what replaces the prefix upstream ({@code /users})
     * @param resilience   fault tolerance of calls through this route
     * @param staleIfError how old a cached GET response may be when served in place of a failure (zero: never)
     * @param scopes       the scope an access token needs for each method (upper case); a method not listed is open to
     *                     API keys only
     */
    record Route(String prefix, String service, String rewrite, ResilienceSettings resilience, Duration staleIfError,
                 Map<String, String> scopes) {

        Route {
            scopes = Map.copyOf(scopes);
        }

        static Route from(Config node, ResilienceSettings defaults, Map<String, List<URI>> upstreams) {
            String service = node.get("service").asString().orElseThrow(() ->
                    new IllegalStateException(node.key() + ".service is missing"));
            if (!upstreams.containsKey(service)) {
                throw new IllegalStateException(node.key() + ".service is '" + service
                        + "', which gateway.upstreams does not list (listed: " + upstreams.keySet() + ")");
            }
            String prefix = node.get("prefix").asString().orElseThrow(() ->
                    new IllegalStateException(node.key() + ".prefix is missing"));
            Map<String, String> scopes = new LinkedHashMap<>();
            node.get("scopes").asNodeList().orElse(List.of()).forEach(method -> scopes.put(
                    method.name().toUpperCase(java.util.Locale.ROOT), method.asString().orElseThrow(() ->
                            new IllegalStateException(method.key() + " must name a scope"))));
            return new Route(prefix, service, node.get("rewrite").asString().orElse(prefix),
                    ResilienceSettings.from(node.get("resilience"), defaults),
                    node.get("stale-if-error").as(Duration.class).orElse(Duration.ZERO), scopes);
        }

        /** The scope an access token needs for this method here, if any token may use it. */
        Optional<String> scope(String method) {
            return Optional.ofNullable(scopes.get(method));
        }

        /** The upstream path for a public path this route matched. */
        String rewrite(String path) {
            return rewrite + path.substring(prefix.length());
        }
    }

    /**
     * A rate-limit plan: a token bucket.
     *
     * @param rate  tokens added per second
     * @param burst bucket size: the most requests allowed at once
     */
    record Plan(double rate, long burst) {

        static Plan from(Config node) {
            return new Plan(node.get("rate").asDouble().orElse(10_000.0), node.get("burst").asLong().orElse(10_000L));
        }
    }

    /**
     * An API key and who holds it.
     *
     * @param key      the secret
     * @param consumer name forwarded to services as {@code X-Consumer}
     * @param plan     the rate-limit plan
     */
    record ApiKey(String key, String consumer, String plan) {

        static ApiKey from(Config node) {
            return new ApiKey(node.get("key").asString().orElseThrow(() -> new IllegalStateException(node.key() + ".key is missing")),
                    node.get("consumer").asString().orElseThrow(() -> new IllegalStateException(node.key() + ".consumer is missing")),
                    node.get("plan").asString().orElseThrow(() -> new IllegalStateException(node.key() + ".plan is missing")));
        }

        @Override
        public String toString() {
            return "ApiKey[consumer=" + consumer + ", plan=" + plan + "]";
        }
    }
}
