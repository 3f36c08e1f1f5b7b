package dev.faultline.orders;

import java.util.Map;

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

    /**
     * Settles the order's payment after a failed saga (idempotent): a captured charge is refunded, and with none,
     * payments refuses a charge still on its way. Returns what happened, in words.
     */
    String cancel(String orderId) {
        PeerResponse response = peer.post("/cancellations", Map.of("orderId", orderId),
                Map.of(PeerClient.IDEMPOTENCY_KEY, "cancel-" + orderId));
        if (!response.isSuccess()) {
            throw new StepRejected(response.detail());
        }
        String payment = response.body().path("paymentId").asText("");
        return switch (response.body().path("outcome").asText()) {
            case "REFUNDED" -> "refunded payment " + payment;
            case "DECLINED" -> "payment " + payment + " was declined: nothing to refund";
            default -> "no charge was made; a late charge is refused";
        };
    }
}
