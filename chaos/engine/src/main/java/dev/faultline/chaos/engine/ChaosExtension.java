package dev.faultline.chaos.engine;

import java.net.URI;
import java.time.Clock;
import java.util.List;

import dev.faultline.observability.TelemetryFaults;
import dev.faultline.platform.spi.ProcessExtension;
import io.helidon.config.Config;
import io.helidon.webclient.spi.WebClientService;
import io.helidon.webserver.http.HttpRouting;

/**
 * Wires the chaos engine into every process that has it on the classpath: the inbound filter on the API socket,
 * the admin API on the admin socket, the dependency faults on every peer client.
 */
public final class ChaosExtension implements ProcessExtension {

    private static volatile InstanceDirectory directory;

    private volatile FaultRegistry registry;
    private volatile ChaosSettings settings;
    private volatile FaultParser parser;

    /**
     * Lets this process's admin API send a fault to every instance of another service (the gateway, which knows
     * the instances, calls it).
     */
    public static void fanOutWith(InstanceDirectory instances) {
        directory = instances;
    }

    @Override
    public void init(String service, Config config) {
        FaultKinds kinds = FaultKinds.standard();
        settings = ChaosSettings.from(config, service);
        registry = new FaultRegistry(service, settings.instance(), Clock.systemUTC(), kinds);
        parser = new FaultParser(kinds, settings.maxDuration(), Clock.systemUTC());
        Runtime.getRuntime().addShutdownHook(new Thread(registry::close, "chaos-reset"));
    }

    @Override
    public void api(HttpRouting.Builder routing) {
        if (registry != null) {
            ChaosFilter filter = new ChaosFilter(registry, settings.faultHeader());
            FaultRegistry faults = registry;
            TelemetryFaults.install(filter::dropsTraceContext, faults::exportOutage);
            routing.addFilter(filter);
        }
    }

    @Override
    public void admin(HttpRouting.Builder routing) {
        if (registry != null) {
            routing.register(new ChaosAdmin(registry, parser, settings.adminToken(), () -> directory));
        }
    }

    @Override
    public WebClientService client(String peer) {
        return new ChaosClient(() -> registry, peer);
    }

    /** Where the instances of a service are: base URLs of their API sockets (their admin socket is 1000 above). */
    @FunctionalInterface
    public interface InstanceDirectory {
        /** The instances of the service, empty when it is not known. */
        List<URI> instances(String service);
    }
}
