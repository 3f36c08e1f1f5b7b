package dev.faultline.orders;

import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import dev.faultline.platform.peer.PeerClient;
import dev.faultline.platform.peer.PeerResponse;

/** The payments service as the order saga needs it. */
final class PaymentsClient {

    private static final String CAPTURED = "CAPTURED";

    private final PeerClient peer;

    PaymentsClient(PeerClient peer) {
        this.peer = peer;
    }

    /** Charges the order once (the order id is the idempotency key); a declined charge is a {@link StepRejected}. */
    String charge(String orderId, long amount, String currency) {
        PeerResponse response = peer.post("/payments", Map.of("orderId", orderId, "amount", amount, "currency", currency),
                Map.of(PeerClient.IDEMPOTENCY_KEY, "charge-" + orderId));
        if (!response.isSuccess()) {
            throw new StepRejected(response.detail());
        }
        if (!CAPTURED.equals(response.body().path("status").asText())) {
            throw new StepRejected("payment " + response.body().path("status").asText().toLowerCase() + ": "
                    + response.body().path("reason").asText("no reason given"));
        }
        return response.body().path("id").asText();
    }

    /** The captured payment of an order, if there is one: how a saga learns the outcome of a charge it lost track of. */
    Optional<String> capturedPaymentOf(String orderId) {
        PeerResponse response = peer.get("/payments", Map.of("orderId", orderId));
        for (JsonNode payment : response.body().path("items")) {
            if (CAPTURED.equals(payment.path("status").asText())) {
                return Optional.of(payment.path("id").asText());
            }
        }
        return Optional.empty();
    }

    /** Refunds a payment (idempotent). */
    void refund(String paymentId) {
        PeerResponse response = peer.post("/payments/" + paymentId + "/refund", Map.of(),
                Map.of(PeerClient.IDEMPOTENCY_KEY, "refund-" + paymentId));
        if (!response.isSuccess()) {
            throw new StepRejected(response.detail());
        }
    }
}
