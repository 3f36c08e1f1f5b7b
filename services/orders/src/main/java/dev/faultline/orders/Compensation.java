package dev.faultline.orders;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * An undo that a failed saga still owes: it is retried with backoff, across restarts, until it succeeds.
 *
 * @param action        what is to be undone
 * @param productId     the product whose reservation is released ({@code release-stock} only)
 * @param attempts      tries so far
 * @param nextAttemptAt when it is tried next (ISO 8601)
 * @param lastError     why the last try failed
 * @param since         when it was first owed (ISO 8601)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Compensation(Action action, String productId, int attempts, String nextAttemptAt, String lastError,
                           String since) {

    /** A compensation to owe, before any try. */
    static Compensation owed(Action action, String productId) {
        return new Compensation(action, productId, 0, null, null, null);
    }

    /** The undo of one saga step; its name is the step recorded when it runs. */
    public enum Action {
        /** Releases what the order holds of a product, and refuses a reservation of it still on its way. */
        RELEASE_STOCK(SagaStep.RELEASE_STOCK),
        /** Refunds the order's charge, or voids the order so that a charge still on its way is refused. */
        REFUND(SagaStep.REFUND);

        private final SagaStep step;

        Action(SagaStep step) {
            this.step = step;
        }

        /** The saga step it records. */
        @JsonValue
        public SagaStep step() {
            return step;
        }

        static Action ofStep(String label) {
            SagaStep step = SagaStep.ofLabel(label);
            for (Action action : values()) {
                if (action.step == step) {
                    return action;
                }
            }
            throw new IllegalArgumentException("No compensation named " + label);
        }
    }
}
