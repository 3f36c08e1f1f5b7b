package dev.faultline.shipping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

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

import com.fasterxml.jackson.databind.JsonNode;
import dev.faultline.platform.ProcessContext;
import dev.faultline.platform.SeededTrials;
import dev.faultline.platform.ServiceServer;
import dev.faultline.platform.TestServices;
import dev.faultline.platform.http.Json;
import org.apache.activemq.artemis.api.core.Message;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.api.core.client.ActiveMQClient;
import org.apache.activemq.artemis.api.core.client.ClientMessage;
import org.apache.activemq.artemis.api.core.client.ClientProducer;
import org.apache.activemq.artemis.api.core.client.ClientSession;
import org.apache.activemq.artemis.api.core.client.ClientSessionFactory;
import org.apache.activemq.artemis.api.core.client.ServerLocator;
import org.junit.jupiter.api.Test;

/**
 * At-least-once delivery, exactly-once effect: a random mix of order events (confirmed or failed), each published
 * once, sent twice with its id (the broker drops it) or republished under a new id (shipping must absorb it), while
 * shipping's handling fails a random share of deliveries (redelivered, some dead-lettered), shipping stops in the
 * middle of its work and starts again (its unacknowledged message comes back), and the broker restarts from its
 * journal. Once the faults end and the dead letters are replayed: every confirmed order has exactly one shipment,
 * no failed order has one, nothing waits. Each try has a seed of its own; a failure names the seed that replays it.
 */
class DeliveryInvariantsTest {

    private static final String TOKEN = "test-admin-token";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void everyConfirmedOrderShipsOnceWhateverTheDeliveriesDo() {
        SeededTrials.run(3, dice -> {
            Plan plan = new Plan(dice.nextLong(), dice.nextInt(20, 61), List.of(0.0, 0.2, 0.5).get(dice.nextInt(3)),
                    dice.nextDouble(0, 0.3));
            try (Trial trial = new Trial(plan)) {
                Map<String, Boolean> orders = trial.run();

                for (Map.Entry<String, Boolean> order : orders.entrySet()) {
                    assertThat(trial.shipments(order.getKey())).as(plan + ": order " + order.getKey()
                            + (order.getValue() ? " confirmed" : " failed")).isEqualTo(order.getValue() ? 1 : 0);
                }
                assertThat(orders).as("orders of " + plan).isNotEmpty();
                System.out.println("delivery trial " + plan + ": " + orders.size() + " orders, "
                        + orders.values().stream().filter(c -> c).count() + " confirmed, shipped once each; "
                        + trial.deadLettersReplayed + " dead letters replayed");
            }
        });
    }

    /**
     * @param seed        the dice of the trial
     * @param events      how many orders end
     * @param failShare   the share of deliveries whose handling fails
     * @param duplicates  the share of events sent again (half with the same id, half republished under a new one)
     */
    record Plan(long seed, int events, double failShare, double duplicates) {
    }

    /** One broker, one shipping, fresh; closed at the end. */
    private static final class Trial implements AutoCloseable {

        private final Plan plan;
        private final Random dice;
        private final int port;
        private final Path brokerData = TestServices.dataDir("broker");
        private final Path shippingData = TestServices.dataDir("shipping");
        private TestServices.Running broker;
        private TestServices.Running shipping;
        private int deadLettersReplayed;

        Trial(Plan plan) throws Exception {
            this.plan = plan;
            this.dice = new Random(plan.seed());
            this.port = TestServices.freePort();
            broker = startBroker();
            shipping = startShipping();
        }

        Map<String, Boolean> run() throws Exception {
            if (plan.failShare() > 0) {
                fault("{\"kind\": \"consumer-fail\", \"target\": {\"service\": \"shipping\"}, \"probability\": "
                        + plan.failShare() + ", \"seed\": " + plan.seed() + ", \"duration\": \"120s\"}");
            }
            Map<String, Boolean> orders = new HashMap<>();
            int restartShippingAt = dice.nextInt(plan.events());
            int restartBrokerAt = dice.nextInt(plan.events());
            List<String[]> sent = new ArrayList<>();
            for (int i = 0; i < plan.events(); i++) {
                String order = "order-" + i;
                boolean confirmed = dice.nextDouble() < 0.7;
                orders.put(order, confirmed);
                String event = "event-" + i;
                String body = Json.write(Map.of("eventId", event, "type", confirmed ? "OrderConfirmed" : "OrderFailed",
                        "orderId", order, "userId", "user", "items", List.of(Map.of("productId", "webcam", "quantity", 1)),
                        "occurredAt", Instant.now().toString()));
                publish(event, body);
                sent.add(new String[] {event, body});
                if (dice.nextDouble() < plan.duplicates()) {
                    String[] again = sent.get(dice.nextInt(sent.size()));
                    publish(dice.nextBoolean() ? again[0] : again[0] + "-republished", again[1]);
                }
                if (i == restartShippingAt) {
                    // stops mid-work: an unacknowledged message goes back to the queue
                    shipping.close();
                    shipping = startShipping();
                    if (plan.failShare() > 0) {
                        fault("{\"kind\": \"consumer-fail\", \"target\": {\"service\": \"shipping\"}, \"probability\": "
                                + plan.failShare() + ", \"seed\": " + (plan.seed() + 1) + ", \"duration\": \"120s\"}");
                    }
                }
                if (i == restartBrokerAt) {
                    broker.close();
                    broker = startBroker();
                }
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> depth("shipping.orders") == 0);
            admin("POST", "/chaos/reset", TOKEN);
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                deadLettersReplayed += Json.parse(admin("POST", DeadLetters.PATH + "/replay", TOKEN).body())
                        .path("replayed").asInt();
                return depth("shipping.orders") == 0 && depth("DLQ") == 0;
            });
            long confirmed = orders.values().stream().filter(c -> c).count();
            await().atMost(Duration.ofSeconds(15)).until(() -> total() == confirmed);
            return orders;
        }

        int shipments(String order) throws Exception {
            return get("/shipments?orderId=" + order).path("items").size();
        }

        private long total() throws Exception {
            return get("/shipments?size=1").path("total").asLong();
        }

        private void publish(String duplicateId, String body) throws Exception {
            // a producer of its own each time: the broker may have restarted since the last send
            try (ServerLocator locator = ActiveMQClient.createServerLocator("tcp://127.0.0.1:" + port);
                 ClientSessionFactory factory = locator.createSessionFactory();
                 ClientSession session = factory.createSession(true, true);
                 ClientProducer producer = session.createProducer(OrderEventsConsumer.ADDRESS)) {
                ClientMessage message = session.createMessage(ClientMessage.TEXT_TYPE, true);
                message.getBodyBuffer().writeNullableSimpleString(SimpleString.of(body));
                message.putStringProperty(Message.HDR_DUPLICATE_DETECTION_ID, SimpleString.of(duplicateId));
                message.putStringProperty("orderId", Json.parse(body).path("orderId").asText());
                producer.send(message);
            }
        }

        private double depth(String queue) {
            return dev.faultline.platform.TestMetrics.sum(broker.context(), "artemis_message_count", "queue", queue);
        }

        private void fault(String json) throws Exception {
            HttpResponse<String> added = HTTP.send(HttpRequest.newBuilder(adminUri("/chaos/faults"))
                    .header("Authorization", "Bearer " + TOKEN).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(added.statusCode()).as(added.body()).isEqualTo(201);
        }

        private HttpResponse<String> admin(String method, String path, String token) throws Exception {
            return HTTP.send(HttpRequest.newBuilder(adminUri(path)).header("Authorization", "Bearer " + token)
                    .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        }

        private JsonNode get(String path) throws Exception {
            return Json.parse(HTTP.send(HttpRequest.newBuilder(URI.create(shipping.url() + path)).build(),
                    HttpResponse.BodyHandlers.ofString()).body());
        }

        private URI adminUri(String path) {
            return URI.create("http://127.0.0.1:" + ServiceServer.adminPort(shipping.server()) + path);
        }

        private TestServices.Running startBroker() throws Exception {
            var context = TestServices.context("broker", TestServices.config(brokerData, "broker.port",
                    Integer.toString(port), "faultline.instance", "broker"));
            return TestServices.start(context, dev.faultline.broker.Main.parts(context));
        }

        private TestServices.Running startShipping() {
            ProcessContext context = TestServices.context("shipping", TestServices.config(shippingData,
                    "messaging.broker.url", "tcp://127.0.0.1:" + port, "faultline.admin.token", TOKEN,
                    "faultline.instance", "shipping"));
            return TestServices.start(context, Main.parts(context, TestServices.database(shippingData, "shipping",
                    Main.SCHEMA)));
        }

        @Override
        public void close() {
            if (shipping != null) {
                shipping.close();
            }
            if (broker != null) {
                broker.close();
            }
        }
    }
}
