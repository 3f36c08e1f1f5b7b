package dev.faultline.orders;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * An order and the story of its saga.
 *
 * @param id        opaque identifier
 * @param userId    who placed it
 * @param items     what was ordered, priced once reserved
 * @param total     sum of the priced items in minor units (absent until all are priced)
 * @param currency  ISO 4217 code of the total
 * @param status        {@code PENDING} while the saga runs, then {@code CONFIRMED}; or {@code COMPENSATING}
 *                      while a failed saga still owes undos (a peer is down), then {@code FAILED}
 * @param reason        why it failed (absent otherwise)
 * @param paymentId     the payment that charged it
 * @param steps         every saga step with its outcome, compensations included, in order
 * @param compensations the undos still owed, while {@code COMPENSATING}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Order(String id, String userId, List<Item> items, Long total, String currency, Status status,
                    String reason, String paymentId, List<Step> steps,
                    @JsonInclude(JsonInclude.Include.NON_EMPTY) List<Compensation> compensations) {

    /** Where an order's saga is. */
    public enum Status {
        /** The saga runs (or a crash interrupted it: the next start takes it over). */
        PENDING,
        /** The saga failed and still owes undos. */
        COMPENSATING,
        /** Charged once, stock held: final. */
        CONFIRMED,
        /** Undone: final. */
        FAILED
    }

    /**
     * One line of an order.
     *
     * @param productId     the product
     * @param quantity      units ordered
     * @param unitPrice     price per unit in minor units, known once stock is reserved
     * @param reservationId the stock reservation in catalog
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Item(String productId, long quantity, Long unitPrice, String reservationId) {
    }

    /**
     * One step of the saga.
     *
     * @param name    the step, forward or compensating
     * @param outcome how it ended
     * @param detail  what happened, in words
     * @param at      when it ended (ISO 8601)
     */
    public record Step(SagaStep name, Outcome outcome, String detail, String at) {

        /** How a step ended. */
        public enum Outcome { SUCCEEDED, FAILED }
    }
}
