package dev.faultline.orders;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.faultline.observability.Logging;
import dev.faultline.platform.ServiceServer;
import dev.faultline.platform.discovery.Discovery;
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
        Logging.configure();
        Config config = Config.create();
        ServiceServer.start("orders", config, SCHEMA, api(config));
    }

    /** The service's routes, calling the peers named in {@code orders.*} through client-side discovery. */
    public static ServiceServer.ApiRegistration api(Config config) {
        Map<String, PeerSettings> peers = new LinkedHashMap<>();
        for (String peer : List.of("users", "catalog", "payments")) {
            peers.put(peer, PeerSettings.from(config, "orders." + peer));
        }
        Map<String, List<URI>> instances = new LinkedHashMap<>();
        peers.forEach((peer, settings) -> instances.put(peer, settings.urls()));
        Discovery discovery = Discovery.create(instances, config);
        UsersClient users = new UsersClient(PeerClient.create("users", peers.get("users"), discovery));
        CatalogClient catalog = new CatalogClient(PeerClient.create("catalog", peers.get("catalog"), discovery));
        PaymentsClient payments = new PaymentsClient(PeerClient.create("payments", peers.get("payments"), discovery));
        return (routing, database) -> {
            OrderStore store = new OrderStore(database);
            routing.register(new OrdersService(store, new OrderSaga(store, users, catalog, payments)));
        };
    }
}
