package dev.faultline.platform.resilience;

import java.time.Duration;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import dev.faultline.observability.Telemetry;
import io.helidon.faulttolerance.Bulkhead;
import io.helidon.faulttolerance.BulkheadException;
import io.helidon.faulttolerance.CircuitBreaker;
import io.helidon.faulttolerance.CircuitBreakerOpenException;
import io.helidon.faulttolerance.Retry;
import io.helidon.faulttolerance.TimeoutException;
import io.opentelemetry.context.Context;

/**
 * The fault-tolerance of calls to one upstream, built from Helidon's blocks (the attempt's timeout is
 * {@link AttemptTimeout}, which fails as Helidon's would) and nested as
 * {@code bulkhead( retry( breaker( timeout( attempt ))))}: the bulkhead bounds whole calls, retries included;
 * each attempt passes the breaker and has its own timeout; an open breaker or a full bulkhead is never retried,
 * and retries stay within a budget. Rejections and timeouts surface as {@link ResilienceException}; any other
 * failure of the last attempt is rethrown as it was. Everything it does is measured and traced
 * ({@link ResilienceTelemetry}).
 */
public final class ResiliencePolicy {

    private final String upstream;
    private final ResilienceSettings settings;
    private final Bulkhead bulkhead;
    private final CircuitBreaker breaker;
    private final AttemptTimeout timeout;
    private final Retry retry;
    private final RetryBudget budget;
    private final ResilienceTelemetry telemetry;

    private ResiliencePolicy(String upstream, ResilienceSettings settings, Random random, Telemetry telemetry) {
        this.upstream = upstream;
        this.settings = settings;
        this.budget = new RetryBudget(settings.retryBudget());
        this.bulkhead = Bulkhead.builder().name(upstream).limit(settings.bulkheadLimit())
                .queueLength(settings.bulkheadQueue()).enableMetrics(true).build();
        this.breaker = CircuitBreaker.builder().name(upstream).volume(settings.breakerVolume())
                .errorRatio(settings.breakerErrorRatio()).delay(settings.breakerDelay())
                .successThreshold(settings.breakerSuccessThreshold()).enableMetrics(true).build();
        this.timeout = new AttemptTimeout(upstream, settings.timeout());
        this.telemetry = new ResilienceTelemetry(upstream, settings, breaker, bulkhead, telemetry);
        this.retry = Retry.builder().name(upstream).calls(settings.attempts())
                .addSkipOn(CircuitBreakerOpenException.class)
                .addSkipOn(BulkheadException.class)
                .retryPolicy((firstCallMillis, lastDelay, call) -> nextDelay(call, random))
                .overallTimeout(settings.timeout().multipliedBy(settings.attempts() + 1L))
                .enableMetrics(true)
                .build();
    }

    /** The policy for an upstream, measured and traced by the process's telemetry. */
    public static ResiliencePolicy create(String upstream, ResilienceSettings settings, Telemetry telemetry) {
        return new ResiliencePolicy(upstream, settings, new Random(), telemetry);
    }

    public String upstream() {
        return upstream;
    }

    public ResilienceSettings settings() {
        return settings;
    }

    /** The breaker's state now. */
    public CircuitBreaker.State breakerState() {
        return breaker.state();
    }

    /**
     * Runs a call under the policy.
     *
     * @param retryable whether the call may be repeated (an idempotent request)
     * @param attempt   one attempt; it throws to report a failure (a connect error, a 5xx)
     */
    public <T> T call(boolean retryable, Supplier<T> attempt) {
        budget.deposit();
        telemetry.called();
        AtomicInteger attempts = new AtomicInteger();
        Supplier<T> guarded = () -> telemetry.attempt(attempts.incrementAndGet(), () -> guard(attempt));
        try {
            return bulkhead.invoke(retryable && settings.attempts() > 1 ? () -> retry.invoke(guarded) : guarded);
        } catch (CircuitBreakerOpenException e) {
            throw new ResilienceException(ResilienceException.Kind.BREAKER_OPEN, upstream, e);
        } catch (BulkheadException e) {
            telemetry.rejectedByBulkhead();
            throw new ResilienceException(ResilienceException.Kind.BULKHEAD_FULL, upstream, e);
        } catch (TimeoutException e) {
            throw new ResilienceException(ResilienceException.Kind.TIMEOUT, upstream, e);
        }
    }

    /** Records that a fallback answered in place of a failed call (the gateway's stale responses). */
    public void fallbackServed(String kind) {
        telemetry.fallback(kind);
    }

    /** One attempt through the breaker, with its own timeout, its outcome recorded. */
    private <T> T guard(Supplier<T> attempt) {
        try {
            // on a platform thread the timeout runs the attempt on another thread: carry the trace context there
            Supplier<T> traced = Context.current().wrapSupplier(attempt);
            T result = breaker.invoke(() -> timeout.invoke(traced));
            telemetry.passed(true);
            return result;
        } catch (CircuitBreakerOpenException e) {
            telemetry.rejectedByBreaker();
            throw e;
        } catch (TimeoutException e) {
            telemetry.timedOut();
            telemetry.passed(false);
            throw e;
        } catch (RuntimeException e) {
            telemetry.passed(false);
            throw e;
        }
    }

    private Optional<Long> nextDelay(int call, Random random) {
        if (call >= settings.attempts()) {
            return Optional.empty();
        }
        if (!budget.withdraw()) {
            telemetry.budgetExhausted();
            return Optional.empty();
        }
        Duration base = settings.retryDelay().multipliedBy(1L << Math.min(call - 1, 10));
        long jitter = settings.retryJitter().isZero() ? 0 : random.nextLong(settings.retryJitter().toMillis() + 1);
        long delay = base.toMillis() + jitter;
        telemetry.retrying(call + 1, delay);
        return Optional.of(delay);
    }
}
