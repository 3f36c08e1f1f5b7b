package dev.faultline.payments;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A charge for one order; there is at most one per order.
 *
 * @param id       opaque identifier
 * @param orderId  the order charged
 * @param amount   minor units of {@code currency}
 * @param currency ISO 4217 code
 * @param status   {@code CAPTURED}, {@code DECLINED} or {@code REFUNDED}
 * @param reason   why it was declined (absent otherwise)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Payment(String id, String orderId, long amount, String currency, String status, String reason) {

    static final String CAPTURED = "CAPTURED";
    static final String DECLINED = "DECLINED";
    static final String REFUNDED = "REFUNDED";
}
