package dev.faultline.console;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;

import dev.faultline.platform.http.Json;
import dev.faultline.platform.http.Problem;
import dev.faultline.platform.http.Problems;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;

/**
 * Keeps other web sites from using the console: a page on localhost that injects faults is a target for any site
 * the learner visits. Every request that changes state must come from the console's own origin ({@code Origin}, or
 * {@code Referer} where a browser sends no Origin) and carry the anti-forgery token, which only a same-origin page
 * can read ({@code GET /api/session}: no CORS header is ever sent). Every answer forbids framing and sniffing.
 *
 * <p>Bound beyond the loopback ({@code ./faultline up --console-bind}), the console asks every request for the
 * sandbox's admin token as well: once in the address ({@code /?token=...}), after which a same-site, HTTP-only
 * cookie carries it, or as {@code Authorization: Bearer}.
 */
final class SessionGuard implements Filter, HttpService {

    static final HeaderName TOKEN_HEADER = HeaderNames.create("X-Faultline-Token");
    private static final HeaderName CSP = HeaderNames.create("Content-Security-Policy");
    private static final HeaderName FRAME_OPTIONS = HeaderNames.create("X-Frame-Options");
    private static final HeaderName NOSNIFF = HeaderNames.create("X-Content-Type-Options");

    private static final String COOKIE = "faultline_console";

    private final String token;
    /** The admin token every request must show, when the console is reachable from beyond the loopback. */
    private final Optional<String> required;

    private SessionGuard(String token, Optional<String> required) {
        this.token = token;
        this.required = required;
    }

    /** A guard with a fresh random token, new each time the console starts. */
    static SessionGuard create() {
        return create(Optional.empty());
    }

    /** The same, asking every request for {@code adminToken} too (the console is bound beyond the loopback). */
    static SessionGuard create(Optional<String> adminToken) {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        adminToken.filter(String::isBlank).ifPresent(blank -> {
            throw new IllegalStateException("a console bound beyond the loopback needs the admin token "
                    + "(FAULTLINE_ADMIN_TOKEN)");
        });
        return new SessionGuard(HexFormat.of().formatHex(bytes), adminToken);
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/api/session", (req, res) -> Json.send(res, Map.of("token", token)));
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        res.headers().set(CSP, "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
                + "frame-ancestors 'none'");
        res.headers().set(FRAME_OPTIONS, "DENY");
        res.headers().set(NOSNIFF, "nosniff");
        if (required.isPresent() && !admitted(req, res)) {
            return;
        }
        Method method = req.prologue().method();
        if (method == Method.GET || method == Method.HEAD || method == Method.OPTIONS) {
            chain.proceed();
            return;
        }
        Optional<String> refused = refusal(req);
        if (refused.isPresent()) {
            Problems.send(res, Problem.typed("forbidden-origin", 403, "Forbidden", refused.get()));
            return;
        }
        chain.proceed();
    }

    /**
     * Whether the request shows the admin token (address, cookie or bearer); a token in the address becomes the
     * cookie and the browser is sent on without it, so it stays out of the history.
     */
    private boolean admitted(RoutingRequest req, RoutingResponse res) {
        String expected = required.orElseThrow();
        Optional<String> inAddress = req.query().first("token").asOptional();
        if (inAddress.isPresent() && same(inAddress.get(), expected)) {
            res.headers().add(HeaderNames.SET_COOKIE, COOKIE + "=" + expected + "; Path=/; HttpOnly; SameSite=Strict");
            res.status(io.helidon.http.Status.SEE_OTHER_303);
            res.headers().set(HeaderNames.LOCATION, req.path().rawPath());
            res.send();
            return false;
        }
        boolean shown = req.headers().first(HeaderNames.AUTHORIZATION).map(v -> same(v, "Bearer " + expected)).orElse(false)
                || req.headers().cookies().first(COOKIE).asOptional().map(v -> same(v, expected)).orElse(false);
        if (!shown) {
            Problems.send(res, Problem.typed("console-token-required", 401, "Unauthorized", "This console is reachable "
                    + "from beyond this machine: open it once as /?token=<the sandbox's admin token> "
                    + "(.faultline/admin-token)."));
        }
        return shown;
    }

    private static boolean same(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }

    private Optional<String> refusal(RoutingRequest req) {
        String host = req.headers().first(HeaderNames.HOST).orElse("");
        String own = "http://" + host;
        Optional<String> origin = req.headers().first(HeaderNames.ORIGIN)
                .or(() -> req.headers().first(HeaderNames.REFERER).map(SessionGuard::originOf));
        if (origin.isEmpty() || !origin.get().equals(own)) {
            return Optional.of("A change must come from the console's own page (" + own + "), not from "
                    + origin.orElse("a request without Origin") + ".");
        }
        String sent = req.headers().first(TOKEN_HEADER).orElse("");
        if (!same(sent, token)) {
            return Optional.of("The anti-forgery token is missing or wrong: reload the page.");
        }
        return Optional.empty();
    }

    private static String originOf(String referer) {
        int path = referer.indexOf('/', referer.indexOf("//") + 2);
        return path < 0 ? referer : referer.substring(0, path);
    }
}
