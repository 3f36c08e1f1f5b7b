package dev.faultline.users;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import dev.faultline.platform.ServiceServer;
import dev.faultline.platform.ProcessContext;
import dev.faultline.platform.TestServices;
import dev.faultline.platform.data.Database;
import io.helidon.http.HttpMediaTypes;
import io.helidon.webclient.http1.Http1Client;
import io.helidon.webclient.http1.Http1ClientResponse;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpServer;
import io.helidon.webserver.testing.junit5.Socket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

@ServerTest
class UsersServerTest {

    private static final Path DATA = TestServices.dataDir("users");
    private static Database database;

    private final Http1Client api;
    private final Http1Client admin;

    UsersServerTest(Http1Client api, @Socket(ServiceServer.ADMIN_SOCKET) Http1Client admin) {
        this.api = api;
        this.admin = admin;
    }

    @SetUpServer
    static void server(WebServerConfig.Builder server) {
        database = TestServices.database(DATA, "users", Main.SCHEMA);
        ProcessContext context = TestServices.context("users", TestServices.config(DATA));
        ServiceServer.configure(server, context, database, Main.api(context));
    }

    @AfterAll
    static void close() {
        database.close();
    }

    @Test
    void servesUsersOnItsSocketAndHealthOnTheAdminSocket() {
        try (Http1ClientResponse created = api.post("/users").contentType(HttpMediaTypes.JSON_UTF_8)
                .submit("{\"name\": \"Linus\", \"email\": \"linus@example.com\"}")) {
            assertThat(created.status().code()).isEqualTo(201);
        }
        try (Http1ClientResponse ready = admin.get("/health/ready").request()) {
            assertThat(ready.status().code()).isEqualTo(200);
        }
    }
}
