package dev.faultline.gateway;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import com.nimbusds.jose.JWSAlgorithm;
import dev.faultline.chaos.model.AdminApi;
import dev.faultline.gateway.identity.Rejection;
import dev.faultline.gateway.identity.TokenSettings;
import dev.faultline.platform.http.ApiRoutes;
import dev.faultline.platform.http.Json;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;

/**
 * {@code GET /admin/access-policy} on the admin socket: the gateway's own account of who may call what, read from the
 * settings it runs with, so a page showing it cannot drift from what the gateway enforces. Each route's scopes per
 * method, how tokens are checked (the issuer's metadata address, audience, algorithms, clock skew, size and lifetime
 * limits) and every check a token can fail, in the words a refusal's problem body uses. Public facts only.
 */
final class AccessPolicyEndpoint implements HttpService {

    private final Map<String, Object> policy;

    AccessPolicyEndpoint(GatewaySettings settings) {
        this.policy = policy(settings);
    }

    @Override
    public void routing(HttpRules rules) {
        ApiRoutes.create().get(AdminApi.ACCESS_POLICY, (req, res) -> Json.send(res, policy)).registerOn(rules);
    }

    private static Map<String, Object> policy(GatewaySettings settings) {
        TokenSettings tokens = settings.tokens();
        Map<String, Object> policy = new LinkedHashMap<>();
        policy.put("mode", tokens.mode().name().toLowerCase(Locale.ROOT).replace('_', '-'));
        policy.put("discovery", tokens.discovery().toString());
        policy.put("audience", tokens.audience());
        policy.put("algorithms", tokens.algorithms().stream().map(JWSAlgorithm::getName).sorted().toList());
        policy.put("clockSkewSeconds", tokens.clockSkew().toSeconds());
        policy.put("maxTokenBytes", tokens.maxTokenBytes());
        policy.put("maxLifetimeSeconds", tokens.maxLifetime().toSeconds());
        policy.put("routes", settings.routes().stream().map(route -> Map.of("prefix", route.prefix(),
                "service", route.service(), "scopes", new java.util.TreeMap<>(route.scopes()))).toList());
        policy.put("checks", Arrays.stream(Rejection.values())
                .map(rejection -> Map.of("reason", rejection.slug(), "check", rejection.check())).toList());
        return java.util.Collections.unmodifiableMap(policy);
    }
}
