package dev.faultline.users;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import dev.faultline.chaos.model.AdminApi;
import dev.faultline.platform.ProcessContext;
import dev.faultline.platform.ServiceServer;
import dev.faultline.platform.TestServices;
import dev.faultline.platform.http.Json;
import io.helidon.http.HttpMediaTypes;
import io.helidon.webclient.http1.Http1Client;
import io.helidon.webclient.http1.Http1ClientResponse;
import org.junit.jupiter.api.Test;

/**
 * Rotating the personal-data key on the users process's admin socket: a new key seals from then on, every row moves
 * to it (the old key then seals none), everything still reads the same, after a restart too, and only the admin token
 * may ask.
 */
class PersonalDataRotationTest {

    private static final String TOKEN = "rotation-test-token";
    private static final int USERS = 30;

    @Test
    void aRotationMovesEveryRowToTheNewKeyAndEverythingStillReads() throws Exception {
        Path data = TestServices.dataDir("users-rotation");
        List<String> ids = new ArrayList<>();
        String firstKey;
        try (TestServices.Running users = start(data)) {
            Http1Client api = users.client();
            Http1Client admin = admin(users);
            for (int i = 0; i < USERS; i++) {
                ids.add(signUp(api, "rotated." + i + "@example.net"));
            }
            JsonNode before = get(admin, AdminApi.PERSONAL_DATA);
            assertThat(before.path("keys")).hasSize(1);
            firstKey = before.path("primaryKeyId").asText();
            assertThat(before.path("keys").get(0).path("rows").asInt()).isEqualTo(USERS);

            try (Http1ClientResponse refused = admin.post(AdminApi.PERSONAL_DATA_ROTATE).request()) {
                assertThat(refused.status().code()).as("no admin token").isEqualTo(401);
            }
            assertThat(get(admin, AdminApi.PERSONAL_DATA).path("keys")).as("a refused rotation changes nothing").hasSize(1);

            JsonNode rotated;
            try (Http1ClientResponse answer = admin.post(AdminApi.PERSONAL_DATA_ROTATE)
                    .header(io.helidon.http.HeaderNames.AUTHORIZATION, "Bearer " + TOKEN).request()) {
                String body = answer.as(String.class);
                assertThat(answer.status().code()).as(body).isEqualTo(200);
                rotated = Json.parse(body);
            }
            assertThat(rotated.path("resealed").asInt()).isEqualTo(USERS);
            String secondKey = rotated.path("primaryKeyId").asText();
            assertThat(secondKey).isNotEqualTo(firstKey);
            assertThat(rows(rotated, firstKey)).as("the old key seals no row now").isZero();
            assertThat(rows(rotated, secondKey)).isEqualTo(USERS);

            ids.add(signUp(api, "after.rotation@example.net"));
            assertThat(rows(get(admin, AdminApi.PERSONAL_DATA), secondKey)).isEqualTo(USERS + 1);
            assertThat(email(api, ids.get(7))).isEqualTo("rotated.7@example.net");
        }
        try (TestServices.Running users = start(data)) {
            assertThat(email(users.client(), ids.get(12))).as("after a restart").isEqualTo("rotated.12@example.net");
            assertThat(email(users.client(), ids.getLast())).isEqualTo("after.rotation@example.net");
        }
        try (Stream<Path> files = Files.walk(data)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                assertThat(new String(Files.readAllBytes(file), StandardCharsets.UTF_8)).as(file.toString())
                        .doesNotContain("example.net");
            }
        }
    }

    private static TestServices.Running start(Path data) {
        ProcessContext context = TestServices.context("users", TestServices.config(data, "faultline.admin.token", TOKEN));
        return TestServices.start(context, Main.parts(context));
    }

    private static Http1Client admin(TestServices.Running users) {
        return Http1Client.builder().baseUri("http://127.0.0.1:" + ServiceServer.adminPort(users.server())).build();
    }

    private static int rows(JsonNode state, String keyId) {
        for (JsonNode key : state.path("keys")) {
            if (key.path("id").asText().equals(keyId)) {
                return key.path("rows").asInt();
            }
        }
        throw new AssertionError("no key " + keyId + " in " + state);
    }

    private static JsonNode get(Http1Client client, String path) {
        try (Http1ClientResponse answer = client.get(path).request()) {
            return Json.parse(answer.as(String.class));
        }
    }

    private static String signUp(Http1Client api, String email) {
        try (Http1ClientResponse created = api.post("/users").contentType(HttpMediaTypes.JSON_UTF_8)
                .submit("{\"name\": \"Rotated\", \"email\": \"" + email + "\"}")) {
            assertThat(created.status().code()).isEqualTo(201);
            return Json.parse(created.as(String.class)).path("id").asText();
        }
    }

    private static String email(Http1Client api, String id) {
        return get(api, "/users/" + id).path("email").asText();
    }
}
