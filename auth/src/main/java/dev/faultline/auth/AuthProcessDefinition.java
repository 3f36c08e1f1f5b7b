package dev.faultline.auth;

import dev.faultline.platform.ProcessContext;
import dev.faultline.platform.ServiceServer;
import dev.faultline.platform.spi.ProcessDefinition;

/** The auth process, as its own JVM and a one-JVM sandbox run it. */
public final class AuthProcessDefinition implements ProcessDefinition {

    @Override
    public String name() {
        return "auth";
    }

    @Override
    public ServiceServer.Parts parts(ProcessContext context) {
        return Main.parts(context);
    }
}
