package dev.faultline.gateway;

import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

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

/**
 * Who may come in, and how often: every request on the API socket needs a known API key ({@code X-API-Key} or
 * {@code Authorization: Bearer}), then passes the consumer's token bucket and the global one. Sets
 * {@code X-Request-Id} and the {@code RateLimit-*} headers on every response.
 */
final class Admission implements Filter {

    static final HeaderName X_API_KEY = HeaderNames.create("X-API-Key");
    static final HeaderName X_REQUEST_ID = HeaderNames.create("X-Request-Id");
    static final HeaderName RATELIMIT_LIMIT = HeaderNames.create("RateLimit-Limit");
    static final HeaderName RATELIMIT_REMAINING = HeaderNames.create("RateLimit-Remaining");
    static final HeaderName RATELIMIT_RESET = HeaderNames.create("RateLimit-Reset");

    private final GatewaySettings settings;
    private final Clock clock;
    private final MeterRegistry meters;
    private final TokenBucket global;
    private final Map<String, TokenBucket> consumers = new ConcurrentHashMap<>();

    Admission(GatewaySettings settings, Clock clock, MeterRegistry meters) {
        this.settings = settings;
        this.clock = clock;
        this.meters = meters;
        this.global = new TokenBucket(settings.global().rate(), settings.global().burst(), clock);
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        String requestId = req.headers().first(X_REQUEST_ID).orElseGet(Admission::newRequestId);
        req.context().register(RequestFacts.class, new RequestFacts(requestId, null));
        res.headers().set(X_REQUEST_ID, requestId);

        Optional<GatewaySettings.ApiKey> key = presentedKey(req).map(settings.keys()::get);
        if (key.isEmpty()) {
            res.headers().set(HeaderNames.WWW_AUTHENTICATE, "Bearer realm=\"faultline\"");
            Problems.send(res, Problem.typed("api-key-required", 401, "Unauthorized", presentedKey(req).isEmpty()
                    ? "An API key is required: send X-API-Key or Authorization: Bearer <key> (local demo key: faultline-demo-key)."
                    : "The API key is not known."));
            return;
        }
        GatewaySettings.ApiKey apiKey = key.get();
        TokenBucket bucket = consumers.computeIfAbsent(apiKey.consumer(), consumer -> {
            GatewaySettings.Plan plan = settings.plans().get(apiKey.plan());
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
            rejections(apiKey.plan()).increment();
            rateLimited(res, decision, "Consumer " + apiKey.consumer() + " is over the rate limit of plan " + apiKey.plan() + ".");
            return;
        }
        req.context().register(RequestFacts.class, new RequestFacts(requestId, apiKey));
        chain.proceed();
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

    private static Optional<String> presentedKey(RoutingRequest req) {
        Optional<String> header = req.headers().first(X_API_KEY).map(String::strip).filter(k -> !k.isEmpty());
        if (header.isPresent()) {
            return header;
        }
        return req.headers().first(HeaderNames.AUTHORIZATION)
                .filter(value -> value.regionMatches(true, 0, "Bearer ", 0, 7))
                .map(value -> value.substring(7).strip())
                .filter(k -> !k.isEmpty());
    }

    /**
     * What admission learned about a request, for the proxy.
     *
     * @param requestId the request's id, received or made
     * @param apiKey    the key it came with (null until admitted)
     */
    record RequestFacts(String requestId, GatewaySettings.ApiKey apiKey) {
    }
}
