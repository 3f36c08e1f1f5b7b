package dev.faultline.catalog;

import dev.faultline.platform.http.ApiRoutes;
import dev.faultline.platform.http.Json;
import dev.faultline.platform.http.JsonFields;
import dev.faultline.platform.http.ProblemException;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/** {@code /reservations}: look at and release stock held for orders; {@code /cancellations}: a failed order's undo. */
final class ReservationsService implements HttpService {

    private final Inventory inventory;

    ReservationsService(Inventory inventory) {
        this.inventory = inventory;
    }

    @Override
    public void routing(HttpRules rules) {
        ApiRoutes.create()
                .get("/reservations/{id}", this::get)
                .delete("/reservations/{id}", this::release)
                .post("/cancellations", this::cancel)
                .registerOn(rules);
    }

    private void get(ServerRequest req, ServerResponse res) {
        String id = req.path().pathParameters().get("id");
        Json.send(res, inventory.reservation(id).orElseThrow(() -> notFound(id)));
    }

    private void release(ServerRequest req, ServerResponse res) {
        String id = req.path().pathParameters().get("id");
        inventory.release(id).orElseThrow(() -> notFound(id));
        res.status(Status.NO_CONTENT_204).send();
    }

    /** Releases what an order holds of a product and refuses its later reservations of it (a failed saga's undo). */
    private void cancel(ServerRequest req, ServerResponse res) {
        JsonFields body = Json.readObject(req);
        String productId = body.string("productId", 1, 100);
        String orderId = body.string("orderId", 1, 100);
        body.validate();
        Json.send(res, inventory.cancel(productId, orderId));
    }

    private static ProblemException notFound(String id) {
        return ProblemException.notFound("No reservation with id " + id + ".");
    }
}
