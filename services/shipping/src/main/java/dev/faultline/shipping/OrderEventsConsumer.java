package dev.faultline.shipping;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import dev.faultline.observability.TelemetryNames;
import dev.faultline.platform.ProcessContext;
import dev.faultline.platform.messaging.BrokerClient;
import dev.faultline.platform.messaging.BrokerWorker;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.api.core.client.ClientConsumer;
import org.apache.activemq.artemis.api.core.client.ClientMessage;
import org.apache.activemq.artemis.api.core.client.ClientSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Consumes the order events of queue {@code shipping.orders}, one at a time in a transacted session: an
 * {@code OrderConfirmed} creates its shipment (idempotently: a duplicate delivery changes nothing), an
 * {@code OrderFailed} creates none, and the acknowledgement commits only after the shipment is stored. When
 * handling throws, the session rolls back and the broker redelivers the message after its redelivery delay, at
 * most three times, then moves it to the dead-letter queue ({@code broker.xml}). While the broker is away the
 * consumer waits and connects again with backoff.
 */
final class OrderEventsConsumer implements AutoCloseable {

    /** The queue (bound to address {@code orders.events}) and this consumer's group in spans. */
    static final String QUEUE = "shipping.orders";
    static final String ADDRESS = "orders.events";
    private static final Logger LOG = LoggerFactory.getLogger(OrderEventsConsumer.class);
    private static final Duration RECEIVE = Duration.ofMillis(500);
    private static final double[] AGE_BUCKETS = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300};

    private final ShipmentStore store;
    private final BrokerClient broker;
    private final Clock clock;
    private final DistributionSummary age;
    private final DistributionSummary endToEnd;
    private final java.util.Map<String, Counter> outcomes = new java.util.HashMap<>();
    private BrokerWorker<Subscription> worker;

    OrderEventsConsumer(ShipmentStore store, BrokerClient broker, ProcessContext context) {
        this.store = store;
        this.broker = broker;
        this.clock = context.clock();
        MeterRegistry meters = context.meters();
        age = DistributionSummary.builder(TelemetryNames.MESSAGE_AGE).baseUnit("seconds").tag("queue", QUEUE)
                .description("Seconds from a message's publication to its consumption").serviceLevelObjectives(AGE_BUCKETS)
                .register(meters);
        endToEnd = DistributionSummary.builder(TelemetryNames.ORDER_TO_SHIPMENT).baseUnit("seconds")
                .description("Seconds from an order's confirmation to its shipment's creation")
                .serviceLevelObjectives(AGE_BUCKETS).register(meters);
        for (String outcome : new String[] {"created", "duplicate", "ignored", "failed"}) {
            // registered once, at zero, so a dashboard shows "none failed" rather than no data
            outcomes.put(outcome, Counter.builder(TelemetryNames.MESSAGES_CONSUMED).tag("queue", QUEUE)
                    .tag("outcome", outcome).description("Messages consumed, by outcome").register(meters));
        }
    }

    void start() {
        worker = BrokerWorker.start("order-events-consumer", broker,
                connection -> {
                    ClientSession session = connection.createSession(false, false);
                    ClientConsumer consumer = session.createConsumer(QUEUE);
                    session.start();
                    return new Subscription(session, consumer);
                },
                this::round, BrokerWorker.Pause.SLEEP,
                (cause, nextTry) -> LOG.warn("Cannot consume {} from {} ({}); next try in {} ms", QUEUE, broker.url(),
                        cause.getMessage(), nextTry.toMillis()));
    }

    /** Waits a moment for a delivery and handles it. */
    private Duration round(Subscription link) throws Exception {
        broker.faults().beforeBrokerCall();
        ClientMessage message = link.consumer().receive(RECEIVE.toMillis());
        if (message != null) {
            handle(link.session(), message);
        }
        return Duration.ZERO;
    }

    /** Handles one delivery; a failure rolls it back (the broker redelivers, then dead-letters it). */
    private void handle(ClientSession session, ClientMessage message) throws Exception {
        String messageId = message.getStringProperty(org.apache.activemq.artemis.api.core.Message.HDR_DUPLICATE_DETECTION_ID);
        Span span = broker.telemetry().startProcess(ADDRESS, QUEUE, messageId, message.getDeliveryCount() - 1,
                key -> message.containsProperty(SimpleString.of(key)) ? message.getStringProperty(key) : null);
        String outcome;
        try (Scope ignored = span.makeCurrent()) {
            Instant now = clock.instant();
            age.record(Math.max(0, now.toEpochMilli() - message.getTimestamp()) / 1000.0);
            broker.faults().beforeHandle(QUEUE);
            OrderEvent event = OrderEvent.parse(message.getBodyBuffer().readNullableSimpleString().toString());
            if (!event.confirmed()) {
                outcome = "ignored";
            } else if (store.create(event, now)) {
                outcome = "created";
                endToEnd.record(Math.max(0, Duration.between(event.occurredAt(), clock.instant()).toMillis()) / 1000.0);
            } else {
                outcome = "duplicate";
            }
            span.setAttribute("faultline.shipping.outcome", outcome);
            broker.faults().beforeAcknowledge(QUEUE);
            message.acknowledge();
            session.commit();
        } catch (Exception e) {
            consumed("failed").increment();
            span.recordException(e);
            span.setStatus(StatusCode.ERROR);
            LOG.warn("Order event {} failed on delivery {}: {}", messageId, message.getDeliveryCount(), e.getMessage());
            rollback(session);
            return;
        } finally {
            span.end();
        }
        consumed(outcome).increment();
    }

    private static void rollback(ClientSession session) throws Exception {
        if (session != null && !session.isClosed()) {
            // the message in hand counts as delivered: its delivery count rises, so the broker's limit can end it
            session.rollback(true);
        }
    }

    private Counter consumed(String outcome) {
        return outcomes.get(outcome);
    }

    @Override
    public void close() {
        if (worker != null) {
            worker.close();
        }
    }

    /** The consumer's transacted session and its consumer of {@link #QUEUE}. */
    private record Subscription(ClientSession session, ClientConsumer consumer) implements BrokerWorker.Link {
    }
}
