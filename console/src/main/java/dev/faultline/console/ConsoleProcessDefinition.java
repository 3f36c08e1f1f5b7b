package dev.faultline.console;

import dev.faultline.platform.ProcessContext;
import dev.faultline.platform.ServiceServer;
import dev.faultline.platform.spi.ProcessDefinition;

/** The console process, as its own JVM and a one-JVM sandbox run it. */
public final class ConsoleProcessDefinition implements ProcessDefinition {

    @Override
    public String name() {
        return "console";
    }

    @Override
    public ServiceServer.Parts parts(ProcessContext context) {
        return Main.parts(context);
    }

    /** Its own spans and logs would arrive at its own receiver: they stay in the process. */
    @Override
    public boolean exportsTelemetry() {
        return false;
    }
}
