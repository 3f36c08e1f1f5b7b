package dev.faultline.shipping;

import java.util.Map;

import dev.faultline.platform.ProcessContext;
import dev.faultline.platform.ServiceServer;
import dev.faultline.platform.data.Database;
import dev.faultline.platform.http.AdminToken;
import dev.faultline.platform.messaging.BrokerClient;

/** Starts the shipping service: its API, its consumer of order events, the dead letters on its admin socket. */
public final class Main {

    /** The service's schema resource. */
    public static final String SCHEMA = "shipping-schema.sql";

    private Main() {
    }

    public static void main(String[] args) throws Exception {
        ServiceServer.runAlone(new ShippingProcessDefinition());
    }

    /**
     * The service: {@code /shipments}, the consumer of {@code shipping.orders} (started here, closed with the parts'
     * resources) and {@code /admin/dead-letters}. Readiness is its database's: a broker outage leaves the API
     * serving the shipments it has while new ones wait in the broker.
     */
    public static ServiceServer.Parts parts(ProcessContext context, Database database) {
        BrokerClient broker = BrokerClient.create(context);
        ShipmentStore store = new ShipmentStore(database);
        OrderEventsConsumer consumer = new OrderEventsConsumer(store, broker, context);
        consumer.start();
        return new ServiceServer.Parts(
                routing -> routing.register(new ShipmentsService(store)),
                admin -> admin.register(new DeadLetters(broker, AdminToken.from(context.config()), context.meters())),
                Map.of("database", database::isHealthy),
                () -> {
                    consumer.close();
                    broker.close();
                    database.close();
                },
                false);
    }
}
