package dev.faultline.shipping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import dev.faultline.observability.MessagingTelemetry;
import dev.faultline.platform.ProcessContext;
import dev.faultline.platform.ServiceServer;
import dev.faultline.platform.TestMetrics;
import dev.faultline.platform.TestServices;
import dev.faultline.platform.TestTelemetry;
import dev.faultline.platform.http.Json;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.apache.activemq.artemis.api.core.Message;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.api.core.client.ActiveMQClient;
import org.apache.activemq.artemis.api.core.client.ClientMessage;
import org.apache.activemq.artemis.api.core.client.ClientProducer;
import org.apache.activemq.artemis.api.core.client.ClientSession;
import org.apache.activemq.artemis.api.core.client.ClientSessionFactory;
import org.apache.activemq.artemis.api.core.client.ServerLocator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Shipping against the real broker process (its own parts, in-process): a confirmed order ships once however often
 * its event arrives, a failed one never; the consumer's span continues the producer's trace and links to it; a
 * message that keeps failing ends in the dead-letter queue, which the admin API lists and replays; a refused broker
 * connection holds the events in the queue until it ends.
 */
class ShippingTest {

    private static final String TOKEN = "test-admin-token";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final TestTelemetry traces = TestTelemetry.inMemory();
    private final TestTelemetry producerTraces = TestTelemetry.inMemory();
    private TestServices.Running broker;
    private TestServices.Running shipping;
    private ServerLocator locator;
    private ClientSessionFactory factory;
    private ClientSession session;
    private ClientProducer producer;

    @BeforeEach
    void start() throws Exception {
        int port = TestServices.freePort();
        var brokerContext = TestServices.context("broker", TestServices.config(TestServices.dataDir("broker"),
                "broker.port", Integer.toString(port), "faultline.instance", "broker"));
        broker = TestServices.start(brokerContext, dev.faultline.broker.Main.parts(brokerContext));
        var data = TestServices.dataDir("shipping");
        ProcessContext context = TestServices.context("shipping", TestServices.config(data,
                "messaging.broker.url", "tcp://127.0.0.1:" + port, "faultline.admin.token", TOKEN,
                "faultline.instance", "shipping"), traces.telemetry("shipping"));
        shipping = TestServices.start(context, Main.parts(context, TestServices.database(data, "shipping", Main.SCHEMA)));
        locator = ActiveMQClient.createServerLocator("tcp://127.0.0.1:" + port);
        factory = locator.createSessionFactory();
        session = factory.createSession(true, true);
        producer = session.createProducer(OrderEventsConsumer.ADDRESS);
    }

    @AfterEach
    void stop() throws Exception {
        session.close();
        factory.close();
        locator.close();
        shipping.close();
        broker.close();
    }

    @Test
    void aConfirmedOrderShipsOnceHoweverOftenItsEventArrivesAndAFailedOneNever() throws Exception {
        Span send = MessagingTelemetry.create(producerTraces.telemetry("orders"))
                .startSend(OrderEventsConsumer.ADDRESS, "event-1", Map.of());
        publish("event-1", "outbox-1", confirmed("event-1", "order-1"), send);
        send.end();
        publish("event-1", "outbox-1", confirmed("event-1", "order-1"), null); // the broker drops it: same id
        publish("event-1", "republished", confirmed("event-1", "order-1"), null); // the broker forgot the id
        publish("event-9", "outbox-9", confirmed("event-9", "order-1"), null); // a second event for the order
        publish("event-2", "outbox-2", event("event-2", "OrderFailed", "order-2"), null);

        await().atMost(Duration.ofSeconds(10)).until(() -> consumed("duplicate") == 2 && consumed("ignored") == 1);
        assertThat(consumed("created")).isEqualTo(1);
        JsonNode shipments = get("/shipments?orderId=order-1").path("items");
        assertThat(shipments).hasSize(1);
        assertThat(shipments.get(0).path("eventId").asText()).isEqualTo("event-1");
        assertThat(get("/shipments/" + shipments.get(0).path("id").asText()).path("orderId").asText()).isEqualTo("order-1");
        assertThat(get("/shipments?orderId=order-2").path("items")).isEmpty();
        assertThat(status("/shipments/nope")).isEqualTo(404);
        assertThat(get("/shipments").path("items")).extracting(item -> item.path("orderId").asText())
                .containsExactly("order-1");
        assertThat(status("/shipments?size=0")).isEqualTo(400);

        SpanData process = traces.spans().getFinishedSpanItems().stream()
                .filter(span -> span.getKind() == SpanKind.CONSUMER
                        && "outbox-1".equals(span.getAttributes().get(MessagingTelemetry.MESSAGE_ID)))
                .findFirst().orElseThrow();
        assertThat(process.getName()).isEqualTo("process orders.events");
        assertThat(process.getTraceId()).as("the shipment's trace is the order's").isEqualTo(send.getSpanContext().getTraceId());
        assertThat(process.getParentSpanId()).isEqualTo(send.getSpanContext().getSpanId());
        assertThat(process.getLinks()).extracting(link -> link.getSpanContext().getSpanId())
                .containsExactly(send.getSpanContext().getSpanId());
        assertThat(process.getAttributes().get(MessagingTelemetry.SYSTEM)).isEqualTo("activemq");
        assertThat(shipping.context().telemetry().scrape()).contains("faultline_messages_age_seconds_count{queue=\"shipping.orders\"}");
    }

    @Test
    void aMessageThatKeepsFailingIsDeadLetteredAndReplayedOnceTheFaultIsGone() throws Exception {
        HttpResponse<String> fault = admin("POST", "/chaos/faults", "{\"kind\": \"consumer-fail\", \"target\": "
                + "{\"service\": \"shipping\", \"route\": \"shipping.orders\"}, \"duration\": \"60s\"}", TOKEN);
        assertThat(fault.statusCode()).as(fault.body()).isEqualTo(201);
        publish("event-3", "outbox-3", confirmed("event-3", "order-3"), null);

        await().atMost(Duration.ofSeconds(15)).until(() -> deadLetters().path("count").asInt() == 1);
        assertThat(consumed("failed")).as("three deliveries, each rolled back").isEqualTo(3);
        JsonNode letter = deadLetters().path("items").get(0);
        assertThat(letter.path("orderId").asText()).isEqualTo("order-3");
        assertThat(letter.path("originalQueue").asText()).isEqualTo("shipping.orders");
        assertThat(get("/shipments?orderId=order-3").path("items")).isEmpty();

        assertThat(admin("POST", "/chaos/reset", "", TOKEN).statusCode()).isEqualTo(200);
        assertThat(admin("POST", DeadLetters.PATH + "/replay", "", "wrong").statusCode()).isEqualTo(401);
        assertThat(deadLetters().path("count").asInt()).as("a refused replay takes nothing").isEqualTo(1);
        HttpResponse<String> replay = admin("POST", DeadLetters.PATH + "/replay", "", TOKEN);
        assertThat(Json.parse(replay.body()).path("replayed").asInt()).as(replay.body()).isEqualTo(1);

        await().atMost(Duration.ofSeconds(10)).until(() -> get("/shipments?orderId=order-3").path("items").size() == 1);
        assertThat(deadLetters().path("count").asInt()).isZero();
        replay = admin("POST", DeadLetters.PATH + "/replay", "", TOKEN);
        assertThat(Json.parse(replay.body()).path("replayed").asInt()).isZero();
    }

    @Test
    void aRefusedBrokerConnectionHoldsTheEventsInTheQueueUntilTheFaultEnds() throws Exception {
        HttpResponse<String> fault = admin("POST", "/chaos/faults", "{\"kind\": \"dependency\", \"target\": "
                + "{\"service\": \"shipping\"}, \"parameters\": {\"peer\": \"broker\"}, \"duration\": \"60s\"}", TOKEN);
        assertThat(fault.statusCode()).as(fault.body()).isEqualTo(201);
        // a receive already waiting when the fault came still takes what arrives: publish once a call was refused
        await().atMost(Duration.ofSeconds(5)).until(() -> TestMetrics.value(shipping.context(),
                "faultline_chaos_injections_total{kind=\"dependency\"}") > 0);
        publish("event-4", "outbox-4", confirmed("event-4", "order-4"), null);

        // nothing is lost and nothing fails: the event waits in the broker while shipping cannot reach it
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4))
                .until(() -> get("/shipments?orderId=order-4").path("items").isEmpty());
        assertThat(consumed("failed")).isZero();
        assertThat(admin("POST", "/chaos/reset", "", TOKEN).statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(15)).until(() -> get("/shipments?orderId=order-4").path("items").size() == 1);
    }

    private void publish(String eventId, String duplicateId, String body, Span span) throws Exception {
        ClientMessage message = session.createMessage(ClientMessage.TEXT_TYPE, true);
        message.getBodyBuffer().writeNullableSimpleString(SimpleString.of(body));
        message.putStringProperty(Message.HDR_DUPLICATE_DETECTION_ID, SimpleString.of(duplicateId));
        message.putStringProperty("orderId", Json.parse(body).path("orderId").asText());
        if (span != null) {
            MessagingTelemetry.create(producerTraces.telemetry("orders")).inject(span, message::putStringProperty);
        }
        producer.send(message);
    }

    private static String confirmed(String eventId, String orderId) {
        return event(eventId, "OrderConfirmed", orderId);
    }

    private static String event(String eventId, String type, String orderId) {
        return Json.write(Map.of("eventId", eventId, "type", type, "orderId", orderId, "userId", "user-1",
                "items", List.of(Map.of("productId", "desk-lamp", "quantity", 2)), "occurredAt", Instant.now().toString()));
    }

    private double consumed(String outcome) {
        return TestMetrics.value(shipping.context(),
                "faultline_messages_consumed_total{outcome=\"" + outcome + "\",queue=\"shipping.orders\"}");
    }

    private JsonNode deadLetters() throws Exception {
        return Json.parse(admin("GET", DeadLetters.PATH, null, null).body());
    }

    private JsonNode get(String path) throws Exception {
        return Json.parse(HTTP.send(HttpRequest.newBuilder(URI.create(shipping.url() + path)).build(),
                HttpResponse.BodyHandlers.ofString()).body());
    }

    private int status(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(shipping.url() + path)).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private HttpResponse<String> admin(String method, String path, String body, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                + ServiceServer.adminPort(shipping.server()) + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json");
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
