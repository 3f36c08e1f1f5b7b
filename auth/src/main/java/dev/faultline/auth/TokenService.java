package dev.faultline.auth;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import dev.faultline.observability.TelemetryNames;
import dev.faultline.platform.http.Json;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The token endpoint (RFC 6749 section 3.2) for the client credentials grant (section 4.4): the client authenticates
 * with HTTP Basic ({@code client_secret_basic}) or in the form ({@code client_secret_post}), asks for scopes it may
 * have (all of them when it names none) and gets an access token. Errors are RFC 6749 section 5.2's JSON; every answer
 * says {@code Cache-Control: no-store}. Neither secrets nor tokens are logged.
 */
final class TokenService implements HttpService {

    private static final String BASIC = "Basic realm=\"faultline-auth\"";
    /** Every outcome a token request is counted under. */
    private static final List<String> OUTCOMES = List.of("issued", "invalid_client", "unsupported_grant_type",
            "invalid_scope");

    private final AuthSettings settings;
    private final AccessTokens tokens;
    private final MeterRegistry meters;

    TokenService(AuthSettings settings, AccessTokens tokens, MeterRegistry meters) {
        this.settings = settings;
        this.tokens = tokens;
        this.meters = meters;
        // at zero from the start, so a dashboard shows "none refused" rather than no data
        for (String outcome : OUTCOMES) {
            outcome(outcome);
        }
    }

    @Override
    public void routing(HttpRules rules) {
        rules.post("/token", this::token);
    }

    private void token(ServerRequest req, ServerResponse res) {
        res.headers().set(HeaderNames.CACHE_CONTROL, "no-store");
        res.headers().set(HeaderNames.create("Pragma"), "no-cache");
        if (!req.headers().contentType().map(type -> type.mediaType().text().equals("application/x-www-form-urlencoded"))
                .orElse(false)) {
            error(res, 400, "invalid_request", "Send the request as application/x-www-form-urlencoded (RFC 6749 section 4.4.2).");
            return;
        }
        Map<String, String> form;
        try {
            form = form(req.content().as(String.class));
        } catch (IllegalArgumentException e) {
            error(res, 400, "invalid_request", e.getMessage());
            return;
        }
        Optional<String[]> basic = basic(req);
        if (basic.isPresent() && (form.containsKey("client_id") || form.containsKey("client_secret"))) {
            error(res, 400, "invalid_request", "Authenticate one way: HTTP Basic or the form, not both (RFC 6749 section 2.3).");
            return;
        }
        String clientId = basic.map(pair -> pair[0]).orElse(form.get("client_id"));
        String secret = basic.map(pair -> pair[1]).orElse(form.get("client_secret"));
        Client client = clientId == null ? null : settings.clients().get(clientId);
        if (client == null || secret == null || !client.authenticates(secret)) {
            if (basic.isPresent()) {
                res.headers().set(HeaderNames.WWW_AUTHENTICATE, BASIC);
            }
            outcome("invalid_client").increment();
            error(res, 401, "invalid_client", "The client is unknown or its secret is wrong.");
            return;
        }
        String grant = form.get("grant_type");
        if (!"client_credentials".equals(grant)) {
            outcome("unsupported_grant_type").increment();
            error(res, 400, grant == null ? "invalid_request" : "unsupported_grant_type", grant == null
                    ? "grant_type is missing." : "This server grants client_credentials only.");
            return;
        }
        Set<String> scopes = new LinkedHashSet<>();
        String asked = form.get("scope");
        if (asked == null || asked.isBlank()) {
            scopes.addAll(client.scopes());
        } else {
            Arrays.stream(asked.split(" ")).filter(s -> !s.isEmpty()).forEach(scopes::add);
        }
        Set<String> refused = new LinkedHashSet<>(scopes);
        refused.removeAll(client.scopes());
        if (!refused.isEmpty() || scopes.isEmpty()) {
            outcome("invalid_scope").increment();
            error(res, 400, "invalid_scope", "Client " + client.id() + " may not have " + refused + "; it may have "
                    + client.scopes() + ".");
            return;
        }
        AccessTokens.Issued issued = tokens.forClient(client, scopes);
        outcome("issued").increment();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("access_token", issued.token());
        body.put("token_type", "Bearer");
        body.put("expires_in", issued.expiresIn());
        body.put("scope", String.join(" ", issued.scopes()));
        Json.send(res, body);
    }

    /** client_id and client_secret from HTTP Basic, each form-urlencoded inside (RFC 6749 section 2.3.1). */
    private static Optional<String[]> basic(ServerRequest req) {
        return req.headers().first(HeaderNames.AUTHORIZATION)
                .filter(value -> value.regionMatches(true, 0, "Basic ", 0, 6))
                .flatMap(value -> {
                    try {
                        String pair = new String(Base64.getDecoder().decode(value.substring(6).strip()), StandardCharsets.UTF_8);
                        int colon = pair.indexOf(':');
                        return colon < 0 ? Optional.empty() : Optional.of(new String[] {
                                URLDecoder.decode(pair.substring(0, colon), StandardCharsets.UTF_8),
                                URLDecoder.decode(pair.substring(colon + 1), StandardCharsets.UTF_8)});
                    } catch (IllegalArgumentException e) {
                        return Optional.empty();
                    }
                });
    }

    /** The form's parameters; a parameter given twice is an error (RFC 6749 section 3.2). */
    private static Map<String, String> form(String body) {
        Map<String, String> form = new LinkedHashMap<>();
        for (String pair : body.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            if (form.put(name, value) != null) {
                throw new IllegalArgumentException("Parameter " + name + " is given more than once.");
            }
        }
        return form;
    }

    private static void error(ServerResponse res, int status, String error, String description) {
        res.status(Status.create(status));
        Map<String, String> body = new LinkedHashMap<>();
        body.put("error", error);
        body.put("error_description", description);
        Json.send(res, body);
    }

    private Counter outcome(String outcome) {
        return Counter.builder(TelemetryNames.AUTH_TOKEN_REQUESTS).tag("outcome", outcome)
                .description("Token requests by outcome").register(meters);
    }
}
