package dev.faultline.orders;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import dev.faultline.platform.FaultyLink;
import dev.faultline.platform.TestServices;
import dev.faultline.platform.http.Json;
import org.awaitility.core.ConditionTimeoutException;

/**
 * One run of the shop under a fault plan: concurrent clients place orders through a real orders process, each
 * retrying with its {@code Idempotency-Key} until it gets an answer, while the links to catalog and payments lose
 * answers, reset and delay requests, and orders is killed and restarted at random moments. Then the faults end
 * and the saga's promises are checked from the services' own APIs.
 */
final class SagaTrial {

    /** Orders must all be final this long after their dependencies are healthy again. */
    static final Duration SETTLE_LIMIT = Duration.ofSeconds(60);

    private static final List<String> PRODUCTS = List.of("mechanical-keyboard", "wireless-mouse", "usb-c-hub",
            "desk-lamp", "signed-poster");
    private static final Duration GIVE_UP = Duration.ofSeconds(45);

    private SagaTrial() {
    }

    /**
     * What to break.
     *
     * @param seed            seeds every random choice of the run
     * @param catalog         what the link to catalog does
     * @param payments        what the link to payments does
     * @param crashes         how often orders is killed and restarted while clients are busy
     * @param clients         concurrent clients
     * @param ordersPerClient orders each client places
     */
    record Plan(long seed, FaultyLink.Mix catalog, FaultyLink.Mix payments, int crashes, int clients,
                int ordersPerClient) {
    }

    /**
     * What happened.
     *
     * @param ordersPlaced  orders that exist in orders
     * @param faultsApplied requests the links broke
     * @param crashes       times orders was killed
     * @param violations    broken promises, in words (empty when all held)
     * @param settledIn     how long after the faults ended every order was final
     */
    record Report(int ordersPlaced, long faultsApplied, int crashes, List<String> violations, Duration settledIn) {

        String summary() {
            return "orders placed " + ordersPlaced + ", faults applied " + faultsApplied + ", orders crashes " + crashes
                    + ", settled in " + settledIn.toMillis() + " ms, invariant violations " + violations.size();
        }
    }

    static Report run(Plan plan) throws Exception {
        Random random = new Random(plan.seed());
        try (Shop shop = new Shop();
             FaultyLink catalog = FaultyLink.to(port(shop.catalogUrl()), new Random(random.nextLong()));
             FaultyLink payments = FaultyLink.to(port(shop.paymentsUrl()), new Random(random.nextLong()))) {
            Map<String, Long> stockBefore = new HashMap<>();
            PRODUCTS.forEach(product -> stockBefore.put(product, shop.stock(product)));
            List<String> users = List.of(shop.newUser("a@example.com"), shop.newUser("b@example.com"),
                    shop.newUser("c@example.com"));
            Path data = TestServices.dataDir("orders-trial");
            try (OrdersProcess orders = new OrdersProcess(data, Map.of("orders.users.url", shop.usersUrl(),
                    "orders.catalog.url", catalog.url(), "orders.payments.url", payments.url(),
                    "discovery.health-interval", "PT0S", "messaging.broker.url", TestServices.NO_BROKER))) {
                orders.start();
                catalog.breakWith(plan.catalog());
                payments.breakWith(plan.payments());
                AtomicInteger crashes = new AtomicInteger();
                HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                        .connectTimeout(Duration.ofSeconds(1)).build();
                ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
                try {
                    List<Future<?>> clients = new ArrayList<>();
                    for (int c = 0; c < plan.clients(); c++) {
                        Random dice = new Random(random.nextLong());
                        clients.add(pool.submit(() -> {
                            for (int i = 0; i < plan.ordersPerClient(); i++) {
                                placeUntilAnswered(http, orders.url(), order(dice, users));
                            }
                            return null;
                        }));
                    }
                    Random crashDice = new Random(random.nextLong());
                    Future<?> crasher = pool.submit(() -> {
                        for (int i = 0; i < plan.crashes(); i++) {
                            Thread.sleep(500 + crashDice.nextInt(2_500));
                            orders.crash();
                            crashes.incrementAndGet();
                            Thread.sleep(100 + crashDice.nextInt(900));
                            orders.start();
                        }
                        return null;
                    });
                    crasher.get(2, TimeUnit.MINUTES);
                    for (Future<?> client : clients) {
                        client.get(5, TimeUnit.MINUTES);
                    }
                } finally {
                    pool.shutdownNow();
                }
                catalog.breakWith(FaultyLink.Mix.CLEAN);
                payments.breakWith(FaultyLink.Mix.CLEAN);
                if (!orders.running()) {
                    orders.start();
                }
                Instant healed = Instant.now();
                List<String> violations = new ArrayList<>();
                try {
                    await().atMost(SETTLE_LIMIT).pollInterval(Duration.ofMillis(250))
                            .until(() -> all(http, orders.url(), "/orders").stream().allMatch(SagaTrial::isFinal));
                } catch (ConditionTimeoutException e) {
                    all(http, orders.url(), "/orders").stream().filter(o -> !isFinal(o)).forEach(o -> violations.add(
                            "order " + o.path("id").asText() + " still " + o.path("status").asText() + " "
                                    + SETTLE_LIMIT.toSeconds() + " s after the faults ended: " + o));
                }
                Duration settledIn = Duration.between(healed, Instant.now());
                List<JsonNode> placed = all(http, orders.url(), "/orders");
                violations.addAll(invariants(placed, all(http, shop.paymentsUrl(), "/payments"), stockBefore, shop));
                long faults = 0;
                for (FaultyLink.Toxic toxic : List.of(FaultyLink.Toxic.DELAY, FaultyLink.Toxic.RESET,
                        FaultyLink.Toxic.LOSE_ANSWER)) {
                    faults += catalog.count(toxic) + payments.count(toxic);
                }
                return new Report(placed.size(), faults, crashes.get(), violations, settledIn);
            }
        }
    }

    /**
     * The four promises: a confirmed order has exactly one captured payment of its total; a failed one has none
     * captured; stock moved by exactly the confirmed quantities; nobody was charged for an order orders does not
     * know. (The fourth promise, that every order ends in bounded time, is checked while waiting.)
     */
    private static List<String> invariants(List<JsonNode> orders, List<JsonNode> payments, Map<String, Long> stockBefore,
                                           Shop shop) {
        List<String> violations = new ArrayList<>();
        Map<String, List<JsonNode>> paymentsByOrder = new HashMap<>();
        payments.forEach(p -> paymentsByOrder.computeIfAbsent(p.path("orderId").asText(), k -> new ArrayList<>()).add(p));
        Map<String, Long> confirmed = new HashMap<>();
        for (JsonNode order : orders) {
            String id = order.path("id").asText();
            List<JsonNode> charged = paymentsByOrder.getOrDefault(id, List.of()).stream()
                    .filter(p -> "CAPTURED".equals(p.path("status").asText())).toList();
            switch (order.path("status").asText()) {
                case "CONFIRMED" -> {
                    if (charged.size() != 1 || charged.get(0).path("amount").asLong() != order.path("total").asLong()) {
                        violations.add("confirmed order " + id + " of " + order.path("total").asLong()
                                + " has captured payments " + charged);
                    }
                    order.path("items").forEach(item -> confirmed.merge(item.path("productId").asText(),
                            item.path("quantity").asLong(), Long::sum));
                }
                case "FAILED" -> {
                    if (!charged.isEmpty()) {
                        violations.add("failed order " + id + " is charged: " + charged + "; its steps: " + order.path("steps"));
                    }
                }
                default -> { }
            }
            paymentsByOrder.remove(id);
        }
        paymentsByOrder.forEach((orderId, stray) -> violations.add("payments for an order orders does not know: " + stray));
        stockBefore.forEach((product, before) -> {
            long moved = before - shop.stock(product);
            long expected = confirmed.getOrDefault(product, 0L);
            if (moved != expected) {
                violations.add(product + ": stock moved by " + moved + " but confirmed orders hold " + expected);
            }
        });
        return violations;
    }

    private static String order(Random dice, List<String> users) {
        StringBuilder items = new StringBuilder();
        int lines = 1 + dice.nextInt(2);
        List<String> products = new ArrayList<>(PRODUCTS);
        java.util.Collections.shuffle(products, dice);
        for (int i = 0; i < lines; i++) {
            if (i > 0) {
                items.append(", ");
            }
            items.append("{\"productId\": \"").append(products.get(i)).append("\", \"quantity\": ")
                    .append(1 + dice.nextInt(2)).append('}');
        }
        return "{\"userId\": \"" + users.get(dice.nextInt(users.size())) + "\", \"items\": [" + items + "]}";
    }

    /** POSTs the order under one key until orders answers it (any 2xx or 4xx), as a patient client would. */
    private static void placeUntilAnswered(HttpClient http, String orders, String body) throws InterruptedException {
        String key = UUID.randomUUID().toString();
        Instant giveUp = Instant.now().plus(GIVE_UP);
        HttpRequest request = HttpRequest.newBuilder(URI.create(orders + "/orders")).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").header("Idempotency-Key", key)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        while (Instant.now().isBefore(giveUp)) {
            try {
                if (http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() < 500) {
                    return;
                }
            } catch (IOException e) {
                // orders is down or the answer was cut: the same key again
            }
            Thread.sleep(150);
        }
    }

    /** Every entry of a paged list. */
    private static List<JsonNode> all(HttpClient http, String base, String path) throws IOException, InterruptedException {
        List<JsonNode> items = new ArrayList<>();
        for (int page = 1; ; page++) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(base + path + "?size=100&page=" + page))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IOException(path + " answered " + response.statusCode() + ": " + response.body());
            }
            JsonNode body = Json.parse(response.body());
            body.path("items").forEach(items::add);
            if (items.size() >= body.path("total").asLong() || body.path("items").isEmpty()) {
                return items;
            }
        }
    }

    private static boolean isFinal(JsonNode order) {
        String status = order.path("status").asText();
        return "CONFIRMED".equals(status) || "FAILED".equals(status);
    }

    private static int port(String url) {
        return URI.create(url).getPort();
    }
}
