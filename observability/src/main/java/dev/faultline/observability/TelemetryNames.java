package dev.faultline.observability;

import java.time.Duration;

/**
 * Every metric name of Faultline, in one place, so code, dashboards and tests agree. Meter names are dotted;
 * the Prometheus registry renders them with underscores and unit and {@code _total} suffixes
 * ({@code faultline.circuitbreaker.calls} -> {@code faultline_circuitbreaker_calls_total}).
 */
public final class TelemetryNames {

    /**
     * Bucket boundaries of the HTTP duration histograms: OpenTelemetry's advice for {@code http.*.request.duration}
     * (5 ms to 10 s). Fourteen buckets per series instead of Micrometer's ~70 keep memory and scrapes small.
     */
    public static final Duration[] DURATION_BUCKETS = java.util.stream.DoubleStream.of(
                    0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10)
            .mapToObj(seconds -> Duration.ofNanos((long) (seconds * 1e9)))
            .toArray(Duration[]::new);

    /** OpenTelemetry semantic-convention HTTP server duration histogram (seconds). */
    public static final String HTTP_SERVER_DURATION = "http.server.request.duration";
    /** OpenTelemetry semantic-convention HTTP client duration histogram (seconds). */
    public static final String HTTP_CLIENT_DURATION = "http.client.request.duration";

    /** Gauge, 1 for the breaker's current state and 0 for the others; tags name, state. */
    public static final String BREAKER_STATE = "faultline.circuitbreaker.state";
    /** Counter of state changes; tags name, from, to. */
    public static final String BREAKER_TRANSITIONS = "faultline.circuitbreaker.transitions";
    /** Counter of calls by outcome (success, failure, rejected); tags name, outcome. */
    public static final String BREAKER_CALLS = "faultline.circuitbreaker.calls";
    /** Gauge: calls in the breaker's rolling window now; tag name. */
    public static final String BREAKER_WINDOW_CALLS = "faultline.circuitbreaker.window.calls";
    /** Gauge: the window size the breaker needs before it may open ({@code volume}); tag name. */
    public static final String BREAKER_WINDOW_VOLUME = "faultline.circuitbreaker.window.volume";
    /** Gauge: failed share of the window now, 0 to 1; tag name. */
    public static final String BREAKER_FAILURE_RATIO = "faultline.circuitbreaker.failure.ratio";
    /** Gauge: the failed share that opens the breaker, 0 to 1; tag name. */
    public static final String BREAKER_FAILURE_THRESHOLD = "faultline.circuitbreaker.failure.ratio.threshold";
    /** Counter of calls entering a policy; tag name. */
    public static final String RESILIENCE_CALLS = "faultline.resilience.calls";
    /** Counter of attempts made after the first; tag name. */
    public static final String RETRY_ATTEMPTS = "faultline.retry.attempts";
    /** Counter of retries refused by the retry budget; tag name. */
    public static final String RETRY_BUDGET_EXHAUSTED = "faultline.retry.budget.exhausted";
    /** Counter of attempts that timed out; tag name. */
    public static final String TIMEOUTS = "faultline.timeouts";
    /** Gauge of calls running in the bulkhead; tag name. */
    public static final String BULKHEAD_RUNNING = "faultline.bulkhead.running";
    /** Gauge of calls waiting for the bulkhead; tag name. */
    public static final String BULKHEAD_QUEUED = "faultline.bulkhead.queued";
    /** Counter of calls the bulkhead refused; tag name. */
    public static final String BULKHEAD_REJECTED = "faultline.bulkhead.rejected";
    /** Counter of fallback answers served; tags name, kind. */
    public static final String FALLBACKS = "faultline.fallbacks";

    /** Gauge, 1 when the instance passes its readiness check; tags upstream_service, upstream_instance. */
    public static final String UPSTREAM_HEALTHY = "faultline.upstream.healthy";
    /** Gauge, 1 while the instance is ejected; tags upstream_service, upstream_instance. */
    public static final String UPSTREAM_EJECTED = "faultline.upstream.ejected";
    /** Counter of ejections; tags upstream_service, upstream_instance. */
    public static final String UPSTREAM_EJECTIONS = "faultline.upstream.ejections";
    /**
     * Tag naming the upstream service of a discovery series. Never {@code service} or {@code instance}: those are
     * the labels Prometheus gives every scraped process, and an application label of the same name is renamed.
     */
    public static final String UPSTREAM_SERVICE_TAG = "upstream_service";
    /** Tag naming the upstream instance of a discovery series. */
    public static final String UPSTREAM_INSTANCE_TAG = "upstream_instance";
    /** Counter of requests refused by rate limits; tag plan ({@code global} for the shared bucket). */
    public static final String RATELIMIT_REJECTED = "faultline.ratelimit.rejected";

    /** Gauge: connections open on a listener; tag listener. */
    public static final String CONNECTIONS_OPEN = "faultline.connections.open";
    /** Counter of connections refused at once because the listener held its maximum; tag listener. */
    public static final String CONNECTIONS_REFUSED = "faultline.connections.refused";
    /** Counter of connections closed because their request did not arrive within the deadline; tag listener. */
    public static final String CONNECTIONS_CUT = "faultline.connections.cut";

    /** Counter of orders by final status; tag status. */
    public static final String ORDERS = "faultline.orders";
    /** Counter of saga compensation steps; tags step, outcome. */
    public static final String SAGA_COMPENSATIONS = "faultline.saga.compensations";
    /** Gauge: compensation steps a failed saga still owes (waiting for a peer to come back); no tags. */
    public static final String SAGA_COMPENSATIONS_PENDING = "faultline.saga.compensations.pending";
    /** Gauge: seconds the oldest owed compensation has waited (0 when none); no tags. */
    public static final String SAGA_COMPENSATIONS_OLDEST = "faultline.saga.compensations.oldest";
    /** Counter of charges by result; tag status. */
    public static final String PAYMENTS = "faultline.payments";
    /** Counter of refunds made. */
    public static final String REFUNDS = "faultline.refunds";

    /** Counter of access tokens the gateway refused; tag reason (the check that failed, e.g. token-expired). */
    public static final String AUTH_REJECTIONS = "faultline.auth.rejections";
    /** Counter of token requests to the auth process by outcome (issued, invalid_client, invalid_scope, ...). */
    public static final String AUTH_TOKEN_REQUESTS = "faultline.auth.token.requests";
    /** Counter of fetches of the token issuer's metadata and keys by the gateway; tag outcome (ok, failed). */
    public static final String AUTH_KEY_FETCHES = "faultline.auth.key.fetches";
    /** Gauge at the gateway: seconds since it last fetched the issuer's keys (NaN before the first fetch). */
    public static final String AUTH_KEYS_FETCHED_AGE = "faultline.auth.keys.fetched.age";
    /** Gauge at the issuer: seconds since the key that signs now was made. */
    public static final String AUTH_SIGNING_KEY_AGE = "faultline.auth.signing.key.age";
    /** Gauge at the issuer: keys its JWK set publishes (two while a rotation is under way or an old key retires). */
    public static final String AUTH_PUBLISHED_KEYS = "faultline.auth.published.keys";

    /** Gauge: when this process's TLS certificate expires, Unix seconds (exported with the unit: ..._timestamp_seconds). */
    public static final String TLS_CERTIFICATE_EXPIRY = "faultline.tls.certificate.expiry.timestamp";
    /**
     * Gauge under TLS: 1 when the process's API (or the broker's acceptor) requires a client certificate from the
     * sandbox's authority, 0 when it does not; how the console knows which edges of its map are mutual TLS.
     */
    public static final String TLS_CLIENT_CERTIFICATES_REQUIRED = "faultline.tls.client.certificates.required";
    /** Counter of re-issued certificates a process took on without a restart. */
    public static final String TLS_RELOADS = "faultline.tls.reloads";
    /** Counter of requests refused under mtls because the calling service may not make them; tag caller. */
    public static final String TLS_CALLERS_REFUSED = "faultline.tls.callers.refused";

    /** Gauge of faults active in this process; tag kind (Prometheus adds the process's service and instance). */
    public static final String CHAOS_FAULTS_ACTIVE = "faultline.chaos.faults.active";
    /** Counter of requests, calls or processes a fault hit; tag kind. */
    public static final String CHAOS_INJECTIONS = "faultline.chaos.injections";

    /**
     * Seconds the oldest message of a broker queue has waited ({@code queue} label; 0 when empty): a backlog's age.
     * The broker's other queue meters are Artemis's own ({@code artemis_message_count}, {@code artemis_messages_added},
     * {@code artemis_messages_acknowledged}, {@code artemis_messages_killed}, {@code artemis_consumer_count}, ...).
     */
    public static final String BROKER_OLDEST_MESSAGE_AGE = "faultline.broker.queue.oldest.age";

    /** Gauge: outbox events orders has written and the relay has not yet published to the broker; no tags. */
    public static final String OUTBOX_PENDING = "faultline.outbox.pending";
    /** Gauge: seconds the oldest unpublished outbox event has waited (0 when none); no tags. */
    public static final String OUTBOX_OLDEST = "faultline.outbox.oldest";
    /** Counter of outbox publish attempts by result; tag outcome (published, failed). */
    public static final String OUTBOX_PUBLISHES = "faultline.outbox.publishes";
    /** Counter of messages a consumer handled by outcome; tags queue, outcome (created, duplicate, ignored, failed). */
    public static final String MESSAGES_CONSUMED = "faultline.messages.consumed";
    /** Histogram: seconds from a message's publication to its consumption; tag queue. */
    public static final String MESSAGE_AGE = "faultline.messages.age";
    /** Histogram: seconds from an order's confirmation to its shipment's creation (the asynchronous path end to end). */
    public static final String ORDER_TO_SHIPMENT = "faultline.shipping.order.to.shipment";
    /** Counter of dead letters replayed to their queue through shipping's admin API; tag queue. */
    public static final String DEAD_LETTERS_REPLAYED = "faultline.dead.letters.replayed";

    /** Counter of telemetry items the collector accepted; tag signal (traces, logs). */
    public static final String TELEMETRY_EXPORTED = "faultline.telemetry.exported";
    /** Counter of telemetry items lost because the exporter failed; tag signal (traces, logs). */
    public static final String TELEMETRY_DROPPED = "faultline.telemetry.dropped";

    private TelemetryNames() {
    }
}
