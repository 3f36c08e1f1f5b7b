package dev.faultline.orders;

import dev.faultline.platform.ProcessContext;
import dev.faultline.platform.ServiceServer;
import dev.faultline.platform.spi.ProcessDefinition;

/** The orders process, as its own JVM and a one-JVM sandbox run it. */
public final class OrdersProcessDefinition implements ProcessDefinition {

    @Override
    public String name() {
        return "orders";
    }

    @Override
    public ServiceServer.Parts parts(ProcessContext context) {
        return Main.parts(context, ServiceServer.openDatabase(context, Main.SCHEMA));
    }
}
