package dev.faultline.gateway;

import dev.faultline.platform.ProcessContext;
import dev.faultline.platform.ServiceServer;
import dev.faultline.platform.spi.ProcessDefinition;

/** The gateway process, as its own JVM and a one-JVM sandbox run it. */
public final class GatewayProcessDefinition implements ProcessDefinition {

    @Override
    public String name() {
        return "gateway";
    }

    @Override
    public ServiceServer.Parts parts(ProcessContext context) {
        return Main.parts(context);
    }
}
