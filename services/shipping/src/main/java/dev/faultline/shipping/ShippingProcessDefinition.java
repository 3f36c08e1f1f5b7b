package dev.faultline.shipping;

import dev.faultline.platform.ProcessContext;
import dev.faultline.platform.ServiceServer;
import dev.faultline.platform.spi.ProcessDefinition;

/** The shipping process, as its own JVM and a one-JVM sandbox run it. */
public final class ShippingProcessDefinition implements ProcessDefinition {

    @Override
    public String name() {
        return "shipping";
    }

    @Override
    public ServiceServer.Parts parts(ProcessContext context) {
        return Main.parts(context, ServiceServer.openDatabase(context, Main.SCHEMA));
    }
}
