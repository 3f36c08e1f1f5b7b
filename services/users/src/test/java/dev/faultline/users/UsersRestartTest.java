package dev.faultline.users;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import dev.faultline.platform.ServiceServer;
import dev.faultline.platform.TestServices;
import dev.faultline.platform.data.Database;
import dev.faultline.platform.http.Json;
import io.helidon.http.HttpMediaTypes;
import io.helidon.webclient.http1.Http1Client;
import io.helidon.webclient.http1.Http1ClientResponse;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.WebServerConfig;
import org.junit.jupiter.api.Test;

class UsersRestartTest {

    private static final Path DATA = TestServices.dataDir("users-restart");

    @Test
    void aRestartKeepsCommittedUsers() {
        String id = withServer(client -> {
            try (Http1ClientResponse created = client.post("/users").contentType(HttpMediaTypes.JSON_UTF_8)
                    .submit("{\"name\": \"Barbara\", \"email\": \"barbara@example.com\"}")) {
                assertThat(created.status().code()).isEqualTo(201);
                return Json.parse(created.as(String.class)).path("id").asText();
            }
        });
        String email = withServer(client -> {
            try (Http1ClientResponse fetched = client.get("/users/" + id).request()) {
                assertThat(fetched.status().code()).isEqualTo(200);
                return Json.parse(fetched.as(String.class)).path("email").asText();
            }
        });
        assertThat(email).isEqualTo("barbara@example.com");
    }

    private static <T> T withServer(java.util.function.Function<Http1Client, T> work) {
        try (Database database = Database.open(DATA, "users", Main.SCHEMA)) {
            WebServerConfig.Builder builder = WebServer.builder().shutdownHook(false);
            ServiceServer.configure(builder, TestServices.config(DATA), database, Main::routing);
            WebServer server = builder.build().start();
            try {
                return work.apply(Http1Client.builder().baseUri("http://127.0.0.1:" + server.port()).build());
            } finally {
                server.stop();
            }
        }
    }
}
