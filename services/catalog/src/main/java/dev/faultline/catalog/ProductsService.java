package dev.faultline.catalog;

import dev.faultline.platform.http.ApiRoutes;
import dev.faultline.platform.http.Json;
import dev.faultline.platform.http.JsonFields;
import dev.faultline.platform.http.PageRequest;
import dev.faultline.platform.http.ProblemException;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/** {@code /products}: browse the catalog and reserve stock for an order. */
final class ProductsService implements HttpService {

    private final Inventory inventory;

    ProductsService(Inventory inventory) {
        this.inventory = inventory;
    }

    @Override
    public void routing(HttpRules rules) {
        ApiRoutes.create()
                .get("/products", this::list)
                .get("/products/{id}", this::get)
                .post("/products/{id}/reservations", this::reserve)
                .registerOn(rules);
    }

    private void list(ServerRequest req, ServerResponse res) {
        Json.send(res, inventory.products(PageRequest.from(req.query())));
    }

    private void get(ServerRequest req, ServerResponse res) {
        String id = req.path().pathParameters().get("id");
        Json.send(res, inventory.product(id).orElseThrow(() -> ProblemException.notFound("No product with id " + id + ".")));
    }

    private void reserve(ServerRequest req, ServerResponse res) {
        String productId = req.path().pathParameters().get("id");
        JsonFields body = Json.readObject(req);
        String orderId = body.string("orderId", 1, 100);
        long quantity = body.integer("quantity", 1, 1000);
        body.validate();
        Inventory.Reserved reserved = inventory.reserve(productId, orderId, quantity);
        if (reserved.created()) {
            res.status(Status.CREATED_201);
        }
        res.headers().set(HeaderNames.LOCATION, "/reservations/" + reserved.reservation().id());
        Json.send(res, reserved.reservation());
    }
}
