package dev.faultline.payments;

import dev.faultline.observability.Logging;
import dev.faultline.platform.ServiceServer;
import dev.faultline.platform.data.Database;
import io.helidon.config.Config;
import io.helidon.webserver.http.HttpRouting;

/** Starts a payments instance. */
public final class Main {

    static final String SCHEMA = "payments-schema.sql";

    private Main() {
    }

    public static void main(String[] args) {
        Logging.configure();
        Config config = Config.create();
        DeclineRule rule = DeclineRule.from(config);
        ServiceServer.start("payments", config, SCHEMA, (routing, database) -> routing(routing, database, rule));
    }

    static void routing(HttpRouting.Builder routing, Database database, DeclineRule rule) {
        routing.register(new PaymentsService(new PaymentLedger(database), rule));
    }
}
