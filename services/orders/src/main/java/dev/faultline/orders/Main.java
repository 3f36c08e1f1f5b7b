package dev.faultline.orders;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import dev.faultline.platform.ProcessContext;
import dev.faultline.platform.ServiceServer;
import dev.faultline.platform.data.Database;
import dev.faultline.platform.discovery.Discovery;
import dev.faultline.platform.discovery.RegistryEndpoint;
import dev.faultline.platform.messaging.BrokerClient;
import dev.faultline.platform.peer.PeerClient;
import dev.faultline.platform.peer.PeerSettings;
import dev.faultline.platform.resilience.ResilienceSettings;

/** Starts the orders service. */
public final class Main {

    /** The service's schema resource. */
    public static final String SCHEMA = "orders-schema.sql";

    private Main() {
    }

    public static void main(String[] args) throws Exception {
        ServiceServer.runAlone(new OrdersProcessDefinition());
    }

    /**
     * The service: its routes, calling the peers named in {@code orders.*} through client-side discovery, the
     * discovery registry on the admin socket, the compensator that settles failed sagas in the background and the
     * relay that publishes the outbox's events to the broker (both started here, closed with the parts' resources).
     */
    public static ServiceServer.Parts parts(ProcessContext context, Database database) {
        Map<String, PeerSettings> peers = new LinkedHashMap<>();
        ResilienceSettings everyPeer = ResilienceSettings.from(context.config().get("orders.resilience"));
        for (String peer : List.of("users", "catalog", "payments")) {
            peers.put(peer, PeerSettings.from(context.config(), "orders." + peer, everyPeer));
        }
        Map<String, List<URI>> instances = new LinkedHashMap<>();
        peers.forEach((peer, settings) -> instances.put(peer, settings.urls()));
        Discovery discovery = Discovery.create(instances, context);
        BrokerClient broker = BrokerClient.create(context);
        Outbox outbox = new Outbox(database, broker.telemetry(), context.clock());
        OrderStore store = new OrderStore(database, outbox, context.clock());
        OutboxRelay relay = new OutboxRelay(outbox, broker, context);
        OrderMetrics metrics = new OrderMetrics(context.meters());
        CatalogClient catalog = new CatalogClient(PeerClient.create("catalog", peers.get("catalog"), discovery, context));
        PaymentsClient payments = new PaymentsClient(PeerClient.create("payments", peers.get("payments"), discovery,
                context));
        Compensator compensator = new Compensator(store, catalog, payments, metrics, context, new Random());
        OrderSaga saga = new OrderSaga(store,
                new UsersClient(PeerClient.create("users", peers.get("users"), discovery, context)), catalog, payments,
                compensator, metrics);
        compensator.start();
        relay.start();
        return new ServiceServer.Parts(
                routing -> routing.register(new OrdersService(store, saga)),
                admin -> RegistryEndpoint.register(admin, discovery),
                Map.of("database", database::isHealthy),
                () -> {
                    compensator.close();
                    relay.close();
                    discovery.close();
                    database.close();
                },
                false);
    }

    /**
     * The service's routes, for tests that bring their own database. It builds the whole of {@link #parts}: the
     * discovery health checks and the compensator run until the JVM ends, since a route registration has nothing
     * to close them with.
     */
    public static ServiceServer.ApiRegistration api(ProcessContext context) {
        return (routing, database) -> parts(context, database).api().accept(routing);
    }
}
