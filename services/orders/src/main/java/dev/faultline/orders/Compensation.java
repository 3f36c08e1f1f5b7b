package dev.faultline.orders;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * An undo that a failed saga still owes: it is retried with backoff, across restarts, until it succeeds.
 *
 * @param action        the compensating step to run: {@link SagaStep#RELEASE_STOCK} or {@link SagaStep#REFUND}
 * @param productId     the product whose reservation is released ({@code release-stock} only)
 * @param attempts      tries so far
 * @param nextAttemptAt when it is tried next (ISO 8601)
 * @param lastError     why the last try failed
 * @param since         when it was first owed (ISO 8601)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Compensation(SagaStep action, String productId, int attempts, String nextAttemptAt, String lastError,
                           String since) {

    public Compensation {
        if (action != SagaStep.RELEASE_STOCK && action != SagaStep.REFUND) {
            throw new IllegalArgumentException(action + " is no compensation");
        }
    }

    /** A compensation to owe, before any try. */
    static Compensation owed(SagaStep action, String productId) {
        return new Compensation(action, productId, 0, null, null, null);
    }
}
