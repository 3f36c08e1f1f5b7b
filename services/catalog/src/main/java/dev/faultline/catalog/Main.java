package dev.faultline.catalog;

import dev.faultline.platform.ProcessContext;
import dev.faultline.platform.ServiceServer;

/** Starts the catalog service. */
public final class Main {

    /** The service's schema (and seed) resource. */
    public static final String SCHEMA = "catalog-schema.sql";

    private Main() {
    }

    public static void main(String[] args) throws Exception {
        ServiceServer.runAlone(new CatalogProcessDefinition());
    }

    /** The service's routes; other modules' tests start the real service with it. */
    public static ServiceServer.ApiRegistration api(ProcessContext context) {
        return (routing, database) -> {
            Inventory inventory = new Inventory(database, context.clock());
            routing.register(new ProductsService(inventory), new ReservationsService(inventory));
        };
    }
}
