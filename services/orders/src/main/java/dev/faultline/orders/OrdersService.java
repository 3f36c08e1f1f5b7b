package dev.faultline.orders;

import dev.faultline.platform.http.ApiRoutes;
import dev.faultline.platform.http.Json;
import dev.faultline.platform.http.PageRequest;
import dev.faultline.platform.http.ProblemException;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/** {@code /orders}: place an order (idempotently, by {@code Idempotency-Key}) and follow its saga. */
final class OrdersService implements HttpService {

    static final HeaderName IDEMPOTENCY_KEY = HeaderNames.create("Idempotency-Key");

    private final OrderStore store;
    private final OrderSaga saga;

    OrdersService(OrderStore store, OrderSaga saga) {
        this.store = store;
        this.saga = saga;
    }

    @Override
    public void routing(HttpRules rules) {
        ApiRoutes.create()
                .post("/orders", this::place)
                .get("/orders", this::list)
                .get("/orders/{id}", this::get)
                .registerOn(rules);
    }

    /** 201 with the order once its saga ended (CONFIRMED or FAILED); 200 with the stored order for a repeated key. */
    private void place(ServerRequest req, ServerResponse res) {
        String key = req.headers().first(IDEMPOTENCY_KEY).map(String::strip).orElse("");
        if (key.isEmpty() || key.length() > 200) {
            throw ProblemException.badRequest("idempotency-key-required", "Idempotency-Key required",
                    "POST /orders needs an Idempotency-Key header of 1 to 200 characters (a UUID, say), so a retry "
                            + "never places a second order.");
        }
        PlaceOrder request = PlaceOrder.from(Json.readObject(req));
        OrderStore.Begun begun = store.begin(key, request);
        Order order = begun.created() ? saga.run(begun.order()) : begun.order();
        if (begun.created()) {
            res.status(Status.CREATED_201);
        }
        res.headers().set(HeaderNames.LOCATION, "/orders/" + order.id());
        Json.send(res, order);
    }

    private void get(ServerRequest req, ServerResponse res) {
        String id = req.path().pathParameters().get("id");
        Json.send(res, store.find(id).orElseThrow(() -> ProblemException.notFound("No order with id " + id + ".")));
    }

    private void list(ServerRequest req, ServerResponse res) {
        Json.send(res, store.list(PageRequest.from(req.query())));
    }
}
