package dev.faultline.users;

import java.nio.file.Path;

import dev.faultline.platform.ProcessConfig;
import dev.faultline.platform.ProcessContext;
import dev.faultline.platform.ServiceServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Starts the users service. */
public final class Main {

    private static final Logger LOG = LoggerFactory.getLogger(Main.class);

    /** The service's schema resource. */
    public static final String SCHEMA = "users-schema.sql";

    private Main() {
    }

    public static void main(String[] args) throws Exception {
        ServiceServer.runAlone(new UsersProcessDefinition());
    }

    /**
     * The service's routes; other modules' tests start the real service with it. Personal data is sealed with keys
     * beside the database and a key-encryption key in {@code secrets.dir}; a database from before that is sealed
     * first.
     */
    public static ServiceServer.ApiRegistration api(ProcessContext context) {
        return (routing, database) -> {
            PersonalData personal = PersonalData.open(database.file().getParent(), Path.of(ProcessConfig.required(
                    context.config().get("secrets.dir"), String.class)));
            UserRepository users = new UserRepository(database, context.clock(), personal);
            int sealed = users.sealPlaintextRows();
            if (sealed > 0) {
                LOG.info("Sealed the personal data of {} users stored in plain text before", sealed);
            }
            routing.register(new UsersService(users));
        };
    }
}
