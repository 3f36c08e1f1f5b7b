package dev.faultline.chaos.engine;

import dev.faultline.observability.TelemetryFaults;
import dev.faultline.platform.ProcessContext;
import dev.faultline.platform.spi.InstanceDirectory;
import dev.faultline.platform.spi.MessagingFaults;
import dev.faultline.platform.spi.ProcessExtension;
import io.helidon.webclient.spi.WebClientService;
import io.helidon.webserver.http.HttpRouting;

/**
 * Wires the chaos engine into every process that has it on the classpath: the inbound filter on the API socket,
 * the admin API on the admin socket, the dependency faults on every peer client, the telemetry faults in the
 * process's telemetry. One engine per process context.
 */
public final class ChaosExtension implements ProcessExtension {

    private FaultRegistry registry;
    private ChaosSettings settings;
    private FaultParser parser;
    private TelemetryFaults telemetryFaults;

    @Override
    public void init(ProcessContext context) {
        FaultKinds kinds = FaultKinds.standard(context::halt, context.clock(), context.tls());
        settings = ChaosSettings.from(context.config(), context.name());
        // leases run on the machine's time: a clock fault must not end itself, nor any other fault, early or late
        registry = new FaultRegistry(context.name(), settings.instance(), context.referenceClock(), kinds, context.meters());
        parser = new FaultParser(kinds, settings.maxDuration(), context.referenceClock());
        telemetryFaults = context.telemetry().faults();
        context.onClose(registry::close);
    }

    @Override
    public void api(HttpRouting.Builder routing) {
        ChaosFilter filter = new ChaosFilter(registry, settings.faultHeader());
        telemetryFaults.install(filter::dropsTraceContext, registry::exportOutage);
        routing.addFilter(filter);
    }

    @Override
    public void admin(HttpRouting.Builder routing, InstanceDirectory directory) {
        routing.register(new ChaosAdmin(registry, parser, settings.adminToken(), directory));
    }

    @Override
    public WebClientService client(String peer) {
        return new ChaosClient(registry, peer);
    }

    @Override
    public MessagingFaults messaging() {
        return new ChaosMessaging(registry);
    }
}
