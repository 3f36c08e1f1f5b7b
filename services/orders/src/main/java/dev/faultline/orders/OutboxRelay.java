package dev.faultline.orders;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.faultline.observability.TelemetryNames;
import dev.faultline.platform.ProcessContext;
import dev.faultline.platform.messaging.BrokerClient;
import dev.faultline.platform.messaging.BrokerWorker;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import org.apache.activemq.artemis.api.core.Message;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.api.core.client.ClientMessage;
import org.apache.activemq.artemis.api.core.client.ClientProducer;
import org.apache.activemq.artemis.api.core.client.ClientSession;
import org.apache.activemq.artemis.api.core.client.SendAcknowledgementHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes the outbox's events to the broker's {@code orders.events} address, oldest first, and marks them sent.
 * Each message's duplicate-detection id is its event id: a row published again after a crash between the send
 * and the mark is dropped by the broker, so consumers see it once. While the broker cannot be reached, rows wait
 * and the relay tries again with backoff; its backlog and age are gauges.
 */
final class OutboxRelay implements AutoCloseable {

    /** The address orders publishes its events to (broker.xml). */
    static final String ADDRESS = "orders.events";
    private static final Logger LOG = LoggerFactory.getLogger(OutboxRelay.class);
    private static final int BATCH = 100;
    private static final Duration IDLE_POLL = Duration.ofMillis(500);

    private final Outbox outbox;
    private final BrokerClient broker;
    private final Clock clock;
    private final Counter published;
    private final Counter failed;
    private volatile Outbox.Backlog backlog = new Outbox.Backlog(0, null);
    private BrokerWorker<Publisher> worker;

    OutboxRelay(Outbox outbox, BrokerClient broker, ProcessContext context) {
        this.outbox = outbox;
        this.broker = broker;
        this.clock = context.clock();
        MeterRegistry meters = context.meters();
        Gauge.builder(TelemetryNames.OUTBOX_PENDING, this, relay -> relay.backlog.pending())
                .description("Outbox events not yet published to the broker").register(meters);
        Gauge.builder(TelemetryNames.OUTBOX_OLDEST, this, OutboxRelay::oldestSeconds).baseUnit("seconds")
                .description("How long the oldest unpublished outbox event has waited").register(meters);
        published = Counter.builder(TelemetryNames.OUTBOX_PUBLISHES).tag("outcome", "published")
                .description("Outbox events sent to the broker, by outcome").register(meters);
        failed = Counter.builder(TelemetryNames.OUTBOX_PUBLISHES).tag("outcome", "failed")
                .description("Outbox events sent to the broker, by outcome").register(meters);
    }

    void start() {
        worker = BrokerWorker.start("outbox-relay", broker,
                connection -> {
                    ClientSession session = connection.createSession(true, true);
                    return new Publisher(session, session.createProducer(ADDRESS));
                },
                this::round, time -> outbox.awaitWritten(time.toMillis()), this::failed);
    }

    /** Publishes the oldest unsent events; at once again while a full batch came, else after a pause or a write. */
    private Duration round(Publisher link) throws Exception {
        List<Outbox.Event> events = outbox.unsent(BATCH);
        if (!events.isEmpty()) {
            publish(link, events);
        }
        backlog = outbox.backlog();
        return events.size() == BATCH ? Duration.ZERO : IDLE_POLL;
    }

    private void failed(Exception cause, Duration nextTry) {
        if (outbox.closed()) {
            // the process stops, or the test that built this service ended without closing it
            return;
        }
        refreshBacklog();
        LOG.warn("Outbox relay cannot publish to {} ({}); {} events wait, next try in {} ms", broker.url(),
                cause.getMessage(), backlog.pending(), nextTry.toMillis());
    }

    /**
     * Sends the batch without waiting for each message, then waits for the broker's confirmation of every one (it
     * confirms a durable message once its journal holds it): the journal syncs many messages at once instead of one
     * per round trip, which is what lets the relay keep up with a busy shop. Confirmed events are marked sent; when
     * a confirmation does not come, the rest wait for the next try, and a message sent twice is dropped by the broker
     * by its duplicate-detection id.
     */
    private void publish(Publisher link, List<Outbox.Event> events) throws Exception {
        Queue<String> confirmed = new ConcurrentLinkedQueue<>();
        CountDownLatch answered = new CountDownLatch(events.size());
        try {
            for (Outbox.Event event : events) {
                send(link, event, confirmed, answered);
            }
            if (!answered.await(broker.callTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
                throw new TimeoutException(answered.getCount() + " of " + events.size()
                        + " events were not confirmed by the broker within " + broker.callTimeout().toMillis() + " ms");
            }
        } finally {
            List<String> sent = List.copyOf(confirmed);
            outbox.sent(sent);
            published.increment(sent.size());
        }
        if (confirmed.size() < events.size()) {
            throw new IllegalStateException((events.size() - confirmed.size()) + " of " + events.size()
                    + " events were refused by the broker");
        }
    }

    private void send(Publisher link, Outbox.Event event, Queue<String> confirmed, CountDownLatch answered)
            throws Exception {
        Span span = broker.telemetry().startSend(ADDRESS, event.id(), event.traceContext());
        try {
            broker.faults().beforeBrokerCall();
            ClientMessage message = link.session().createMessage(ClientMessage.TEXT_TYPE, true);
            message.getBodyBuffer().writeNullableSimpleString(SimpleString.of(event.payload()));
            message.putStringProperty(Message.HDR_DUPLICATE_DETECTION_ID, SimpleString.of(event.id()));
            message.putStringProperty("type", event.type());
            message.putStringProperty("orderId", event.orderId());
            message.putLongProperty("occurredAt", event.createdAt().toEpochMilli());
            broker.telemetry().inject(span, message::putStringProperty);
            // the span lasts until the broker confirms: what a send costs is its journal's sync
            link.producer().send(message, new SendAcknowledgementHandler() {
                @Override
                public void sendAcknowledged(Message sent) {
                    confirmed.add(event.id());
                    span.end();
                    answered.countDown();
                }

                @Override
                public void sendFailed(Message sent, Exception e) {
                    failed.increment();
                    span.recordException(e);
                    span.setStatus(StatusCode.ERROR);
                    span.end();
                    answered.countDown();
                }
            });
        } catch (Exception e) {
            failed.increment();
            span.recordException(e);
            span.setStatus(StatusCode.ERROR);
            span.end();
            throw e;
        }
    }

    private void refreshBacklog() {
        try {
            backlog = outbox.backlog();
        } catch (RuntimeException e) {
            // the database is closing; the gauge keeps its last value
        }
    }

    private double oldestSeconds() {
        Outbox.Backlog now = backlog;
        return now.oldest() == null ? 0 : Math.max(0, clock.millis() - now.oldest().toEpochMilli()) / 1000.0;
    }

    @Override
    public void close() {
        if (worker != null) {
            worker.close();
        }
        broker.close();
    }

    /** The relay's session and its producer to {@link #ADDRESS}. */
    private record Publisher(ClientSession session, ClientProducer producer) implements BrokerWorker.Link {
    }
}
