package dev.faultline.payments;

import dev.faultline.platform.ProcessContext;
import dev.faultline.platform.ServiceServer;

/** Starts a payments instance. */
public final class Main {

    /** The service's schema resource. */
    public static final String SCHEMA = "payments-schema.sql";

    private Main() {
    }

    public static void main(String[] args) throws Exception {
        ServiceServer.runAlone(new PaymentsProcessDefinition());
    }

    /** The service's routes; other modules' tests start the real service with it. */
    public static ServiceServer.ApiRegistration api(ProcessContext context) {
        DeclineRule rule = DeclineRule.from(context.config());
        return (routing, database) -> routing.register(new PaymentsService(new PaymentLedger(database, context.clock()), rule, context.meters()));
    }
}
