package dev.faultline.auth;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * The authorization endpoint (RFC 6749 section 3.1) for the code flow with PKCE: {@code GET /authorize} checks the
 * request and shows the persona page (who signs in, what the client will get); its form posts back to
 * {@code POST /authorize}, which must come from the issuer's own origin with the page's one-time request id (the
 * anti-forgery token), and sends the browser back to the client with a code, its state and the issuer (RFC 9207).
 * A client or redirect URI that does not check out gets an error page, never a redirect (RFC 9700 section 4.1); the
 * page cannot be framed (section 4.16) and is never cached.
 */
final class AuthorizeService implements HttpService {

    static final String PATH = "/authorize";
    private static final Duration PAGE_LIFETIME = Duration.ofMinutes(10);
    /** Sign-in pages showing at once, at most: each holds a little memory until it is used or too old. */
    static final int MAX_PENDING = 1_000;

    private final AuthSettings settings;
    private final AuthorizationCodes codes;
    private final Clock clock;
    /** The requests whose page is showing, by their id's digest. */
    private final ConcurrentHashMap<String, Pending> pending = new ConcurrentHashMap<>();

    AuthorizeService(AuthSettings settings, AuthorizationCodes codes, Clock clock) {
        this.settings = settings;
        this.codes = codes;
        this.clock = clock;
    }

    private record Pending(Client client, String redirectUri, String state, String challenge, Set<String> scopes,
                           Optional<String> nonce, Instant expires) {
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get(PATH, this::show).post(PATH, this::decide);
    }

    private void show(ServerRequest req, ServerResponse res) {
        guard(res);
        Map<String, String> query = new LinkedHashMap<>();
        req.query().names().forEach(name -> query.put(name, req.query().first(name).orElse("")));
        Client client = settings.clients().get(query.get("client_id"));
        String redirect = query.get("redirect_uri");
        if (client == null || redirect == null || !client.redirectUris().contains(redirect)) {
            page(res, Status.BAD_REQUEST_400, "Cannot send you back", "<p>The application is unknown, or it asked to "
                    + "send you back to an address it did not register, so no one is sent anywhere.</p>");
            return;
        }
        String state = query.get("state");
        if (!"code".equals(query.get("response_type"))) {
            back(res, redirect, state, "unsupported_response_type", "Only response_type=code is served.");
            return;
        }
        if (!"S256".equals(query.get("code_challenge_method")) || !AuthorizationCodes.isChallenge(query.get("code_challenge"))) {
            back(res, redirect, state, "invalid_request", "PKCE is required: code_challenge (S256) and "
                    + "code_challenge_method=S256.");
            return;
        }
        Optional<String> nonce = Optional.ofNullable(query.get("nonce"));
        if (nonce.filter(value -> value.isEmpty() || value.length() > IdTokens.MAX_NONCE).isPresent()) {
            back(res, redirect, state, "invalid_request", "A nonce is 1 to " + IdTokens.MAX_NONCE + " characters.");
            return;
        }
        Set<String> asked = OAuthParameters.scopes(query.get("scope"), client.scopes());
        if (!client.scopes().containsAll(asked)) {
            back(res, redirect, state, "invalid_scope", "The application may not ask for " + asked + ".");
            return;
        }
        Instant now = clock.instant();
        pending.values().removeIf(p -> p.expires().isBefore(now));
        if (pending.size() >= MAX_PENDING) {
            res.headers().set(HeaderNames.RETRY_AFTER, "60");
            page(res, Status.SERVICE_UNAVAILABLE_503, "Too many sign-ins at once", "<p>Try again in a minute.</p>");
            return;
        }
        String id = OpaqueTokens.next();
        pending.put(OpaqueTokens.digest(id), new Pending(client, redirect, state, query.get("code_challenge"), asked,
                nonce, now.plus(PAGE_LIFETIME)));
        StringBuilder body = new StringBuilder("<p><b>").append(html(client.id())).append("</b> asks to act for you with: ")
                .append(html(String.join(" ", asked))).append(".</p><p>Sign in as:</p>");
        for (Persona persona : settings.personas().values()) {
            Set<String> granted = new LinkedHashSet<>(asked);
            granted.retainAll(persona.scopes());
            body.append("<form method=\"post\" action=\"").append(PATH).append("\">")
                    .append("<input type=\"hidden\" name=\"request\" value=\"").append(id).append("\">")
                    .append("<button name=\"persona\" value=\"").append(html(persona.subject())).append("\">")
                    .append(html(persona.name())).append("</button> <small>grants ")
                    .append(granted.isEmpty() ? "nothing" : html(String.join(" ", granted))).append("</small></form>");
        }
        body.append("<form method=\"post\" action=\"").append(PATH).append("\">")
                .append("<input type=\"hidden\" name=\"request\" value=\"").append(id).append("\">")
                .append("<button name=\"persona\" value=\"\">Deny</button></form>");
        page(res, Status.OK_200, "Sign in to the Faultline shop", body.toString());
    }

    private void decide(ServerRequest req, ServerResponse res) {
        guard(res);
        String origin = req.headers().first(HeaderNames.ORIGIN).orElse("");
        if (!origin.equals(origin(settings.issuer()))) {
            page(res, Status.FORBIDDEN_403, "Refused", "<p>This form is accepted from the issuer's own page only.</p>");
            return;
        }
        Map<String, String> form;
        try {
            form = OAuthParameters.form(req.content().as(String.class));
        } catch (IllegalArgumentException e) {
            page(res, Status.BAD_REQUEST_400, "Start again", "<p>" + html(e.getMessage()) + "</p>");
            return;
        }
        Pending request = form.get("request") == null ? null : pending.remove(OpaqueTokens.digest(form.get("request")));
        if (request == null || request.expires().isBefore(clock.instant())) {
            page(res, Status.BAD_REQUEST_400, "Start again", "<p>This sign-in page was used already or is too old; "
                    + "start again from the application.</p>");
            return;
        }
        String subject = form.getOrDefault("persona", "");
        Persona persona = settings.personas().get(subject);
        if (persona == null) {
            back(res, request.redirectUri(), request.state(), "access_denied", "The person did not sign in.");
            return;
        }
        Set<String> granted = new LinkedHashSet<>(request.scopes());
        granted.retainAll(persona.scopes());
        if (granted.isEmpty()) {
            back(res, request.redirectUri(), request.state(), "access_denied", persona.name() + " may grant none of "
                    + request.scopes() + ".");
            return;
        }
        String code = codes.issue(request.client().id(), request.redirectUri(), request.challenge(), persona.subject(),
                granted, request.nonce());
        redirect(res, request.redirectUri(), "code=" + encode(code) + state(request.state()));
    }

    /** Sends the browser back to the client with an error (RFC 6749 section 4.1.2.1). */
    private void back(ServerResponse res, String redirect, String state, String error, String description) {
        redirect(res, redirect, "error=" + encode(error) + "&error_description=" + encode(description) + state(state));
    }

    private void redirect(ServerResponse res, String redirect, String parameters) {
        res.status(Status.SEE_OTHER_303);
        res.headers().set(HeaderNames.LOCATION, redirect + (redirect.contains("?") ? "&" : "?") + parameters
                + "&iss=" + encode(settings.issuer()));
        res.send();
    }

    private static String state(String state) {
        return state == null ? "" : "&state=" + encode(state);
    }

    private static void guard(ServerResponse res) {
        res.headers().set(HeaderNames.CACHE_CONTROL, "no-store");
        res.headers().set(HeaderNames.create("Content-Security-Policy"), "default-src 'none'; "
                + "frame-ancestors 'none'");
        res.headers().set(HeaderNames.create("X-Frame-Options"), "DENY");
        // same-origin, not no-referrer: with no-referrer a browser posts the form with Origin: null (Fetch standard)
        res.headers().set(HeaderNames.create("Referrer-Policy"), "same-origin");
    }

    private static void page(ServerResponse res, Status status, String title, String body) {
        res.status(status);
        res.headers().set(HeaderNames.CONTENT_TYPE, "text/html; charset=utf-8");
        res.send("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + html(title)
                + "</title></head><body><h1>" + html(title) + "</h1>" + body + "</body></html>");
    }

    private static String origin(String issuer) {
        URI uri = URI.create(issuer);
        return uri.getScheme() + "://" + uri.getRawAuthority();
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static String html(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;")
                .replace("'", "&#39;");
    }
}
