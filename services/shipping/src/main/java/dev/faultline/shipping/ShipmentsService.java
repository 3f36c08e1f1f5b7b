package dev.faultline.shipping;

import java.util.Map;

import dev.faultline.platform.http.ApiRoutes;
import dev.faultline.platform.http.Json;
import dev.faultline.platform.http.PageRequest;
import dev.faultline.platform.http.ProblemException;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/** {@code /shipments}: an order's shipment, every shipment, and a shipment by id. */
final class ShipmentsService implements HttpService {

    private final ShipmentStore store;

    ShipmentsService(ShipmentStore store) {
        this.store = store;
    }

    @Override
    public void routing(HttpRules rules) {
        ApiRoutes.create()
                .get("/shipments", this::list)
                .get("/shipments/{id}", this::get)
                .registerOn(rules);
    }

    /** {@code ?orderId=}: that order's shipment (one, or none yet); otherwise every shipment, oldest first, paged. */
    private void list(ServerRequest req, ServerResponse res) {
        var orderId = req.query().first("orderId");
        if (orderId.isPresent()) {
            Json.send(res, Map.of("items", store.byOrder(orderId.get())));
        } else {
            Json.send(res, store.list(PageRequest.from(req.query())));
        }
    }

    private void get(ServerRequest req, ServerResponse res) {
        String id = req.path().pathParameters().get("id");
        Json.send(res, store.find(id).orElseThrow(() -> ProblemException.notFound("No shipment with id " + id + ".")));
    }
}
