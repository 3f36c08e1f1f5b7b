package dev.faultline.users;

import java.nio.file.Path;

import dev.faultline.platform.ProcessConfig;
import dev.faultline.platform.ProcessContext;
import dev.faultline.platform.ServiceServer;
import dev.faultline.platform.data.Database;
import dev.faultline.platform.http.AdminToken;
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

    /** The users process: its API, and its personal data's keys on the admin socket. */
    public static ServiceServer.Parts parts(ProcessContext context) {
        Database database = ServiceServer.openDatabase(context, SCHEMA);
        Store store = store(context, database);
        return ServiceServer.parts(database, (routing, opened) -> routing.register(new UsersService(store.users())),
                admin -> admin.register(new PersonalDataEndpoint(store.personal(), store.users(),
                        AdminToken.from(context.config()))));
    }

    /** The service's routes; other modules' tests start the real service with it. */
    public static ServiceServer.ApiRegistration api(ProcessContext context) {
        return (routing, database) -> routing.register(new UsersService(store(context, database).users()));
    }

    private record Store(PersonalData personal, UserRepository users) {
    }

    /**
     * The users and their personal data's keys: the keys beside the database, their key-encryption key in
     * {@code secrets.dir}; a database from before sealing is sealed first.
     */
    private static Store store(ProcessContext context, Database database) {
        PersonalData personal = PersonalData.open(database.file().getParent(), Path.of(ProcessConfig.required(
                context.config().get("secrets.dir"), String.class)));
        UserRepository users = new UserRepository(database, context.clock(), personal);
        int sealed = users.sealPlaintextRows();
        if (sealed > 0) {
            LOG.info("Sealed the personal data of {} users stored in plain text before", sealed);
        }
        return new Store(personal, users);
    }
}
