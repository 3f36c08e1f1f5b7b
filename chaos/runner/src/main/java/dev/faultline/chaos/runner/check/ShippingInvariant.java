package dev.faultline.chaos.runner.check;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.faultline.chaos.runner.control.ControlException;
import dev.faultline.chaos.runner.control.ProcessEndpoint;
import dev.faultline.chaos.runner.control.SandboxEndpoints;

/**
 * The promise of the asynchronous path, read from the services themselves: every {@code CONFIRMED} order has
 * exactly one shipment, unless its event is in the dead-letter queue (where a scenario put it, to be replayed); no
 * order that did not confirm has one; no shipment belongs to an order orders does not know. Orders still
 * {@code PENDING} or {@code COMPENSATING} are not judged yet.
 */
public final class ShippingInvariant {

    /** The list endpoints' largest page. */
    private static final int PAGE = 100;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    /** Reads every order, every shipment and the dead letters once, and judges them. */
    public Report check(SandboxEndpoints endpoints) {
        ProcessEndpoint orders = endpoints.require("orders").getFirst();
        ProcessEndpoint shipping = endpoints.require("shipping").getFirst();
        Map<String, String> statuses = new HashMap<>();
        all(orders, "/orders").forEach(order -> statuses.put(order.path("id").asText(), order.path("status").asText()));
        Map<String, Integer> shipments = new HashMap<>();
        all(shipping, "/shipments").forEach(shipment -> shipments.merge(shipment.path("orderId").asText(), 1, Integer::sum));
        Set<String> deadLettered = new HashSet<>();
        get(shipping.admin("/admin/dead-letters")).path("items")
                .forEach(letter -> deadLettered.add(letter.path("orderId").asText()));

        List<String> unshipped = new ArrayList<>();
        List<String> doubled = new ArrayList<>();
        List<String> shippedButNotConfirmed = new ArrayList<>();
        List<String> orphans = new ArrayList<>();
        int confirmed = 0;
        int failed = 0;
        for (Map.Entry<String, String> order : statuses.entrySet()) {
            int count = shipments.getOrDefault(order.getKey(), 0);
            switch (order.getValue()) {
                case "CONFIRMED" -> {
                    confirmed++;
                    if (count == 0 && !deadLettered.contains(order.getKey())) {
                        unshipped.add(order.getKey());
                    } else if (count > 1) {
                        doubled.add(order.getKey());
                    }
                }
                case "FAILED" -> {
                    failed++;
                    if (count > 0) {
                        shippedButNotConfirmed.add(order.getKey());
                    }
                }
                default -> {
                    if (count > 0) {
                        shippedButNotConfirmed.add(order.getKey());
                    }
                }
            }
        }
        shipments.keySet().stream().filter(order -> !statuses.containsKey(order)).forEach(orphans::add);
        return new Report(confirmed, failed, shipments.values().stream().mapToInt(Integer::intValue).sum(),
                deadLettered.size(), unshipped, doubled, shippedButNotConfirmed, orphans);
    }

    private List<JsonNode> all(ProcessEndpoint process, String path) {
        List<JsonNode> items = new ArrayList<>();
        for (int page = 1; ; page++) {
            JsonNode body = get(process.api(path + "?size=" + PAGE + "&page=" + page));
            body.path("items").forEach(items::add);
            if (body.path("items").size() < PAGE || (long) page * PAGE >= body.path("total").asLong()) {
                return items;
            }
        }
    }

    private JsonNode get(URI uri) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new ControlException(response.statusCode(), uri + " answered " + response.statusCode() + ": "
                        + response.body());
            }
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new ControlException("Cannot read " + uri + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ControlException("Interrupted reading " + uri, e);
        }
    }

    /**
     * What the check found.
     *
     * @param confirmed              orders confirmed
     * @param failed                 orders failed
     * @param shipments              shipments
     * @param deadLetters            order events in the dead-letter queue
     * @param unshipped              confirmed orders with no shipment and no dead letter (an event lost, or still on its way)
     * @param doubled                confirmed orders with more than one shipment
     * @param shippedButNotConfirmed orders with a shipment that did not confirm
     * @param orphans                shipments of orders that orders does not know
     */
    public record Report(int confirmed, int failed, int shipments, int deadLetters, List<String> unshipped,
                         List<String> doubled, List<String> shippedButNotConfirmed, List<String> orphans) {

        public boolean holds() {
            return unshipped.isEmpty() && doubled.isEmpty() && shippedButNotConfirmed.isEmpty() && orphans.isEmpty();
        }

        /** One line for a person. */
        public String summary() {
            return confirmed + " confirmed orders, " + failed + " failed, " + shipments + " shipments, " + deadLetters
                    + " dead letters; " + (holds() ? "every confirmed order shipped once, no other order shipped"
                    : "VIOLATED: " + unshipped.size() + " confirmed without a shipment " + sample(unshipped) + ", "
                    + doubled.size() + " shipped twice " + sample(doubled) + ", " + shippedButNotConfirmed.size()
                    + " shipped without confirming " + sample(shippedButNotConfirmed) + ", " + orphans.size()
                    + " shipments of unknown orders " + sample(orphans));
        }

        private static String sample(List<String> ids) {
            return ids.isEmpty() ? "" : ids.subList(0, Math.min(3, ids.size())).toString();
        }
    }
}
