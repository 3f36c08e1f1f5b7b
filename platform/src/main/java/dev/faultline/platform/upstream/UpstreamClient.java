package dev.faultline.platform.upstream;

import java.time.Duration;
import java.util.Set;

import dev.faultline.observability.HttpClientTelemetry;
import dev.faultline.platform.ProcessContext;
import dev.faultline.platform.discovery.Discovery;
import dev.faultline.platform.discovery.Instance;
import dev.faultline.platform.resilience.ResilienceException;
import dev.faultline.platform.resilience.ResiliencePolicy;
import dev.faultline.platform.resilience.ResilienceSettings;
import io.helidon.http.Method;
import io.helidon.webclient.http1.Http1Client;
import io.helidon.webclient.http1.Http1ClientRequest;

/**
 * Calls to one upstream service: the one place where outbound HTTP is set up, for the gateway's proxy and for
 * services calling peers alike. Each attempt goes to an instance {@link Discovery} chooses and is booked against it
 * (in flight, then passed or failed, which feeds outlier ejection); the call runs under the upstream's
 * {@link ResiliencePolicy}; {@link #retryable} is the one rule of what may be sent twice. An attempt reports a
 * failure by throwing (a 5xx, an I/O error); whatever it returns is a success.
 */
public final class UpstreamClient {

    /** Marks a POST or PATCH as safe to repeat: the upstream answers a repeat with the first call's result. */
    public static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    /** Methods that mean the same when sent twice (RFC 9110, 9.2.2). */
    private static final Set<Method> IDEMPOTENT = Set.of(Method.GET, Method.HEAD, Method.PUT, Method.DELETE,
            Method.OPTIONS, Method.TRACE);

    private final String service;
    private final Http1Client client;
    private final Discovery discovery;
    private final ResiliencePolicy policy;

    private UpstreamClient(String service, Http1Client client, Discovery discovery, ResiliencePolicy policy) {
        this.service = service;
        this.client = client;
        this.discovery = discovery;
        this.policy = policy;
    }

    /**
     * A client for the named service, whose instances {@code discovery} knows: traced and measured as a peer of that
     * name, with the process's extensions (the chaos engine's dependency faults) on every call.
     *
     * @param readTimeout how long a response may stall once it started (the policy's timeout bounds each attempt)
     */
    public static UpstreamClient create(String service, Duration connectTimeout, Duration readTimeout,
                                        ResilienceSettings resilience, Discovery discovery, ProcessContext context) {
        // HTTP/1.1 directly: the generic WebClient discovered the protocol and looked up the system proxy on every
        // request (about 8 % of a bare Helidon proxy's throughput, bench/BareHelidonProxy.java)
        var builder = Http1Client.builder()
                .socketOptions(options -> options.connectTimeout(connectTimeout).readTimeout(readTimeout).tcpNoDelay(true))
                .readTimeout(readTimeout)
                .followRedirects(false)
                // Reuse connections: with the JVM-wide shared cache, connections churned under load (measured:
                // hundreds in TIME_WAIT for 2,000 sequential requests), see helidon-io/helidon#8077.
                .keepAlive(true)
                .shareConnectionCache(false)
                .addService(HttpClientTelemetry.create(context.telemetry(), service));
        // under mtls: the process's certificate presented, the server's checked against the sandbox's authority
        context.tls().client().ifPresent(builder::tls);
        context.extensions().clients(service).forEach(builder::addService);
        return new UpstreamClient(service, builder.build(), discovery,
                ResiliencePolicy.create(service, resilience, context.telemetry()));
    }

    /**
     * Whether a request may be sent again after an attempt whose outcome is unknown: an idempotent method, or a POST
     * or PATCH that carries an {@link #IDEMPOTENCY_KEY}.
     */
    public static boolean retryable(Method method, boolean hasIdempotencyKey) {
        return IDEMPOTENT.contains(method) || hasIdempotencyKey && (method == Method.POST || method == Method.PATCH);
    }

    public String service() {
        return service;
    }

    /** The policy guarding calls to the service. */
    public ResiliencePolicy policy() {
        return policy;
    }

    /**
     * Makes a call: each attempt gets a request with the method and the chosen instance's base URI set.
     *
     * @throws ResilienceException when the policy stops the call (breaker open, bulkhead full, timeout); any other
     *                             failure of the last attempt is rethrown as it was
     */
    public <T> T call(Method method, boolean hasIdempotencyKey, Attempt<T> attempt) {
        return policy.call(retryable(method, hasIdempotencyKey), () -> {
            Instance instance = discovery.choose(service);
            discovery.started(instance);
            boolean failed = true;
            try {
                T result = attempt.send(client.method(method).uri(instance.uri()), instance);
                failed = false;
                return result;
            } finally {
                discovery.finished(instance, failed);
            }
        });
    }

    /** One attempt of a call to one instance. */
    @FunctionalInterface
    public interface Attempt<T> {
        /**
         * Sends the request and reads what it needs of the answer; throws to report a failure.
         *
         * @param request  the method and the instance's base URI set
         * @param instance the instance it goes to (for messages)
         */
        T send(Http1ClientRequest request, Instance instance);
    }
}
