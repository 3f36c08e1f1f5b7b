package dev.faultline.catalog;

import dev.faultline.observability.Logging;
import dev.faultline.platform.ServiceServer;
import dev.faultline.platform.data.Database;
import io.helidon.config.Config;
import io.helidon.webserver.http.HttpRouting;

/** Starts the catalog service. */
public final class Main {

    static final String SCHEMA = "catalog-schema.sql";

    private Main() {
    }

    public static void main(String[] args) {
        Logging.configure();
        ServiceServer.start("catalog", Config.create(), SCHEMA, Main::routing);
    }

    static void routing(HttpRouting.Builder routing, Database database) {
        Inventory inventory = new Inventory(database);
        routing.register(new ProductsService(inventory), new ReservationsService(inventory));
    }
}
