package dev.faultline.gateway;

import java.util.List;
import java.util.Map;

/** An attempt that counts as failed for retries, the breaker and ejection. */
sealed interface UpstreamFailure {

    /**
     * The upstream answered 5xx; its answer is kept to relay when no retry does better.
     *
     * @param status  the status
     * @param headers its end-to-end headers
     * @param body    its body (truncated to a bound)
     */
    record ServerError(int status, Map<String, List<String>> headers, byte[] body) implements UpstreamFailure {
    }

    /**
     * No answer: connection refused or reset, or the response broke off.
     *
     * @param instance the instance tried
     * @param reason   what happened
     */
    record Unreachable(String instance, String reason) implements UpstreamFailure {
    }

    /** Carries a failure through the fault-tolerance blocks, which speak exceptions. */
    final class Exception extends RuntimeException {

        private final transient UpstreamFailure failure;

        Exception(UpstreamFailure failure, Throwable cause) {
            super(failure.toString(), cause, false, false);
            this.failure = failure;
        }

        UpstreamFailure failure() {
            return failure;
        }
    }
}
