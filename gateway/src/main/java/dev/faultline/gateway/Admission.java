package dev.faultline.gateway;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

import dev.faultline.gateway.identity.AccessToken;
import dev.faultline.gateway.identity.AccessTokenVerifier;
import dev.faultline.gateway.identity.Rejection;
import dev.faultline.gateway.identity.TokenRejected;
import dev.faultline.observability.TelemetryNames;
import dev.faultline.platform.http.Problem;
import dev.faultline.platform.http.Problems;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;

/**
 * Who may come in, and how often: every request on the API socket needs a credential the gateway accepts
 * ({@code gateway.auth.mode}): a known API key ({@code X-API-Key}, or {@code Authorization: Bearer} with a key), or an
 * access token ({@code Authorization: Bearer} with a JWT the {@link AccessTokenVerifier} accepts and whose scope covers
 * the route and method). Then the caller's token bucket (per API-key consumer, or per client_id) and the global one.
 * Sets {@code X-Request-Id} and the {@code RateLimit-*} headers on every response. Refusals follow RFC 6750: 400
 * {@code invalid_request}, 401 {@code invalid_token} or 403 {@code insufficient_scope} in {@code WWW-Authenticate}, and
 * a problem body naming the check that failed; the token itself is never echoed, logged or put on a span.
 */
final class Admission implements Filter {

    static final HeaderName X_API_KEY = HeaderNames.create("X-API-Key");
    static final HeaderName X_REQUEST_ID = HeaderNames.create("X-Request-Id");
    static final HeaderName RATELIMIT_LIMIT = HeaderNames.create("RateLimit-Limit");
    static final HeaderName RATELIMIT_REMAINING = HeaderNames.create("RateLimit-Remaining");
    static final HeaderName RATELIMIT_RESET = HeaderNames.create("RateLimit-Reset");
    private static final String REALM = "Bearer realm=\"faultline\"";
    private static final AttributeKey<String> CLIENT_ID = AttributeKey.stringKey("faultline.client.id");
    private static final AttributeKey<String> SUBJECT = AttributeKey.stringKey("enduser.id");
    private static final AttributeKey<String> SCOPES = AttributeKey.stringKey("enduser.scope");

    private final GatewaySettings settings;
    private final AccessTokenVerifier tokens;
    private final Clock clock;
    private final MeterRegistry meters;
    private final TokenBucket global;
    private final Map<String, TokenBucket> consumers = new ConcurrentHashMap<>();

    Admission(GatewaySettings settings, AccessTokenVerifier tokens, Clock clock, MeterRegistry meters) {
        this.settings = settings;
        this.tokens = tokens;
        this.clock = clock;
        this.meters = meters;
        this.global = new TokenBucket(settings.global().rate(), settings.global().burst(), clock);
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        String requestId = req.headers().first(X_REQUEST_ID).orElseGet(Admission::newRequestId);
        req.context().register(RequestFacts.class, new RequestFacts(requestId, null));
        res.headers().set(X_REQUEST_ID, requestId);

        Optional<Caller> caller = identify(req, res);
        if (caller.isEmpty()) {
            return;
        }
        Caller who = caller.get();
        TokenBucket bucket = consumers.computeIfAbsent(who.consumer(), consumer -> {
            GatewaySettings.Plan plan = settings.plans().get(who.plan());
            return new TokenBucket(plan.rate(), plan.burst(), clock);
        });
        TokenBucket.Decision decision = bucket.take();
        if (decision.allowed()) {
            TokenBucket.Decision shared = global.take();
            if (!shared.allowed()) {
                rejections("global").increment();
                rateLimited(res, shared, "The gateway as a whole is over its rate limit.");
                return;
            }
        }
        res.headers().set(RATELIMIT_LIMIT, Long.toString(decision.limit()));
        res.headers().set(RATELIMIT_REMAINING, Long.toString(decision.remaining()));
        res.headers().set(RATELIMIT_RESET, Long.toString(decision.resetSeconds()));
        if (!decision.allowed()) {
            rejections(who.plan()).increment();
            rateLimited(res, decision, "Consumer " + who.consumer() + " is over the rate limit of plan " + who.plan() + ".");
            return;
        }
        req.context().register(RequestFacts.class, new RequestFacts(requestId, who));
        chain.proceed();
    }

    /** The caller, or empty when the request was refused (the refusal is sent). */
    private Optional<Caller> identify(RoutingRequest req, RoutingResponse res) {
        List<String> authorizations = req.headers().all(HeaderNames.AUTHORIZATION, List::of);
        if (authorizations.size() > 1) {
            return refuse(res, Rejection.PRESENTATION, 400, "invalid_request", "Send one Authorization header, not "
                    + authorizations.size() + ".");
        }
        if (req.query().contains("access_token")) {
            return refuse(res, Rejection.PRESENTATION, 400, "invalid_request", "An access token in the query string is "
                    + "refused (RFC 6750 section 5.3: URLs end up in logs); send it in the Authorization header.");
        }
        Optional<String> bearer = authorizations.stream().findFirst()
                .filter(value -> value.regionMatches(true, 0, "Bearer ", 0, 7))
                .map(value -> value.substring(7).strip()).filter(value -> !value.isEmpty());
        Optional<String> apiKey = req.headers().first(X_API_KEY).map(String::strip).filter(k -> !k.isEmpty());
        if (apiKey.isEmpty() && bearer.isPresent() && looksLikeJwt(bearer.get()) && settings.tokens().mode().tokens()) {
            return admitToken(req, res, bearer.get());
        }
        Optional<String> presented = apiKey.or(() -> bearer);
        Optional<GatewaySettings.ApiKey> key = settings.tokens().mode().keys() ? presented.map(settings.keys()::get)
                : Optional.empty();
        if (key.isEmpty()) {
            res.headers().set(HeaderNames.WWW_AUTHENTICATE, presented.isEmpty() ? REALM
                    : REALM + ", error=\"invalid_token\"");
            Problems.send(res, Problem.typed("api-key-required", 401, "Unauthorized", presented.isEmpty()
                    ? "A credential is required: " + accepted()
                    : settings.tokens().mode().keys() ? "The API key is not known." : "API keys are not accepted: "
                    + accepted()));
            return Optional.empty();
        }
        return Optional.of(new Caller(key.get().consumer(), key.get().plan(), Optional.empty()));
    }

    private Optional<Caller> admitToken(RoutingRequest req, RoutingResponse res, String token) {
        AccessToken verified;
        try {
            verified = tokens.verify(token);
        } catch (TokenRejected e) {
            if (e.reason() == Rejection.ISSUER_UNREACHABLE) {
                res.headers().set(HeaderNames.RETRY_AFTER, "5");
                Problems.send(res, Problem.typed(e.reason().slug(), 503, "Service Unavailable",
                        "The gateway cannot check access tokens now: " + e.getMessage()));
                return Optional.empty();
            }
            return refuse(res, e.reason(), 401, "invalid_token", e.getMessage());
        }
        String method = req.prologue().method().text();
        String path = req.path().path();
        Optional<String> needed = settings.route(path).flatMap(route -> route.scope(method));
        if (needed.isEmpty() || !verified.scopes().contains(needed.get())) {
            tokens.refused(Rejection.SCOPE);
            String detail = needed.map(scope -> method + " " + path + " needs scope " + scope + "; the token has "
                    + (verified.scopes().isEmpty() ? "none" : String.join(" ", verified.scopes())) + ".")
                    .orElse("No scope grants " + method + " " + path + " to an access token.");
            res.headers().set(HeaderNames.WWW_AUTHENTICATE, REALM + ", error=\"insufficient_scope\""
                    + needed.map(scope -> ", scope=\"" + scope + "\"").orElse(""));
            Problems.send(res, Problem.typed(Rejection.SCOPE.slug(), 403, "Forbidden", detail));
            return Optional.empty();
        }
        Span span = Span.current();
        span.setAttribute(CLIENT_ID, verified.clientId());
        span.setAttribute(SUBJECT, verified.subject());
        span.setAttribute(SCOPES, String.join(" ", verified.scopes()));
        return Optional.of(new Caller(verified.clientId(), settings.tokenPlan(), Optional.of(verified)));
    }

    private Optional<Caller> refuse(RoutingResponse res, Rejection reason, int status, String error, String detail) {
        if (reason == Rejection.PRESENTATION) {
            tokens.refused(reason);
        }
        // the description is a fixed phrase: RFC 6750 restricts its characters, and details belong in the body
        res.headers().set(HeaderNames.WWW_AUTHENTICATE, REALM + ", error=\"" + error + "\", error_description=\""
                + reason.check() + "\"");
        Problems.send(res, Problem.typed(reason.slug(), status, status == 400 ? "Bad Request" : "Unauthorized", detail));
        return Optional.empty();
    }

    private String accepted() {
        return switch (settings.tokens().mode()) {
            case API_KEY -> "send X-API-Key or Authorization: Bearer <key> (local demo key: faultline-demo-key).";
            case JWT -> "send Authorization: Bearer <access token> (./faultline token prints one).";
            case BOTH -> "send Authorization: Bearer <access token> (./faultline token prints one), or an API key in "
                    + "X-API-Key (local demo key: faultline-demo-key).";
        };
    }

    /** Three dot-separated parts: a JWS in compact form (an API key never has dots). */
    private static boolean looksLikeJwt(String credential) {
        int first = credential.indexOf('.');
        return first > 0 && credential.indexOf('.', first + 1) > first;
    }

    private Counter rejections(String plan) {
        return Counter.builder(TelemetryNames.RATELIMIT_REJECTED).tag("plan", plan)
                .description("Requests refused by a rate limit").register(meters);
    }

    private static void rateLimited(RoutingResponse res, TokenBucket.Decision decision, String detail) {
        res.headers().set(HeaderNames.RETRY_AFTER, Long.toString(decision.retryAfter()));
        res.headers().set(RATELIMIT_LIMIT, Long.toString(decision.limit()));
        res.headers().set(RATELIMIT_REMAINING, "0");
        res.headers().set(RATELIMIT_RESET, Long.toString(decision.resetSeconds()));
        Problems.send(res, Problem.typed("rate-limited", 429, "Too Many Requests",
                detail + " Retry after " + decision.retryAfter() + " s."));
    }

    /** A random id in UUID form; not a secret, so a fast generator rather than SecureRandom (measured in the profile). */
    private static String newRequestId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return new UUID(random.nextLong(), random.nextLong()).toString();
    }

    /**
     * Who is calling.
     *
     * @param consumer the rate-limit bucket and {@code X-Consumer}: the API key's consumer, or the token's client_id
     * @param plan     the rate-limit plan
     * @param token    the verified access token, for a caller that came with one
     */
    record Caller(String consumer, String plan, Optional<AccessToken> token) {
    }

    /**
     * What admission learned about a request, for the proxy.
     *
     * @param requestId the request's id, received or made
     * @param caller    who it came from (null until admitted)
     */
    record RequestFacts(String requestId, Caller caller) {
    }
}
