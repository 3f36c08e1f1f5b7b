package dev.faultline.platform.messaging;

import java.time.Duration;

import dev.faultline.observability.MessagingTelemetry;
import dev.faultline.platform.ProcessContext;
import dev.faultline.platform.spi.MessagingFaults;
import io.helidon.config.Config;
import org.apache.activemq.artemis.api.core.client.ActiveMQClient;
import org.apache.activemq.artemis.api.core.client.ClientSessionFactory;
import org.apache.activemq.artemis.api.core.client.ServerLocator;

/**
 * A process's connection to the broker: the one place the Artemis client is set up. It never reconnects by itself
 * (a broker outage must show, and its users decide what waits: the outbox relay keeps rows, a consumer pauses);
 * it notices a dead broker within a second; a consumer takes one message at a time from the broker
 * (window 0), so a backlog stays in the broker's queue, where its depth and age are measured, not in a client
 * buffer.
 */
public final class BrokerClient implements AutoCloseable {

    /** The default address of the local sandbox's broker. */
    public static final String DEFAULT_URL = "tcp://127.0.0.1:8086";

    /** Bytes of sent messages the broker may not yet have confirmed. */
    private static final int CONFIRMATION_WINDOW = 1024 * 1024;

    private final String url;
    private final Duration callTimeout;
    private final ServerLocator locator;
    private final MessagingFaults faults;
    private final MessagingTelemetry telemetry;

    private BrokerClient(String url, Duration callTimeout, ServerLocator locator, MessagingFaults faults,
                         MessagingTelemetry telemetry) {
        this.url = url;
        this.callTimeout = callTimeout;
        this.locator = locator;
        this.faults = faults;
        this.telemetry = telemetry;
    }

    /**
     * The broker of this process's {@code messaging.broker.url} (an Artemis core URL; the official image or a
     * cluster works the same: {@code tcp://host:61616}, or a list in parentheses for a cluster).
     */
    public static BrokerClient create(ProcessContext context) {
        Config node = context.config().get("messaging.broker");
        String configured = node.get("url").asString().orElse(DEFAULT_URL);
        // under mtls the broker asks for this process's certificate and shows its own (checked against its host)
        String url = context.tls().keyStores().map(stores -> withParameters(configured, stores.connectorParameters()))
                .orElse(configured);
        try {
            Duration callTimeout = node.get("call-timeout").as(Duration.class).orElse(Duration.ofSeconds(2));
            ServerLocator locator = ActiveMQClient.createServerLocator(url)
                    .setReconnectAttempts(0)
                    .setInitialConnectAttempts(1)
                    .setCallTimeout(callTimeout.toMillis())
                    .setClientFailureCheckPeriod(1_000)
                    .setConnectionTTL(5_000)
                    .setConsumerWindowSize(0)
                    // a send returns at once and the broker confirms it once stored (SendAcknowledgementHandler), so
                    // a producer can have many in flight; a transacted session's commit still waits
                    .setBlockOnDurableSend(false)
                    .setConfirmationWindowSize(CONFIRMATION_WINDOW)
                    .setBlockOnAcknowledge(true);
            return new BrokerClient(configured, callTimeout, locator, context.extensions().messaging(),
                    MessagingTelemetry.create(context.telemetry()));
        } catch (Exception e) {
            throw new IllegalArgumentException("Not a broker URL: " + configured + " (" + e.getMessage() + ")", e);
        }
    }

    /** An Artemis URL with more parameters: after its own, or as its first. */
    static String withParameters(String url, String parameters) {
        return url + (url.contains("?") ? ";" : "?") + parameters;
    }

    /** A new connection; the caller closes it, and makes a new one when it failed. */
    public ClientSessionFactory connect() throws Exception {
        faults.beforeBrokerCall();
        return locator.createSessionFactory();
    }

    /** Where faults reach this process's messaging. */
    public MessagingFaults faults() {
        return faults;
    }

    /** The spans of sent and consumed messages. */
    public MessagingTelemetry telemetry() {
        return telemetry;
    }

    public String url() {
        return url;
    }

    /** How long a call to the broker may take before it counts as failed. */
    public Duration callTimeout() {
        return callTimeout;
    }

    @Override
    public void close() {
        locator.close();
    }
}
