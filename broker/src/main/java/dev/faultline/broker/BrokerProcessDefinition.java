package dev.faultline.broker;

import dev.faultline.platform.ProcessContext;
import dev.faultline.platform.ServiceServer;
import dev.faultline.platform.spi.ProcessDefinition;

/** The broker process, as its own JVM and a one-JVM sandbox run it. */
public final class BrokerProcessDefinition implements ProcessDefinition {

    @Override
    public String name() {
        return "broker";
    }

    @Override
    public ServiceServer.Parts parts(ProcessContext context) throws Exception {
        return Main.parts(context);
    }
}
