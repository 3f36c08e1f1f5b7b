package dev.faultline.gateway;

import java.util.List;
import java.util.Map;

import dev.faultline.gateway.identity.AccessTokenVerifier;
import dev.faultline.platform.ProcessContext;
import dev.faultline.platform.ServiceServer;
import dev.faultline.platform.discovery.Discovery;
import dev.faultline.platform.discovery.Instance;
import dev.faultline.platform.discovery.RegistryEndpoint;

/** Starts the API gateway. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) throws Exception {
        ServiceServer.runAlone(new GatewayProcessDefinition());
    }

    /**
     * The gateway: admission and the proxy on the API socket, the registry and the access policy on the admin
     * socket; it offers the instances it discovers to its extensions (the chaos admin API sends a fault to every
     * instance of a service).
     */
    public static ServiceServer.Parts parts(ProcessContext context) {
        GatewaySettings settings = GatewaySettings.from(context.config());
        Discovery discovery = Discovery.create(settings.upstreams(), context);
        ProxyService proxy = new ProxyService(settings, discovery, context);
        // one admission for the plain and the HTTPS socket: one rate-limit bucket per consumer, one token cache
        Admission admission = new Admission(settings,
                new AccessTokenVerifier(settings.tokens(), context.clock(), context.meters()), context.clock(),
                context.meters());
        return new ServiceServer.Parts(
                routing -> routing.addFilter(admission).register(proxy),
                admin -> {
                    RegistryEndpoint.register(admin, discovery);
                    admin.register(new AccessPolicyEndpoint(settings));
                },
                Map.of("routes", () -> !settings.routes().isEmpty()),
                discovery,
                true,
                service -> discovery.services().getOrDefault(service, List.of()).stream().map(Instance::uri).toList());
    }
}
