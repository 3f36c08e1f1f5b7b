package dev.faultline.platform.resilience;

import java.time.Duration;

import io.helidon.config.Config;

/**
 * The fault-tolerance policy of calls to one upstream, read from configuration; every key is optional and
 * falls back to {@code defaults}.
 *
 * <pre>
 * timeout: PT2S              # per attempt, until the response headers arrive
 * retry:
 *   attempts: 3              # calls in all, the first included; 1 disables retries
 *   delay: PT0.05S           # before the first retry, doubling after
 *   jitter: PT0.05S          # up to this much added at random, so retries do not align
 *   budget: 0.2              # retries never exceed this share of calls
 * circuit-breaker:
 *   volume: 10               # calls in the rolling window; the breaker cannot open before it is full
 *   error-ratio: 50          # percent of failed calls in the window that opens it
 *   delay: PT5S              # how long it stays open before letting trial calls through (half-open)
 *   success-threshold: 2     # successful trial calls that close it again
 * bulkhead:
 *   limit: 32                # calls running at once
 *   queue: 32                # calls waiting; beyond it calls are rejected
 * </pre>
 */
public record ResilienceSettings(Duration timeout, int attempts, Duration retryDelay, Duration retryJitter,
                                 double retryBudget, int breakerVolume, int breakerErrorRatio, Duration breakerDelay,
                                 int breakerSuccessThreshold, int bulkheadLimit, int bulkheadQueue) {

    /** What an upstream gets when configuration says nothing. */
    public static final ResilienceSettings DEFAULTS = new ResilienceSettings(Duration.ofSeconds(2), 3,
            Duration.ofMillis(50), Duration.ofMillis(50), 0.2, 10, 50, Duration.ofSeconds(5), 2, 32, 32);

    /** Reads the settings under {@code node}, each missing key taken from {@code defaults}. */
    public static ResilienceSettings from(Config node, ResilienceSettings defaults) {
        Config retry = node.get("retry");
        Config breaker = node.get("circuit-breaker");
        Config bulkhead = node.get("bulkhead");
        ResilienceSettings settings = new ResilienceSettings(
                node.get("timeout").as(Duration.class).orElse(defaults.timeout()),
                retry.get("attempts").asInt().orElse(defaults.attempts()),
                retry.get("delay").as(Duration.class).orElse(defaults.retryDelay()),
                retry.get("jitter").as(Duration.class).orElse(defaults.retryJitter()),
                retry.get("budget").asDouble().orElse(defaults.retryBudget()),
                breaker.get("volume").asInt().orElse(defaults.breakerVolume()),
                breaker.get("error-ratio").asInt().orElse(defaults.breakerErrorRatio()),
                breaker.get("delay").as(Duration.class).orElse(defaults.breakerDelay()),
                breaker.get("success-threshold").asInt().orElse(defaults.breakerSuccessThreshold()),
                bulkhead.get("limit").asInt().orElse(defaults.bulkheadLimit()),
                bulkhead.get("queue").asInt().orElse(defaults.bulkheadQueue()));
        settings.validate(node.key().toString());
        return settings;
    }

    private void validate(String key) {
        require(attempts >= 1, key + ".retry.attempts must be at least 1");
        require(retryBudget >= 0 && retryBudget <= 1, key + ".retry.budget must be between 0 and 1");
        require(breakerVolume >= 1, key + ".circuit-breaker.volume must be at least 1");
        require(breakerErrorRatio >= 1 && breakerErrorRatio <= 100, key + ".circuit-breaker.error-ratio must be 1 to 100");
        require(bulkheadLimit >= 1 && bulkheadQueue >= 0, key + ".bulkhead needs limit >= 1 and queue >= 0");
        require(!timeout.isNegative() && !timeout.isZero(), key + ".timeout must be positive");
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
