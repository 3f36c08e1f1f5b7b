package dev.faultline.payments;

import dev.faultline.platform.ProcessContext;
import dev.faultline.platform.ServiceServer;
import dev.faultline.platform.spi.ProcessDefinition;

/** The payments process, as its own JVM and a one-JVM sandbox run it. */
public final class PaymentsProcessDefinition implements ProcessDefinition {

    @Override
    public String name() {
        return "payments";
    }

    @Override
    public ServiceServer.Parts parts(ProcessContext context) {
        return ServiceServer.withDatabase(context, Main.SCHEMA, Main.api(context));
    }
}
