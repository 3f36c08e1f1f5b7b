package dev.faultline.shipping;

import java.util.Map;

import dev.faultline.platform.http.ApiRoutes;
import dev.faultline.platform.http.Json;
import dev.faultline.platform.http.ProblemException;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/** {@code /shipments}: an order's shipment, and a shipment by id. */
final class ShipmentsService implements HttpService {

    private final ShipmentStore store;

    ShipmentsService(ShipmentStore store) {
        this.store = store;
    }

    @Override
    public void routing(HttpRules rules) {
        ApiRoutes.create()
                .get("/shipments", this::byOrder)
                .get("/shipments/{id}", this::get)
                .registerOn(rules);
    }

    private void byOrder(ServerRequest req, ServerResponse res) {
        String orderId = req.query().first("orderId").orElseThrow(() -> ProblemException.badRequest("order-id-required",
                "orderId is required", "Ask for an order's shipment: GET /shipments?orderId=<order id>."));
        Json.send(res, Map.of("items", store.byOrder(orderId)));
    }

    private void get(ServerRequest req, ServerResponse res) {
        String id = req.path().pathParameters().get("id");
        Json.send(res, store.find(id).orElseThrow(() -> ProblemException.notFound("No shipment with id " + id + ".")));
    }
}
