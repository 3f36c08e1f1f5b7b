package dev.faultline.platform.resilience;

import java.util.function.Supplier;

import dev.faultline.observability.Telemetry;
import dev.faultline.observability.TelemetryNames;
import io.helidon.faulttolerance.Bulkhead;
import io.helidon.faulttolerance.CircuitBreaker;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes one policy visible: metrics under {@code faultline_} with a {@code name} label (breaker state, its
 * transitions, calls by outcome, and why it opened: the window's fill against {@code volume} and its failure ratio
 * against the threshold; retries and budget exhaustion; timeouts; bulkhead running, queued, rejected; fallbacks),
 * and the trace: a child span per attempt, events for rejections, timeouts, retries and fallbacks.
 *
 * <p>The window's fill and failure ratio are Faultline's own count, an approximation of the breaker's: Helidon keeps
 * its window private. Both count every call that passed the breaker and empty when trial calls begin and when the
 * breaker closes, as Helidon's does; they may differ by the calls in flight at a transition, never by more.
 */
final class ResilienceTelemetry {

    private static final Logger LOG = LoggerFactory.getLogger(ResilienceTelemetry.class);
    static final AttributeKey<String> NAME = AttributeKey.stringKey("faultline.resilience.name");
    static final AttributeKey<Long> ATTEMPT = AttributeKey.longKey("faultline.attempt");

    private final String name;
    private final ResilienceSettings settings;
    private final CircuitBreaker breaker;
    private final Bulkhead bulkhead;
    private final MeterRegistry registry;
    private final Tracer tracer;
    private final boolean[] window;
    private final Counter calls;
    private final Counter succeeded;
    private final Counter failed;
    private final Counter rejected;
    private final Counter retries;
    private final Counter budgetExhausted;
    private final Counter timeouts;
    private final Counter bulkheadRejected;
    private int windowCount;
    private int windowNext;
    private int windowFailures;
    private CircuitBreaker.State lastState = CircuitBreaker.State.CLOSED;

    ResilienceTelemetry(String name, ResilienceSettings settings, CircuitBreaker breaker, Bulkhead bulkhead,
                        Telemetry telemetry) {
        this.name = name;
        this.registry = telemetry.meters();
        this.tracer = telemetry.tracer(ResilienceTelemetry.class);
        this.settings = settings;
        this.breaker = breaker;
        this.bulkhead = bulkhead;
        this.window = new boolean[settings.breakerVolume()];
        for (CircuitBreaker.State state : CircuitBreaker.State.values()) {
            Gauge.builder(TelemetryNames.BREAKER_STATE, this, t -> t.currentState() == state ? 1 : 0)
                    .description("1 for the circuit breaker's current state, 0 for the others")
                    .tag("name", name).tag("state", state.name().toLowerCase().replace('_', '-'))
                    .register(registry);
        }
        Gauge.builder(TelemetryNames.BREAKER_WINDOW_CALLS, this, ResilienceTelemetry::windowCalls)
                .description("Calls in the breaker's rolling window as Faultline counts them (an approximation of Helidon's); "
                        + "it cannot open before the window is full")
                .tag("name", name).register(registry);
        Gauge.builder(TelemetryNames.BREAKER_WINDOW_VOLUME, settings, s -> s.breakerVolume())
                .description("Size of the breaker's rolling window (volume)").tag("name", name).register(registry);
        Gauge.builder(TelemetryNames.BREAKER_FAILURE_RATIO, this, ResilienceTelemetry::failureRatio)
                .description("Failed share of the calls in the breaker's window, as Faultline counts them "
                        + "(an approximation of Helidon's)").tag("name", name).register(registry);
        Gauge.builder(TelemetryNames.BREAKER_FAILURE_THRESHOLD, settings, s -> s.breakerErrorRatio() / 100.0)
                .description("Failed share of the window that opens the breaker").tag("name", name).register(registry);
        Gauge.builder(TelemetryNames.BULKHEAD_RUNNING, bulkhead, b -> b.stats().concurrentExecutions())
                .description("Calls running in the bulkhead").tag("name", name).register(registry);
        Gauge.builder(TelemetryNames.BULKHEAD_QUEUED, bulkhead, b -> b.stats().waitingQueueSize())
                .description("Calls waiting for the bulkhead").tag("name", name).register(registry);
        calls = counter(TelemetryNames.RESILIENCE_CALLS, "Calls made under the policy");
        succeeded = Counter.builder(TelemetryNames.BREAKER_CALLS).tag("name", name).tag("outcome", "success")
                .description("Calls through the circuit breaker by outcome").register(registry);
        failed = Counter.builder(TelemetryNames.BREAKER_CALLS).tag("name", name).tag("outcome", "failure")
                .description("Calls through the circuit breaker by outcome").register(registry);
        rejected = Counter.builder(TelemetryNames.BREAKER_CALLS).tag("name", name).tag("outcome", "rejected")
                .description("Calls through the circuit breaker by outcome").register(registry);
        retries = counter(TelemetryNames.RETRY_ATTEMPTS, "Attempts made after the first (retries)");
        budgetExhausted = counter(TelemetryNames.RETRY_BUDGET_EXHAUSTED, "Retries refused by the retry budget");
        timeouts = counter(TelemetryNames.TIMEOUTS, "Attempts that timed out");
        bulkheadRejected = counter(TelemetryNames.BULKHEAD_REJECTED, "Calls refused by a full bulkhead");
        // The transitions a breaker can make, at zero from the start: rate() and increase() then work from the
        // first change on, and dashboards show 0 instead of "no data" (Prometheus' advice for labelled counters).
        transitions(CircuitBreaker.State.CLOSED, CircuitBreaker.State.OPEN);
        transitions(CircuitBreaker.State.OPEN, CircuitBreaker.State.HALF_OPEN);
        transitions(CircuitBreaker.State.HALF_OPEN, CircuitBreaker.State.CLOSED);
        transitions(CircuitBreaker.State.HALF_OPEN, CircuitBreaker.State.OPEN);
    }

    private Counter transitions(CircuitBreaker.State from, CircuitBreaker.State to) {
        return Counter.builder(TelemetryNames.BREAKER_TRANSITIONS).tag("name", name)
                .tag("from", from.name().toLowerCase().replace('_', '-'))
                .tag("to", to.name().toLowerCase().replace('_', '-'))
                .description("Circuit breaker state changes").register(registry);
    }

    void called() {
        calls.increment();
    }

    /** Runs one attempt in a child span of its own. */
    <T> T attempt(int number, Supplier<T> attempt) {
        Span span = tracer.spanBuilder(name + " attempt " + number)
                .setAttribute(NAME, name)
                .setAttribute(ATTEMPT, (long) number)
                .startSpan();
        try (Scope scope = span.makeCurrent()) {
            return attempt.get();
        } catch (RuntimeException e) {
            span.setStatus(StatusCode.ERROR, e.getClass().getSimpleName());
            throw e;
        } finally {
            span.end();
        }
    }

    void passed(boolean ok) {
        (ok ? succeeded : failed).increment();
        synchronized (this) {
            observeState();
            if (windowCount == window.length && window[windowNext]) {
                windowFailures--;
            }
            window[windowNext] = !ok;
            if (!ok) {
                windowFailures++;
            }
            windowNext = (windowNext + 1) % window.length;
            windowCount = Math.min(window.length, windowCount + 1);
        }
    }

    void rejectedByBreaker() {
        rejected.increment();
        event("faultline.circuit_breaker.rejected", "the circuit breaker is open");
    }

    void rejectedByBulkhead() {
        bulkheadRejected.increment();
        event("faultline.bulkhead.rejected", "the bulkhead is full");
    }

    void timedOut() {
        timeouts.increment();
        event("faultline.timeout", "no answer within " + settings.timeout().toMillis() + " ms");
    }

    void retrying(int nextAttempt, long delayMillis) {
        retries.increment();
        Span.current().addEvent("faultline.retry", Attributes.of(NAME, name, ATTEMPT, (long) nextAttempt,
                AttributeKey.longKey("faultline.retry.delay_ms"), delayMillis));
    }

    void budgetExhausted() {
        budgetExhausted.increment();
        event("faultline.retry.budget_exhausted", "no retry: the retry budget is spent");
    }

    void fallback(String kind) {
        Counter.builder(TelemetryNames.FALLBACKS).tag("name", name).tag("kind", kind)
                .description("Fallback answers served in place of a failure").register(registry).increment();
        event("faultline.fallback", kind);
    }

    private void event(String event, String reason) {
        Span.current().addEvent(event, Attributes.of(NAME, name, AttributeKey.stringKey("faultline.reason"), reason));
    }

    private synchronized CircuitBreaker.State currentState() {
        observeState();
        return lastState;
    }

    /**
     * Counts a transition when the breaker's state differs from the last one seen. The window empties when trial
     * calls begin (half-open) and when the breaker closes; while it is open it keeps the calls that opened it.
     */
    private synchronized void observeState() {
        CircuitBreaker.State now = breaker.state();
        if (now != lastState) {
            LOG.info("Circuit breaker {}: {} -> {} (window: {} of {} calls failed)", name, lastState, now, windowFailures,
                    windowCount);
            transitions(lastState, now).increment();
            if (now != CircuitBreaker.State.OPEN) {
                windowCount = 0;
                windowNext = 0;
                windowFailures = 0;
            }
            lastState = now;
        }
    }

    private synchronized double windowCalls() {
        return windowCount;
    }

    private synchronized double failureRatio() {
        return windowCount == 0 ? 0 : (double) windowFailures / windowCount;
    }

    private Counter counter(String meter, String description) {
        return Counter.builder(meter).tag("name", name).description(description).register(registry);
    }
}
