package dev.faultline.users;

import dev.faultline.platform.ProcessContext;
import dev.faultline.platform.ServiceServer;

/** Starts the users service. */
public final class Main {

    /** The service's schema resource. */
    public static final String SCHEMA = "users-schema.sql";

    private Main() {
    }

    public static void main(String[] args) throws Exception {
        ServiceServer.runAlone(new UsersProcessDefinition());
    }

    /** The service's routes; other modules' tests start the real service with it. */
    public static ServiceServer.ApiRegistration api(ProcessContext context) {
        return (routing, database) -> routing.register(new UsersService(new UserRepository(database, context.clock())));
    }
}
