package dev.faultline.gateway;

import java.time.Clock;
import java.util.List;
import java.util.Map;

import dev.faultline.observability.Telemetry;
import dev.faultline.platform.ServiceServer;
import dev.faultline.chaos.engine.ChaosExtension;
import dev.faultline.platform.discovery.Discovery;
import dev.faultline.platform.discovery.Instance;
import dev.faultline.platform.discovery.RegistryEndpoint;
import io.helidon.config.Config;

/** Starts the API gateway. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        Telemetry.start("gateway");
        Config config = Config.create();
        ServiceServer.start("gateway", config, parts(config));
    }

    /** The gateway: admission and the proxy on the API socket, the registry on the admin socket. */
    public static ServiceServer.Parts parts(Config config) {
        GatewaySettings settings = GatewaySettings.from(config);
        Discovery discovery = Discovery.create(settings.upstreams(), config);
        ChaosExtension.fanOutWith(service -> discovery.services().getOrDefault(service, List.of()).stream()
                .map(Instance::uri).toList());
        Clock clock = Clock.systemUTC();
        ProxyService proxy = new ProxyService(settings, discovery, clock);
        return new ServiceServer.Parts(
                routing -> routing.addFilter(new Admission(settings, clock)).register(proxy),
                admin -> RegistryEndpoint.register(admin, discovery),
                Map.of("routes", () -> !settings.routes().isEmpty()),
                discovery,
                true);
    }
}
