package dev.faultline.users;

import dev.faultline.observability.Telemetry;
import dev.faultline.platform.ServiceServer;
import io.helidon.config.Config;

/** Starts the users service. */
public final class Main {

    /** The service's schema resource. */
    public static final String SCHEMA = "users-schema.sql";

    private Main() {
    }

    public static void main(String[] args) {
        Telemetry.start("users");
        Config config = Config.create();
        ServiceServer.start("users", config, SCHEMA, api(config));
    }

    /** The service's routes; other modules' tests start the real service with it. */
    public static ServiceServer.ApiRegistration api(Config config) {
        return (routing, database) -> routing.register(new UsersService(new UserRepository(database)));
    }
}
