package dev.faultline.catalog;

import dev.faultline.observability.Telemetry;
import dev.faultline.platform.ServiceServer;
import io.helidon.config.Config;

/** Starts the catalog service. */
public final class Main {

    /** The service's schema (and seed) resource. */
    public static final String SCHEMA = "catalog-schema.sql";

    private Main() {
    }

    public static void main(String[] args) {
        Telemetry.start("catalog");
        Config config = Config.create();
        ServiceServer.start("catalog", config, SCHEMA, api(config));
    }

    /** The service's routes; other modules' tests start the real service with it. */
    public static ServiceServer.ApiRegistration api(Config config) {
        return (routing, database) -> {
            Inventory inventory = new Inventory(database);
            routing.register(new ProductsService(inventory), new ReservationsService(inventory));
        };
    }
}
