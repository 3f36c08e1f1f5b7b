package dev.faultline.users;

import dev.faultline.observability.Logging;
import dev.faultline.platform.ServiceServer;
import dev.faultline.platform.data.Database;
import io.helidon.config.Config;
import io.helidon.webserver.http.HttpRouting;

/** Starts the users service. */
public final class Main {

    static final String SCHEMA = "users-schema.sql";

    private Main() {
    }

    public static void main(String[] args) {
        Logging.configure();
        ServiceServer.start("users", Config.create(), SCHEMA, Main::routing);
    }

    static void routing(HttpRouting.Builder routing, Database database) {
        routing.register(new UsersService(new UserRepository(database)));
    }
}
