package dev.faultline.payments;

import dev.faultline.observability.Telemetry;
import dev.faultline.platform.ServiceServer;
import io.helidon.config.Config;

/** Starts a payments instance. */
public final class Main {

    /** The service's schema resource. */
    public static final String SCHEMA = "payments-schema.sql";

    private Main() {
    }

    public static void main(String[] args) {
        Telemetry.start("payments");
        Config config = Config.create();
        ServiceServer.start("payments", config, SCHEMA, api(config));
    }

    /** The service's routes; other modules' tests start the real service with it. */
    public static ServiceServer.ApiRegistration api(Config config) {
        DeclineRule rule = DeclineRule.from(config);
        return (routing, database) -> routing.register(new PaymentsService(new PaymentLedger(database), rule));
    }
}
