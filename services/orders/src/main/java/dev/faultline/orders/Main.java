package dev.faultline.orders;

import dev.faultline.observability.Logging;
import dev.faultline.platform.ServiceServer;
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

    /** The service's routes, calling the peers named in {@code orders.*}. */
    public static ServiceServer.ApiRegistration api(Config config) {
        UsersClient users = new UsersClient(PeerClient.create("users", PeerSettings.from(config, "orders.users")));
        CatalogClient catalog = new CatalogClient(PeerClient.create("catalog", PeerSettings.from(config, "orders.catalog")));
        PaymentsClient payments = new PaymentsClient(PeerClient.create("payments", PeerSettings.from(config, "orders.payments")));
        return (routing, database) -> {
            OrderStore store = new OrderStore(database);
            routing.register(new OrdersService(store, new OrderSaga(store, users, catalog, payments)));
        };
    }
}
