package dev.faultline.broker;

import java.nio.file.Path;
import java.util.Map;

import dev.faultline.platform.ProcessContext;
import dev.faultline.platform.ServiceServer;
import dev.faultline.platform.tls.KeyStoreFiles;
import io.helidon.config.Config;

/** Starts the broker: Artemis on its acceptor, the admin socket (health, metrics, chaos) like every process. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) throws Exception {
        ServiceServer.runAlone(new BrokerProcessDefinition());
    }

    /** The broker's parts: Artemis started, no HTTP API, ready once Artemis is active; tests start it the same way. */
    public static ServiceServer.Parts parts(ProcessContext context) throws Exception {
        Config config = context.config();
        // under mtls the acceptor requires the clients' certificates (KeyStoreFiles.acceptorParameters)
        context.tls().keyStores().ifPresent(stores -> context.tls().mutualAcceptor());
        EmbeddedBroker broker = EmbeddedBroker.start(config.get("broker.configuration").asString().orElse("broker.xml"),
                config.get("server.host").asString().orElse("127.0.0.1"), config.get("broker.port").asInt().orElse(8086),
                Path.of(config.get("data.dir").asString().orElse(".faultline/data/broker")), context.meters(),
                context.clock(), context.tls().keyStores().map(KeyStoreFiles::acceptorParameters).orElse(""));
        return new ServiceServer.Parts(null, admin -> { }, Map.of("artemis", broker::isActive), broker, false);
    }
}
