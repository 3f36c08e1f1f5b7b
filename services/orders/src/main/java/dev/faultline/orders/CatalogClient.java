package dev.faultline.orders;

import java.util.Map;

import dev.faultline.platform.peer.PeerClient;
import dev.faultline.platform.peer.PeerResponse;

/** The catalog service as the order saga needs it. */
final class CatalogClient {

    private final PeerClient peer;

    CatalogClient(PeerClient peer) {
        this.peer = peer;
    }

    /** Holds stock for the order (idempotent per product and order); short stock or a missing product is a {@link StepRejected}. */
    Reservation reserve(String productId, String orderId, long quantity) {
        // catalog reserves once per product and order, so the call is safe to repeat
        PeerResponse response = peer.post("/products/" + productId + "/reservations",
                Map.of("orderId", orderId, "quantity", quantity),
                Map.of(PeerClient.IDEMPOTENCY_KEY, "reserve-" + orderId + "-" + productId));
        if (!response.isSuccess()) {
            throw new StepRejected(response.detail());
        }
        return new Reservation(response.body().path("id").asText(), response.body().path("unitPrice").asLong(),
                response.body().path("currency").asText());
    }

    /** Gives the stock back (idempotent). */
    void release(String reservationId) {
        PeerResponse response = peer.delete("/reservations/" + reservationId);
        if (!response.isSuccess() && response.status() != 404) {
            throw new StepRejected(response.detail());
        }
    }

    /**
     * Releases whatever the order holds of the product and makes catalog refuse a reservation of it still on its
     * way (idempotent); returns what happened, in words.
     */
    String cancel(String productId, String orderId) {
        PeerResponse response = peer.post("/cancellations", Map.of("productId", productId, "orderId", orderId),
                Map.of(PeerClient.IDEMPOTENCY_KEY, "cancel-" + orderId + "-" + productId));
        if (!response.isSuccess()) {
            throw new StepRejected(response.detail());
        }
        String released = response.body().path("reservationId").asText("");
        return released.isEmpty() ? "nothing of " + productId + " was held; a late reservation is refused"
                : "released reservation " + released + " of " + productId;
    }

    /**
     * Stock held for an order.
     *
     * @param id        reservation id
     * @param unitPrice price per unit in minor units
     * @param currency  ISO 4217 code
     */
    record Reservation(String id, long unitPrice, String currency) {
    }
}
