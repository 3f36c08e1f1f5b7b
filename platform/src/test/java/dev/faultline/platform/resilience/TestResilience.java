package dev.faultline.platform.resilience;

import java.time.Duration;

/**
 * The settings the policy tests start from, each test naming what it changes: no retries, no waiting between
 * attempts, a breaker that needs ten calls and opens at half of them failing, a small bulkhead.
 */
final class TestResilience {

    private TestResilience() {
    }

    static ResilienceSettings.Builder base() {
        return new ResilienceSettings.Builder().timeout(Duration.ofSeconds(2)).attempts(1).retryDelay(Duration.ZERO)
                .retryJitter(Duration.ZERO).retryBudget(0.2).breakerVolume(10).breakerErrorRatio(50)
                .breakerDelay(Duration.ofSeconds(5)).breakerSuccessThreshold(1).bulkheadLimit(8).bulkheadQueue(8);
    }
}
