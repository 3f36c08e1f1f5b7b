package dev.faultline.catalog;

import dev.faultline.platform.http.ApiRoutes;
import dev.faultline.platform.http.Json;
import dev.faultline.platform.http.ProblemException;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/** {@code /reservations}: look at and release stock held for orders. */
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

    private static ProblemException notFound(String id) {
        return ProblemException.notFound("No reservation with id " + id + ".");
    }
}
