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
public record Order(String id, String userId, List<Item> items, Long total, String currency, String status,
                    String reason, String paymentId, List<Step> steps,
                    @JsonInclude(JsonInclude.Include.NON_EMPTY) List<Compensation> compensations) {

    static final String PENDING = "PENDING";
    static final String COMPENSATING = "COMPENSATING";
    static final String CONFIRMED = "CONFIRMED";
    static final String FAILED = "FAILED";

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
     * @param name    {@code check-user}, {@code reserve-stock}, {@code charge}, {@code confirm}, or a compensation:
     *                {@code release-stock}, {@code refund}
     * @param outcome {@code SUCCEEDED} or {@code FAILED}
     * @param detail  what happened, in words
     * @param at      when it ended (ISO 8601)
     */
    public record Step(String name, String outcome, String detail, String at) {

        static final String SUCCEEDED = "SUCCEEDED";
        static final String FAILED = "FAILED";
    }
}
