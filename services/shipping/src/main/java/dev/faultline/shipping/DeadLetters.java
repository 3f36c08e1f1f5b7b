package dev.faultline.shipping;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.faultline.observability.TelemetryNames;
import dev.faultline.platform.http.AdminToken;
import dev.faultline.platform.http.ApiRoutes;
import dev.faultline.platform.http.Json;
import dev.faultline.platform.http.Problem;
import dev.faultline.platform.http.ProblemException;
import dev.faultline.platform.messaging.BrokerClient;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import org.apache.activemq.artemis.api.core.Message;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.api.core.client.ClientConsumer;
import org.apache.activemq.artemis.api.core.client.ClientMessage;
import org.apache.activemq.artemis.api.core.client.ClientProducer;
import org.apache.activemq.artemis.api.core.client.ClientSession;
import org.apache.activemq.artemis.api.core.client.ClientSessionFactory;

/**
 * The dead-letter queue of shipping's messages, on the admin socket: {@code GET /admin/dead-letters} lists them
 * (browsing, nothing taken), {@code POST /admin/dead-letters/replay} sends each back to its original address and
 * removes it from the queue (needs the admin token). A replayed message keeps its event id but loses the broker's
 * duplicate-detection id, which the broker remembers and would drop it for; the consumer's idempotency keeps a
 * replay from creating a second shipment.
 */
final class DeadLetters implements HttpService {

    /** The dead-letter queue of broker.xml. */
    static final String QUEUE = "DLQ";
    static final String PATH = "/admin/dead-letters";
    private static final int LIMIT = 1_000;
    private static final SimpleString ORIGINAL_ADDRESS = Message.HDR_ORIGINAL_ADDRESS;
    private static final SimpleString ORIGINAL_QUEUE = Message.HDR_ORIGINAL_QUEUE;

    private final BrokerClient broker;
    private final AdminToken token;
    private final MeterRegistry meters;

    DeadLetters(BrokerClient broker, AdminToken token, MeterRegistry meters) {
        this.broker = broker;
        this.token = token;
        this.meters = meters;
        // at zero from the start, so a dashboard shows "none replayed" rather than no data
        replayed(OrderEventsConsumer.QUEUE);
    }

    @Override
    public void routing(HttpRules rules) {
        ApiRoutes.create()
                .get(PATH, this::list)
                .post(PATH + "/replay", token.guard(this::replay))
                .registerOn(rules);
    }

    private void list(ServerRequest req, ServerResponse res) throws Exception {
        List<Map<String, Object>> letters = new ArrayList<>();
        try (ClientSessionFactory connection = connect(); ClientSession session = connection.createSession()) {
            try (ClientConsumer browser = session.createConsumer(SimpleString.of(QUEUE), null, true)) {
                session.start();
                ClientMessage message;
                while (letters.size() < LIMIT && (message = browser.receiveImmediate()) != null) {
                    letters.add(view(message));
                }
            }
        }
        Json.send(res, Map.of("queue", QUEUE, "count", letters.size(), "items", letters));
    }

    private void replay(ServerRequest req, ServerResponse res) throws Exception {
        Map<String, Integer> replayed = new LinkedHashMap<>();
        try (ClientSessionFactory connection = connect(); ClientSession session = connection.createSession(false, false)) {
            try (ClientConsumer consumer = session.createConsumer(QUEUE); ClientProducer producer = session.createProducer()) {
                session.start();
                ClientMessage message;
                int count = 0;
                while (count < LIMIT && (message = consumer.receiveImmediate()) != null) {
                    String address = message.getStringProperty(ORIGINAL_ADDRESS);
                    String queue = message.getStringProperty(ORIGINAL_QUEUE);
                    ClientMessage copy = (ClientMessage) message.copy();
                    copy.removeProperty(Message.HDR_DUPLICATE_DETECTION_ID);
                    copy.removeProperty(ORIGINAL_ADDRESS);
                    copy.removeProperty(ORIGINAL_QUEUE);
                    copy.putStringProperty("replayedFrom", QUEUE);
                    producer.send(SimpleString.of(address), copy);
                    message.acknowledge();
                    replayed.merge(queue, 1, Integer::sum);
                    count++;
                }
                session.commit();
            }
        }
        replayed.forEach((queue, count) -> replayed(queue).increment(count));
        Json.send(res, Map.of("replayed", replayed.values().stream().mapToInt(Integer::intValue).sum(), "byQueue", replayed));
    }

    private Counter replayed(String queue) {
        return Counter.builder(TelemetryNames.DEAD_LETTERS_REPLAYED).tag("queue", queue)
                .description("Dead letters sent back to their queue").register(meters);
    }

    private ClientSessionFactory connect() {
        try {
            return broker.connect();
        } catch (Exception e) {
            throw new ProblemException(Problem.typed("broker-unavailable", 503, "Broker unavailable",
                    "The broker at " + broker.url() + " cannot be reached: " + e.getMessage()));
        }
    }

    private static Map<String, Object> view(ClientMessage message) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("eventId", message.getStringProperty(Message.HDR_DUPLICATE_DETECTION_ID));
        view.put("type", message.getStringProperty("type"));
        view.put("orderId", message.getStringProperty("orderId"));
        view.put("originalQueue", message.getStringProperty(ORIGINAL_QUEUE));
        view.put("deliveries", message.getDeliveryCount());
        view.put("publishedAt", java.time.Instant.ofEpochMilli(message.getTimestamp()).toString());
        return view;
    }
}
