package dev.faultline.platform.resilience;

import java.time.Duration;

import dev.faultline.platform.ProcessConfig;
import io.helidon.config.Config;

/**
 * The fault-tolerance policy of calls to one upstream, read from configuration (every key stated by the process's
 * {@code application.yaml}; a route or peer may override some) or built by name ({@link Builder}).
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

    /**
     * Every setting under {@code node}; a missing one is an error naming its key. Each process states them all in its
     * {@code application.yaml} (the gateway's {@code gateway.resilience}, orders' {@code orders.resilience}), the one
     * place its defaults are.
     */
    public static ResilienceSettings from(Config node) {
        Config retry = node.get("retry");
        Config breaker = node.get("circuit-breaker");
        Config bulkhead = node.get("bulkhead");
        return new Builder()
                .timeout(ProcessConfig.required(node.get("timeout"), Duration.class))
                .attempts(ProcessConfig.required(retry.get("attempts"), Integer.class))
                .retryDelay(ProcessConfig.required(retry.get("delay"), Duration.class))
                .retryJitter(ProcessConfig.required(retry.get("jitter"), Duration.class))
                .retryBudget(ProcessConfig.required(retry.get("budget"), Double.class))
                .breakerVolume(ProcessConfig.required(breaker.get("volume"), Integer.class))
                .breakerErrorRatio(ProcessConfig.required(breaker.get("error-ratio"), Integer.class))
                .breakerDelay(ProcessConfig.required(breaker.get("delay"), Duration.class))
                .breakerSuccessThreshold(ProcessConfig.required(breaker.get("success-threshold"), Integer.class))
                .bulkheadLimit(ProcessConfig.required(bulkhead.get("limit"), Integer.class))
                .bulkheadQueue(ProcessConfig.required(bulkhead.get("queue"), Integer.class))
                .build(node.key().toString());
    }

    /** The settings under {@code node} over {@code base}: a key it leaves out keeps the base's value (a route's own). */
    public static ResilienceSettings from(Config node, ResilienceSettings base) {
        Config retry = node.get("retry");
        Config breaker = node.get("circuit-breaker");
        Config bulkhead = node.get("bulkhead");
        return base.toBuilder()
                .timeout(node.get("timeout").as(Duration.class).orElse(base.timeout()))
                .attempts(retry.get("attempts").asInt().orElse(base.attempts()))
                .retryDelay(retry.get("delay").as(Duration.class).orElse(base.retryDelay()))
                .retryJitter(retry.get("jitter").as(Duration.class).orElse(base.retryJitter()))
                .retryBudget(retry.get("budget").asDouble().orElse(base.retryBudget()))
                .breakerVolume(breaker.get("volume").asInt().orElse(base.breakerVolume()))
                .breakerErrorRatio(breaker.get("error-ratio").asInt().orElse(base.breakerErrorRatio()))
                .breakerDelay(breaker.get("delay").as(Duration.class).orElse(base.breakerDelay()))
                .breakerSuccessThreshold(breaker.get("success-threshold").asInt().orElse(base.breakerSuccessThreshold()))
                .bulkheadLimit(bulkhead.get("limit").asInt().orElse(base.bulkheadLimit()))
                .bulkheadQueue(bulkhead.get("queue").asInt().orElse(base.bulkheadQueue()))
                .build(node.key().toString());
    }

    /** These settings, some changed by name: {@code settings.toBuilder().attempts(1).build()}. */
    public Builder toBuilder() {
        return new Builder().timeout(timeout).attempts(attempts).retryDelay(retryDelay).retryJitter(retryJitter)
                .retryBudget(retryBudget).breakerVolume(breakerVolume).breakerErrorRatio(breakerErrorRatio)
                .breakerDelay(breakerDelay).breakerSuccessThreshold(breakerSuccessThreshold)
                .bulkheadLimit(bulkheadLimit).bulkheadQueue(bulkheadQueue);
    }

    /** Settings by name; {@link #build} checks them as configuration is checked. */
    public static final class Builder {

        private Duration timeout;
        private int attempts;
        private Duration retryDelay;
        private Duration retryJitter;
        private double retryBudget;
        private int breakerVolume;
        private int breakerErrorRatio;
        private Duration breakerDelay;
        private int breakerSuccessThreshold;
        private int bulkheadLimit;
        private int bulkheadQueue;

        /** Per attempt, until the response headers arrive. */
        public Builder timeout(Duration value) {
            timeout = value;
            return this;
        }

        /** Calls in all, the first included; 1 disables retries. */
        public Builder attempts(int value) {
            attempts = value;
            return this;
        }

        public Builder retryDelay(Duration value) {
            retryDelay = value;
            return this;
        }

        public Builder retryJitter(Duration value) {
            retryJitter = value;
            return this;
        }

        /** The share of calls retries may add, 0 to 1. */
        public Builder retryBudget(double value) {
            retryBudget = value;
            return this;
        }

        public Builder breakerVolume(int value) {
            breakerVolume = value;
            return this;
        }

        /** Percent of failed calls in the window that opens the breaker. */
        public Builder breakerErrorRatio(int value) {
            breakerErrorRatio = value;
            return this;
        }

        public Builder breakerDelay(Duration value) {
            breakerDelay = value;
            return this;
        }

        public Builder breakerSuccessThreshold(int value) {
            breakerSuccessThreshold = value;
            return this;
        }

        public Builder bulkheadLimit(int value) {
            bulkheadLimit = value;
            return this;
        }

        public Builder bulkheadQueue(int value) {
            bulkheadQueue = value;
            return this;
        }

        /** The settings, checked; an error names what is wrong. */
        public ResilienceSettings build() {
            return build("resilience");
        }

        private ResilienceSettings build(String key) {
            if (timeout == null || retryDelay == null || retryJitter == null || breakerDelay == null) {
                throw new IllegalArgumentException(key + ": timeout, retry delay and jitter and the breaker's delay "
                        + "are required");
            }
            ResilienceSettings settings = new ResilienceSettings(timeout, attempts, retryDelay, retryJitter,
                    retryBudget, breakerVolume, breakerErrorRatio, breakerDelay, breakerSuccessThreshold,
                    bulkheadLimit, bulkheadQueue);
            settings.validate(key);
            return settings;
        }
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
