package dev.faultline.orders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import dev.faultline.platform.ProcessContext;
import dev.faultline.platform.TestMetrics;
import dev.faultline.platform.TestServices;
import dev.faultline.platform.TestTelemetry;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.data.SpanData;
import dev.faultline.platform.data.Database;
import dev.faultline.platform.http.Json;
import io.helidon.http.HttpMediaTypes;
import org.apache.activemq.artemis.api.core.Message;
import org.apache.activemq.artemis.api.core.client.ActiveMQClient;
import org.apache.activemq.artemis.api.core.client.ClientConsumer;
import org.apache.activemq.artemis.api.core.client.ClientMessage;
import org.apache.activemq.artemis.api.core.client.ClientSession;
import org.apache.activemq.artemis.api.core.client.ClientSessionFactory;
import org.apache.activemq.artemis.api.core.client.ServerLocator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The outbox against the real broker process: an ended saga's event is stored with the order, waits while the
 * broker is away (the backlog gauges show it), is published when the broker comes, once; a row published again
 * (a relay that crashed before marking it) reaches the queue once, by its duplicate-detection id.
 */
class OutboxTest {

    private final Shop shop = new Shop();
    private final TestTelemetry traces = TestTelemetry.inMemory();
    private final Path data = TestServices.dataDir("orders-outbox");
    private final Path brokerData = TestServices.dataDir("broker");
    private int brokerPort;
    private Database database;
    private TestServices.Running orders;
    private TestServices.Running broker;

    @BeforeEach
    void start() throws Exception {
        brokerPort = TestServices.freePort();
        database = TestServices.database(data, "orders", Main.SCHEMA);
        List<String> config = new ArrayList<>(List.of(shop.peerConfig()));
        config.addAll(List.of("messaging.broker.url", "tcp://127.0.0.1:" + brokerPort));
        ProcessContext context = TestServices.context("orders", TestServices.config(data, config.toArray(String[]::new)),
                traces.telemetry("orders"));
        orders = TestServices.start(context, Main.parts(context, database));
    }

    @AfterEach
    void stop() {
        orders.close();
        if (broker != null) {
            broker.close();
        }
        shop.close();
    }

    @Test
    void eventsWaitForTheBrokerAndArriveOnceEachEvenWhenPublishedTwice() throws Exception {
        String user = shop.newUser("outbox@example.com");
        JsonNode confirmed = place(user, "desk-lamp");
        JsonNode failed = place("no-such-user", "desk-lamp");
        assertThat(confirmed.path("status").asText()).isEqualTo("CONFIRMED");
        assertThat(failed.path("status").asText()).isEqualTo("FAILED");
        assertThat(rows("SELECT type FROM outbox ORDER BY created_at")).containsExactly("OrderConfirmed", "OrderFailed");
        await().atMost(Duration.ofSeconds(10)).until(() -> metric("faultline_outbox_pending") == 2
                && metric("faultline_outbox_oldest_seconds") > 0);
        assertThat(metric("faultline_outbox_publishes_total{outcome=\"published\"}")).isZero();

        broker = startBroker();
        await().atMost(Duration.ofSeconds(15)).until(() -> metric("faultline_outbox_pending") == 0);
        assertThat(metric("faultline_outbox_publishes_total{outcome=\"published\"}")).isEqualTo(2);

        // a relay that published and crashed before marking the row publishes it again
        database.write(connection -> {
            try (PreparedStatement unmark = connection.prepareStatement("UPDATE outbox SET sent_at = NULL WHERE order_id = ?")) {
                unmark.setString(1, confirmed.path("id").asText());
                return unmark.executeUpdate();
            }
        });
        await().atMost(Duration.ofSeconds(10)).until(() ->
                metric("faultline_outbox_publishes_total{outcome=\"published\"}") == 3 && metric("faultline_outbox_pending") == 0);

        assertThat(metric("faultline_outbox_oldest_seconds")).as("nothing waits, so no age").isZero();
        assertThat(metric("faultline_saga_compensations_oldest_seconds")).as("nothing owed, so no age").isZero();

        List<ClientMessage> received = drain();
        assertThat(received).extracting(message -> message.getStringProperty("orderId"))
                .containsExactly(confirmed.path("id").asText(), failed.path("id").asText());
        ClientMessage first = received.getFirst();
        assertThat(first.getStringProperty("type")).isEqualTo("OrderConfirmed");
        SpanData send = traces.spans().getFinishedSpanItems().stream()
                .filter(span -> span.getKind() == SpanKind.PRODUCER && span.getName().equals("send orders.events"))
                .findFirst().orElseThrow();
        SpanData order = traces.spans().getFinishedSpanItems().stream()
                .filter(span -> span.getSpanId().equals(send.getParentSpanId())).findFirst().orElseThrow();
        assertThat(order.getKind()).as("the event's send continues the order's request").isEqualTo(SpanKind.SERVER);
        assertThat(first.getStringProperty("traceparent")).as("the message carries the send's context")
                .startsWith("00-" + send.getTraceId() + "-" + send.getSpanId() + "-");
        JsonNode body = Json.parse(first.getBodyBuffer().readNullableSimpleString().toString());
        assertThat(body.path("eventId").asText()).isEqualTo(first.getStringProperty(Message.HDR_DUPLICATE_DETECTION_ID));
        assertThat(body.path("items").get(0).path("productId").asText()).isEqualTo("desk-lamp");
        assertThat(body.path("total").asLong()).isEqualTo(confirmed.path("total").asLong());
    }

    private List<ClientMessage> drain() throws Exception {
        List<ClientMessage> received = new ArrayList<>();
        try (ServerLocator locator = ActiveMQClient.createServerLocator("tcp://127.0.0.1:" + brokerPort);
             ClientSessionFactory factory = locator.createSessionFactory();
             ClientSession session = factory.createSession(false, true, true);
             ClientConsumer consumer = session.createConsumer("shipping.orders")) {
            session.start();
            ClientMessage message;
            while ((message = consumer.receive(1_000)) != null) {
                message.acknowledge();
                received.add(message);
            }
        }
        return received;
    }

    private TestServices.Running startBroker() throws Exception {
        var context = TestServices.context("broker", TestServices.config(brokerData, "broker.port",
                Integer.toString(brokerPort), "faultline.instance", "broker"));
        return TestServices.start(context, dev.faultline.broker.Main.parts(context));
    }

    private JsonNode place(String user, String product) {
        return Shop.json(orders.client().post("/orders").header(io.helidon.http.HeaderNames.create("Idempotency-Key"),
                        UUID.randomUUID().toString()).contentType(HttpMediaTypes.JSON_UTF_8)
                .submit("{\"userId\": \"" + user + "\", \"items\": [{\"productId\": \"" + product + "\", \"quantity\": 1}]}"));
    }

    private List<String> rows(String sql) {
        return database.read(connection -> {
            List<String> values = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement(sql); ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    values.add(rows.getString(1));
                }
            }
            return values;
        });
    }

    private double metric(String series) {
        return TestMetrics.value(orders.context(), series);
    }
}
