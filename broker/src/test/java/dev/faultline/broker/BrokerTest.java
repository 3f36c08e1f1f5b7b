package dev.faultline.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;

import dev.faultline.platform.ServiceServer;
import dev.faultline.platform.TestServices;
import org.apache.activemq.artemis.api.core.Message;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.api.core.client.ActiveMQClient;
import org.apache.activemq.artemis.api.core.client.ClientConsumer;
import org.apache.activemq.artemis.api.core.client.ClientMessage;
import org.apache.activemq.artemis.api.core.client.ClientProducer;
import org.apache.activemq.artemis.api.core.client.ClientSession;
import org.apache.activemq.artemis.api.core.client.ClientSessionFactory;
import org.apache.activemq.artemis.api.core.client.ServerLocator;
import org.junit.jupiter.api.Test;

/**
 * The broker process as {@code Main} builds it, against a real Artemis client over its acceptor: it is ready, its
 * queues' depth and oldest age show on {@code /metrics}, duplicate detection drops a message sent twice, a message
 * that fails three deliveries goes to the dead-letter queue, and messages survive a restart (the journal).
 */
class BrokerTest {

    private static final String EVENTS = "orders.events";
    private static final String SHIPPING = "shipping.orders";
    private static final String TOKEN = "test-admin-token";

    @Test
    void itQueuesDetectsDuplicatesDeadLettersAndKeepsMessagesAcrossARestart() throws Exception {
        Path data = TestServices.dataDir("broker");
        int port = TestServices.freePort();
        try (TestServices.Running broker = start(data, port)) {
            assertThat(ready(broker)).isEqualTo(200);
            try (ServerLocator locator = ActiveMQClient.createServerLocator("tcp://127.0.0.1:" + port);
                 ClientSessionFactory factory = locator.createSessionFactory();
                 ClientSession sending = factory.createSession(true, true);
                 ClientSession session = factory.createSession(false, false, false)) {
                // each send on its own, as an outbox relay publishes rows
                ClientProducer producer = sending.createProducer(EVENTS);
                producer.send(event(sending, "outbox-1", "OrderConfirmed 1"));
                producer.send(event(sending, "outbox-2", "OrderConfirmed 2"));
                producer.send(event(sending, "outbox-1", "OrderConfirmed 1, sent again by a relay that crashed"));

                assertThat(depth(broker, SHIPPING)).as("the duplicate id was dropped").isEqualTo(2);
                await().atMost(Duration.ofSeconds(5)).until(() ->
                        metric(broker, "faultline_broker_queue_oldest_age_seconds", SHIPPING) > 0);

                // one message fails every delivery (rolled back: redelivered after 200, 400 ms), the other is consumed
                session.start();
                ClientConsumer consumer = session.createConsumer(SHIPPING);
                int failed = 0;
                boolean consumed = false;
                while (failed < 3 || !consumed) {
                    ClientMessage message = consumer.receive(5_000);
                    assertThat(message).as("after " + failed + " failed deliveries").isNotNull();
                    message.acknowledge();
                    if (message.getBodyBuffer().readString().equals("OrderConfirmed 2")) {
                        session.commit();
                        consumed = true;
                    } else {
                        session.rollback();
                        failed++;
                    }
                }
                await().atMost(Duration.ofSeconds(10)).until(() -> depth(broker, "DLQ") == 1);
                assertThat(metric(broker, "artemis_messages_killed", SHIPPING)).isEqualTo(1);
                assertThat(depth(broker, SHIPPING)).isZero();
                consumer.close();
                producer.send(event(sending, "outbox-3", "OrderConfirmed 3"));
            }
            assertThat(depth(broker, SHIPPING)).isEqualTo(1);
        }
        try (TestServices.Running again = start(data, port)) {
            assertThat(depth(again, SHIPPING)).as("kept by the journal").isEqualTo(1);
            assertThat(depth(again, "DLQ")).isEqualTo(1);
        }
    }

    @Test
    void theBrokerTakesProcessFaultsOnItsAdminSocketLikeEveryProcess() throws Exception {
        try (TestServices.Running broker = start(TestServices.dataDir("broker"), TestServices.freePort())) {
            HttpResponse<String> added = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            URI.create(broker.url() + "/chaos/faults"))
                    .header("Authorization", "Bearer " + TOKEN).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"kind\": \"memory\", \"target\": {\"service\": "
                            + "\"broker\"}, \"parameters\": {\"mb\": 8}, \"duration\": \"30s\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(added.statusCode()).as(added.body()).isEqualTo(201);
            assertThat(broker.context().telemetry().scrape())
                    .contains("faultline_chaos_faults_active{kind=\"memory\"} 1.0");
        }
    }

    private static TestServices.Running start(Path data, int port) throws Exception {
        var config = TestServices.config(data, "broker.port", Integer.toString(port), "faultline.admin.token", TOKEN,
                "faultline.instance", "broker");
        var context = TestServices.context("broker", config);
        ServiceServer.Parts parts = Main.parts(context);
        return TestServices.start(context, parts);
    }

    private static double depth(TestServices.Running broker, String queue) {
        return metric(broker, "artemis_message_count", queue);
    }

    /** A queue's series as the process's /metrics has it. */
    private static double metric(TestServices.Running broker, String name, String queue) {
        return dev.faultline.platform.TestMetrics.sum(broker.context(), name, "queue", queue);
    }

    private static ClientMessage event(ClientSession session, String outboxId, String body) {
        ClientMessage message = session.createMessage(true);
        message.putStringProperty(Message.HDR_DUPLICATE_DETECTION_ID, SimpleString.of(outboxId));
        message.getBodyBuffer().writeString(body);
        return message;
    }

    private static int ready(TestServices.Running broker) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(broker.url() + "/health/ready"))
                .build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
