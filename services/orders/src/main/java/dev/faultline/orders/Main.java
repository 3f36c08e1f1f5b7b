package dev.faultline.orders;

import java.net.URI;
import java.time.Clock;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import dev.faultline.observability.Telemetry;
import dev.faultline.platform.ServiceServer;
import dev.faultline.platform.data.Database;
import dev.faultline.platform.discovery.Discovery;
import dev.faultline.platform.discovery.RegistryEndpoint;
import dev.faultline.platform.peer.PeerClient;
import dev.faultline.platform.peer.PeerSettings;
import io.helidon.config.Config;

/** Starts the orders service. */
public final class Main {

    /** The service's schema resource. */
    public static final String SCHEMA = "orders-schema.sql";

    private Main() {
    }

    public static void main(String[] args) {
        Telemetry.start("orders");
        Config config = Config.create();
        Database database = Database.open(Path.of(config.get("data.dir").asString().orElse(".faultline/data/orders")),
                "orders", SCHEMA);
        ServiceServer.start("orders", config, parts(config, database));
    }

    /**
     * The service: its routes, calling the peers named in {@code orders.*} through client-side discovery, the
     * discovery registry on the admin socket, and the compensator that settles failed sagas in the background
     * (started here, closed with the parts' resources).
     */
    public static ServiceServer.Parts parts(Config config, Database database) {
        Map<String, PeerSettings> peers = new LinkedHashMap<>();
        for (String peer : List.of("users", "catalog", "payments")) {
            peers.put(peer, PeerSettings.from(config, "orders." + peer));
        }
        Map<String, List<URI>> instances = new LinkedHashMap<>();
        peers.forEach((peer, settings) -> instances.put(peer, settings.urls()));
        Discovery discovery = Discovery.create(instances, config);
        OrderStore store = new OrderStore(database);
        CatalogClient catalog = new CatalogClient(PeerClient.create("catalog", peers.get("catalog"), discovery));
        PaymentsClient payments = new PaymentsClient(PeerClient.create("payments", peers.get("payments"), discovery));
        Compensator compensator = new Compensator(store, catalog, payments, Clock.systemUTC(), new Random());
        OrderSaga saga = new OrderSaga(store,
                new UsersClient(PeerClient.create("users", peers.get("users"), discovery)), catalog, payments,
                compensator);
        compensator.start();
        return new ServiceServer.Parts(
                routing -> routing.register(new OrdersService(store, saga)),
                admin -> RegistryEndpoint.register(admin, discovery),
                Map.of("database", database::isHealthy),
                () -> {
                    compensator.close();
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
    public static ServiceServer.ApiRegistration api(Config config) {
        return (routing, database) -> parts(config, database).api().accept(routing);
    }
}
