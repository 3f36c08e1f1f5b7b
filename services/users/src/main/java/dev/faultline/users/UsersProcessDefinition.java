package dev.faultline.users;

import dev.faultline.platform.ProcessContext;
import dev.faultline.platform.ServiceServer;
import dev.faultline.platform.spi.ProcessDefinition;

/** The users process, as its own JVM and a one-JVM sandbox run it. */
public final class UsersProcessDefinition implements ProcessDefinition {

    @Override
    public String name() {
        return "users";
    }

    @Override
    public ServiceServer.Parts parts(ProcessContext context) {
        return Main.parts(context);
    }
}
