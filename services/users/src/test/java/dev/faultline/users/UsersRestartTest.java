package dev.faultline.users;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import dev.faultline.platform.TestServices;
import dev.faultline.platform.http.Json;
import io.helidon.http.HttpMediaTypes;
import io.helidon.webclient.http1.Http1ClientResponse;
import org.junit.jupiter.api.Test;

class UsersRestartTest {

    @Test
    void aRestartKeepsCommittedUsers() {
        Path data = TestServices.dataDir("users-restart");
        String id = TestServices.withServer(data, "users", Main.SCHEMA, TestServices.config(data), Main::api, client -> {
            try (Http1ClientResponse created = client.post("/users").contentType(HttpMediaTypes.JSON_UTF_8)
                    .submit("{\"name\": \"Barbara\", \"email\": \"barbara@example.com\"}")) {
                assertThat(created.status().code()).isEqualTo(201);
                return Json.parse(created.as(String.class)).path("id").asText();
            }
        });
        String email = TestServices.withServer(data, "users", Main.SCHEMA, TestServices.config(data), Main::api, client -> {
            try (Http1ClientResponse fetched = client.get("/users/" + id).request()) {
                assertThat(fetched.status().code()).isEqualTo(200);
                return Json.parse(fetched.as(String.class)).path("email").asText();
            }
        });
        assertThat(email).isEqualTo("barbara@example.com");
    }
}
