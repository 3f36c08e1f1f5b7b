package dev.faultline.auth;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
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
 * The token endpoint (RFC 6749 section 3.2): the client credentials grant (section 4.4) for confidential clients,
 * the authorization code grant with PKCE (section 4.1, RFC 7636 S256) and refresh with rotation for any client with
 * redirect URIs. A confidential client authenticates with HTTP Basic ({@code client_secret_basic}) or in the form
 * ({@code client_secret_post}); a public one names itself ({@code none}). Errors are RFC 6749 section 5.2's JSON;
 * every answer says {@code Cache-Control: no-store}. Neither secrets nor tokens are logged.
 */
final class TokenService implements HttpService {

    private static final String BASIC = "Basic realm=\"faultline-auth\"";
    /** Every outcome a token request is counted under. */
    private static final List<String> OUTCOMES = List.of("issued", "invalid_client", "unsupported_grant_type",
            "invalid_scope", "invalid_grant", "unauthorized_client", "invalid_request");

    private final AuthSettings settings;
    private final AccessTokens tokens;
    private final IdTokens idTokens;
    private final AuthorizationCodes codes;
    private final RefreshTokens refreshTokens;
    private final MeterRegistry meters;

    TokenService(AuthSettings settings, AccessTokens tokens, IdTokens idTokens, AuthorizationCodes codes,
                 RefreshTokens refreshTokens, MeterRegistry meters) {
        this.settings = settings;
        this.tokens = tokens;
        this.idTokens = idTokens;
        this.codes = codes;
        this.refreshTokens = refreshTokens;
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
            form = OAuthParameters.form(req.content().as(String.class));
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
        // a confidential client shows its secret; a public one has none to show, and shows none
        boolean authenticated = client != null && (client.confidential() ? secret != null && client.authenticates(secret)
                : secret == null && basic.isEmpty());
        if (!authenticated) {
            if (basic.isPresent()) {
                res.headers().set(HeaderNames.WWW_AUTHENTICATE, BASIC);
            }
            outcome("invalid_client").increment();
            error(res, 401, "invalid_client", "The client is unknown or its secret is wrong.");
            return;
        }
        String grant = form.get("grant_type");
        if (grant == null) {
            error(res, 400, "invalid_request", "grant_type is missing.");
            return;
        }
        try {
            switch (grant) {
                case "client_credentials" -> clientCredentials(res, client, form);
                case "authorization_code" -> authorizationCode(res, client, form);
                case "refresh_token" -> refresh(res, client, form);
                default -> {
                    outcome("unsupported_grant_type").increment();
                    error(res, 400, "unsupported_grant_type", "This server grants client_credentials, authorization_code "
                            + "(with PKCE) and refresh_token.");
                }
            }
        } catch (AuthorizationCodes.TokenError e) {
            outcome(e.error()).increment();
            error(res, 400, e.error(), e.getMessage());
        }
    }

    private void clientCredentials(ServerResponse res, Client client, Map<String, String> form)
            throws AuthorizationCodes.TokenError {
        if (!client.confidential()) {
            throw new AuthorizationCodes.TokenError("unauthorized_client", "A public client cannot use client_credentials: "
                    + "it has no secret to prove who it is.");
        }
        Set<String> scopes = granted(client.scopes(), form.get("scope"), "Client " + client.id());
        send(res, tokens.forClient(client, scopes), Optional.empty(), Optional.empty());
    }

    private void authorizationCode(ServerResponse res, Client client, Map<String, String> form)
            throws AuthorizationCodes.TokenError {
        String code = form.get("code");
        if (code == null || form.get("redirect_uri") == null) {
            throw new AuthorizationCodes.TokenError("invalid_request", "code and redirect_uri are required.");
        }
        AuthorizationCodes.Grant grant = codes.redeem(code, client.id(), form.get("redirect_uri"), form.get("code_verifier"));
        RefreshTokens.Issued refresh = refreshTokens.start(client.id(), grant.subject(), grant.scopes());
        codes.redeemed(code, refresh.family().id);
        // OpenID Connect Core 3.1.3.3: an ID token when the person signed in for an openid request
        Optional<String> idToken = grant.scopes().contains(IdTokens.OPENID)
                ? Optional.of(idTokens.issue(client.id(), grant.subject(), grant.nonce(), grant.authTime()))
                : Optional.empty();
        send(res, tokens.issue(client.id(), grant.subject(), grant.scopes()), Optional.of(refresh.token()), idToken);
    }

    private void refresh(ServerResponse res, Client client, Map<String, String> form) throws AuthorizationCodes.TokenError {
        String token = form.get("refresh_token");
        if (token == null) {
            throw new AuthorizationCodes.TokenError("invalid_request", "refresh_token is required.");
        }
        RefreshTokens.Issued next = refreshTokens.rotate(token, client.id());
        Set<String> scopes = granted(next.family().scopes, form.get("scope"), "This sign-in");
        send(res, tokens.issue(client.id(), next.family().subject, scopes), Optional.of(next.token()), Optional.empty());
    }

    /** The scopes asked for (all that may be had when none are), each one that may be had. */
    private static Set<String> granted(Set<String> allowed, String asked, String who) throws AuthorizationCodes.TokenError {
        Set<String> scopes = OAuthParameters.scopes(asked, allowed);
        Set<String> refused = new LinkedHashSet<>(scopes);
        refused.removeAll(allowed);
        if (!refused.isEmpty() || scopes.isEmpty()) {
            throw new AuthorizationCodes.TokenError("invalid_scope", who + " may not have " + refused + "; it may have "
                    + allowed + ".");
        }
        return scopes;
    }

    private void send(ServerResponse res, AccessTokens.Issued issued, Optional<String> refresh, Optional<String> idToken) {
        outcome("issued").increment();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("access_token", issued.token());
        body.put("token_type", "Bearer");
        body.put("expires_in", issued.expiresIn());
        body.put("scope", String.join(" ", issued.scopes()));
        refresh.ifPresent(token -> body.put("refresh_token", token));
        idToken.ifPresent(token -> body.put("id_token", token));
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
