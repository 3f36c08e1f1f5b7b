package dev.faultline.broker;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;

import dev.faultline.observability.TelemetryNames;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.config.Configuration;
import org.apache.activemq.artemis.core.config.FileDeploymentManager;
import org.apache.activemq.artemis.core.config.MetricsConfiguration;
import org.apache.activemq.artemis.core.config.impl.FileConfiguration;
import org.apache.activemq.artemis.core.server.MessageReference;
import org.apache.activemq.artemis.core.server.Queue;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.core.server.metrics.ActiveMQMetricsPlugin;

/**
 * Apache Artemis, embedded: {@code broker.xml}'s addresses and settings, the acceptor and journal where this
 * process's configuration says, and its meters (queue depth, messages added, acknowledged, killed to the
 * dead-letter queue, consumers) in the process's registry, so {@code /metrics} shows them beside the JVM's; plus
 * each queue's oldest message age, which Artemis does not measure.
 */
final class EmbeddedBroker implements AutoCloseable {

    private final EmbeddedActiveMQ artemis = new EmbeddedActiveMQ();

    private EmbeddedBroker() {
    }

    /**
     * @param configuration {@code broker.xml}: a classpath resource or a file
     * @param host          the acceptor's host
     * @param port          the acceptor's port
     * @param dataDir       where the journal goes
     * @param tls           the acceptor's TLS parameters (under mtls: TLS 1.3, a client certificate required); empty
     *                      for plain TCP
     */
    static EmbeddedBroker start(String configuration, String host, int port, Path dataDir, MeterRegistry meters,
                                Clock clock, String tls) throws Exception {
        FileConfiguration config = new FileConfiguration();
        FileDeploymentManager deployment = new FileDeploymentManager(readable(configuration, dataDir));
        deployment.addDeployable(config);
        deployment.readConfiguration();
        config.setJournalDirectory(dataDir.resolve("journal").toString())
                .setBindingsDirectory(dataDir.resolve("bindings").toString())
                .setPagingDirectory(dataDir.resolve("paging").toString())
                .setLargeMessagesDirectory(dataDir.resolve("large-messages").toString());
        config.clearAcceptorConfigurations();
        // one event loop: two clients, a few hundred messages a second (Netty's default is three per core)
        config.addAcceptorConfiguration("core", "tcp://" + host + ":" + port + "?protocols=CORE;remotingThreads=1"
                + (tls.isEmpty() ? "" : ";" + tls));
        config.setMetricsConfiguration(new MetricsConfiguration().setPlugin(new Registry(meters)));
        EmbeddedBroker broker = new EmbeddedBroker();
        broker.artemis.setConfiguration(config);
        broker.artemis.start();
        broker.measureAges(config, meters, clock);
        return broker;
    }

    /**
     * The configuration as Artemis can read it: a file as it is; a classpath resource inside a jar (the broker as
     * the sandbox runs it) copied to the data directory first, since Artemis reads only files and directories.
     */
    private static String readable(String configuration, Path dataDir) throws java.io.IOException {
        if (java.nio.file.Files.isRegularFile(Path.of(configuration))) {
            return Path.of(configuration).toAbsolutePath().toUri().toString();
        }
        try (java.io.InputStream in = EmbeddedBroker.class.getClassLoader().getResourceAsStream(configuration)) {
            if (in == null) {
                throw new IllegalArgumentException("No broker configuration " + configuration
                        + ": neither a file nor a classpath resource");
            }
            java.nio.file.Files.createDirectories(dataDir);
            Path copy = dataDir.resolve("broker.xml");
            java.nio.file.Files.copy(in, copy, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            return copy.toUri().toString();
        }
    }

    /** Whether it serves: started, its journal loaded. */
    boolean isActive() {
        return artemis.getActiveMQServer() != null && artemis.getActiveMQServer().isActive();
    }

    /** The queue, for tests and the metrics. */
    Queue queue(String name) {
        return artemis.getActiveMQServer().locateQueue(SimpleString.of(name));
    }

    Configuration configuration() {
        return artemis.getConfiguration();
    }

    @Override
    public void close() throws Exception {
        artemis.stop();
    }

    private void measureAges(Configuration config, MeterRegistry meters, Clock clock) {
        List<String> queues = config.getAddressConfigurations().stream()
                .flatMap(address -> address.getQueueConfigs().stream()).map(q -> q.getName().toString()).toList();
        for (String name : queues) {
            Gauge.builder(TelemetryNames.BROKER_OLDEST_MESSAGE_AGE, this, broker -> broker.oldestAge(name, clock))
                    .tag("queue", name).baseUnit("seconds")
                    .description("How long the oldest message of the queue has waited (0 when it is empty)")
                    .register(meters);
        }
    }

    private double oldestAge(String name, Clock clock) {
        Queue queue = isActive() ? queue(name) : null;
        MessageReference first = queue == null ? null : queue.peekFirstMessage();
        if (first == null) {
            return 0;
        }
        return Math.max(0, clock.millis() - first.getMessage().getTimestamp()) / 1000.0;
    }

    /** Hands Artemis this process's registry: its meters join the process's {@code /metrics}. */
    private static final class Registry implements ActiveMQMetricsPlugin {

        private static final long serialVersionUID = 1L;
        // the plugin is Serializable by Artemis's interface; the registry is this process's, never sent anywhere
        private final transient MeterRegistry meters;

        Registry(MeterRegistry meters) {
            this.meters = meters;
        }

        @Override
        public ActiveMQMetricsPlugin init(Map<String, String> options) {
            return this;
        }

        @Override
        public MeterRegistry getRegistry() {
            return meters;
        }
    }
}
