package dev.faultline.chaos.runner.load;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.random.RandomGenerator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The shop requests of the load generator, through the gateway with its credentials: what each endpoint sends, what
 * counts as its success (an order succeeds when it is {@code CONFIRMED}), and the ids it learns on the way (users,
 * products, orders) so later requests are realistic.
 */
public final class ShopTraffic {

    /** The local demo key (gateway {@code application.yaml}, plan {@code demo}). */
    public static final String DEMO_KEY = "faultline-demo-key";

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Orders stay well under the payment limit and off scarce stock, so they succeed while the shop is healthy. */
    private static final long MAX_PRICE = 50_000;
    private static final long MIN_STOCK = 100;
    private static final int RECENT_ORDERS = 256;

    private final URI gateway;
    private final Credentials credentials;
    private final Duration timeout;
    private final List<String> products = new CopyOnWriteArrayList<>();
    private final List<String> users = new CopyOnWriteArrayList<>();
    private final AtomicReferenceArray<String> orders = new AtomicReferenceArray<>(RECENT_ORDERS);
    private final AtomicLong ordersSeen = new AtomicLong();

    public ShopTraffic(URI gateway, Credentials credentials, Duration timeout) {
        this.gateway = gateway;
        this.credentials = credentials;
        this.timeout = timeout;
    }

    /**
     * Readies the credentials (a first token), learns the products, signs up a few users and places one order, so
     * every endpoint has something to ask for.
     *
     * @throws IllegalStateException saying which request failed, when the shop cannot serve them
     */
    public void prepare(HttpClient http) {
        credentials.prepare();
        JsonNode page = call(http, Endpoint.BROWSE, get("/api/products?page=1&size=100"), 200)
                .orElseThrow(() -> new IllegalStateException("the credentials (" + credentials + ") may not list products"));
        for (JsonNode product : page.path("items")) {
            if (product.path("price").asLong() <= MAX_PRICE && product.path("stock").asLong() >= MIN_STOCK) {
                products.add(product.path("id").asText());
            }
        }
        if (products.isEmpty()) {
            throw new IllegalStateException("the catalog has no product with stock to order");
        }
        for (int i = 0; i < 3; i++) {
            Call signUp = request(Endpoint.CREATE_USER, RandomGenerator.getDefault());
            call(http, Endpoint.CREATE_USER, signUp.request(), 201).ifPresent(user -> learn(Endpoint.CREATE_USER, 201, user));
        }
        Call order = request(Endpoint.PLACE_ORDER, RandomGenerator.getDefault());
        call(http, Endpoint.PLACE_ORDER, order.request(), 201).ifPresent(placed -> learn(Endpoint.PLACE_ORDER, 201, placed));
    }

    /** How the traffic identifies itself. */
    public Credentials credentials() {
        return credentials;
    }

    /** A new request of this kind, with its own trace. */
    public Call request(Endpoint endpoint, RandomGenerator random) {
        TraceContext trace = TraceContext.newRoot();
        HttpRequest.Builder request = switch (endpoint) {
            case BROWSE -> builder("/api/products?page=" + (1 + random.nextInt(2)) + "&size=5").GET();
            case VIEW_PRODUCT -> builder("/api/products/" + any(products, random)).GET();
            case CREATE_USER -> {
                String id = UUID.randomUUID().toString().substring(0, 8);
                yield builder("/api/users").header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"Learner " + id
                                + "\",\"email\":\"learner-" + id + "@example.com\"}"));
            }
            case PLACE_ORDER -> builder("/api/orders").header("Content-Type", "application/json")
                    .header("Idempotency-Key", UUID.randomUUID().toString())
                    .POST(HttpRequest.BodyPublishers.ofString("{\"userId\":\"" + any(users, random)
                            + "\",\"items\":[{\"productId\":\"" + any(products, random) + "\",\"quantity\":1}]}"));
            case VIEW_ORDER -> builder("/api/orders/" + recentOrder(random)).GET();
            // an order's shipment: one, or none yet (the asynchronous path may still be on its way), both a 200
            case VIEW_SHIPMENT -> builder("/api/shipments?orderId=" + recentOrder(random)).GET();
        };
        return new Call(endpoint, request.header("traceparent", trace.traceparent()).build(), trace);
    }

    /**
     * Whether an answer is a success for its endpoint, learning ids from it.
     *
     * @return empty on success, else what went wrong ({@code 503}, {@code FAILED})
     */
    public Optional<String> judge(Endpoint endpoint, int status, String body) {
        int expected = endpoint == Endpoint.CREATE_USER || endpoint == Endpoint.PLACE_ORDER ? 201 : 200;
        if (status != expected) {
            return Optional.of(Integer.toString(status));
        }
        if (endpoint == Endpoint.PLACE_ORDER || endpoint == Endpoint.CREATE_USER) {
            JsonNode answer = parse(body);
            learn(endpoint, status, answer);
            if (endpoint == Endpoint.PLACE_ORDER && !"CONFIRMED".equals(answer.path("status").asText())) {
                return Optional.of(answer.path("status").asText("unknown"));
            }
        }
        return Optional.empty();
    }

    /** Whether the answer's body matters (it carries ids or an order's status). */
    public static boolean needsBody(Endpoint endpoint) {
        return endpoint == Endpoint.PLACE_ORDER || endpoint == Endpoint.CREATE_USER;
    }

    private void learn(Endpoint endpoint, int status, JsonNode answer) {
        String id = answer.path("id").asText("");
        if (status != 201 || id.isEmpty()) {
            return;
        }
        if (endpoint == Endpoint.CREATE_USER && users.size() < 1000) {
            users.add(id);
        } else if (endpoint == Endpoint.PLACE_ORDER) {
            orders.set((int) (ordersSeen.getAndIncrement() % RECENT_ORDERS), id);
        }
    }

    private String recentOrder(RandomGenerator random) {
        long seen = Math.min(ordersSeen.get(), RECENT_ORDERS);
        String id = seen == 0 ? null : orders.get(random.nextInt((int) seen));
        return id == null ? "none" : id;
    }

    private HttpRequest.Builder builder(String path) {
        return credentials.present(HttpRequest.newBuilder(gateway.resolve(path)).timeout(timeout));
    }

    private HttpRequest get(String path) {
        return builder(path).GET().build();
    }

    /**
     * The answer of a request that must succeed; empty when the credentials may not make it (403: a client without the
     * scope, whose traffic of that kind is refused too).
     */
    private Optional<JsonNode> call(HttpClient http, Endpoint endpoint, HttpRequest request, int expected) {
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 403) {
                return Optional.empty();
            }
            if (response.statusCode() != expected) {
                throw new IllegalStateException(endpoint.route() + " answered " + response.statusCode() + ": "
                        + response.body());
            }
            return Optional.of(parse(response.body()));
        } catch (IOException e) {
            throw new IllegalStateException(endpoint.route() + " at " + gateway + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static JsonNode parse(String body) {
        try {
            return body == null || body.isBlank() ? JSON.createObjectNode() : JSON.readTree(body);
        } catch (IOException e) {
            return JSON.createObjectNode();
        }
    }

    /** One of the ids learnt; "none" when none could be (a client that may not sign up). */
    private static String any(List<String> ids, RandomGenerator random) {
        return ids.isEmpty() ? "none" : ids.get(random.nextInt(ids.size()));
    }

    /**
     * One request ready to send.
     *
     * @param endpoint what kind it is
     * @param request  the request
     * @param trace    the trace it starts
     */
    public record Call(Endpoint endpoint, HttpRequest request, TraceContext trace) {
    }
}
