package dev.faultline.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.JsonNode;
import dev.faultline.platform.data.Database;
import dev.faultline.platform.http.ApiRoutes;
import dev.faultline.platform.http.Json;
import dev.faultline.platform.http.JsonFields;
import io.helidon.http.HeaderNames;
import io.helidon.http.HttpMediaTypes;
import io.helidon.webclient.http1.Http1Client;
import io.helidon.webclient.http1.Http1ClientResponse;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpServer;
import io.helidon.webserver.testing.junit5.Socket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

@ServerTest
class ServiceServerTest {

    private static final Path DATA = TestServices.dataDir("platform");
    private static Database database;

    private final Http1Client api;
    private final Http1Client admin;
    private final int port;

    ServiceServerTest(WebServer server, Http1Client api, @Socket(ServiceServer.ADMIN_SOCKET) Http1Client admin) {
        this.api = api;
        this.admin = admin;
        this.port = server.port();
    }

    @SetUpServer
    static void server(WebServerConfig.Builder server) {
        database = TestServices.database(DATA, "platform", "platform-test-schema.sql");
        ServiceServer.configure(server, TestServices.context("platform", TestServices.config(DATA)), database, (routing, db) -> routing.register(rules ->
                ApiRoutes.create()
                        .post("/notes", (req, res) -> {
                            JsonFields body = Json.readObject(req);
                            String text = body.string("text", 1, 10);
                            body.validate();
                            Json.send(res, java.util.Map.of("text", text));
                        })
                        .get("/boom", (req, res) -> {
                            throw new IllegalStateException("secret internals");
                        })
                        .registerOn(rules)));
    }

    @AfterAll
    static void closeDatabase() {
        database.close();
    }

    @Test
    void malformedJsonIsAProblemNamingLineAndColumn() {
        JsonNode problem = problem(post("{\n  \"text\": oops }"), 400);
        assertThat(problem.path("detail").asText()).contains("line 2, column");
        assertThat(problem.path("type").asText()).endsWith("/malformed-json");
    }

    @Test
    void invalidFieldsAreListedOneByOne() {
        JsonNode problem = problem(post("{\"text\": \"far too long for ten\"}"), 400);
        assertThat(problem.path("errors").get(0).path("field").asText()).isEqualTo("text");
        assertThat(problem.path("errors").get(0).path("message").asText()).contains("1 to 10");
    }

    @Test
    void aBodyThatIsNotAnObjectIsRefused() {
        assertThat(problem(post("[1, 2]"), 400).path("detail").asText()).contains("JSON object");
    }

    @Test
    void wrongMethodIs405WithAllow() {
        try (Http1ClientResponse response = api.delete("/notes").request()) {
            assertThat(response.status().code()).isEqualTo(405);
            assertThat(response.headers().get(HeaderNames.ALLOW).get()).isEqualTo("POST");
            assertThat(response.headers().contentType().orElseThrow().text()).startsWith("application/problem+json");
        }
    }

    @Test
    void unknownPathIs404Problem() {
        try (Http1ClientResponse response = api.get("/nowhere").request()) {
            assertThat(problem(response, 404).path("detail").asText()).contains("/nowhere");
        }
    }

    @Test
    void bodyOverOneMebibyteIs413Problem() throws IOException {
        // Announce a body one byte over the limit; the server answers before reading it, so send none (a client
        // still writing would race the server closing the connection).
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
            socket.setSoTimeout(5_000);
            socket.getOutputStream().write(("POST /notes HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 1048577\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            String response = new String(socket.getInputStream().readNBytes(4096), StandardCharsets.UTF_8);
            assertThat(response).startsWith("HTTP/1.1 413").contains("application/problem+json").contains("\"status\":413");
        }
    }

    @Test
    void unexpectedFailureIs500ProblemWithoutInternals() {
        try (Http1ClientResponse response = api.get("/boom").request()) {
            JsonNode problem = problem(response, 500);
            assertThat(problem.toString()).doesNotContain("secret internals").doesNotContain("IllegalStateException");
        }
    }

    @Test
    void healthIsOnTheAdminSocketOnly() {
        try (Http1ClientResponse ready = admin.get("/health/ready").request()) {
            assertThat(ready.status().code()).isEqualTo(200);
            assertThat(ready.as(String.class)).contains("database");
        }
        try (Http1ClientResponse live = admin.get("/health/live").request()) {
            assertThat(live.status().code()).isEqualTo(200);
        }
        try (Http1ClientResponse onApi = api.get("/health/ready").request()) {
            assertThat(onApi.status().code()).isEqualTo(404);
        }
    }

    private Http1ClientResponse post(String body) {
        return api.post("/notes").contentType(HttpMediaTypes.JSON_UTF_8).submit(body);
    }

    private static JsonNode problem(Http1ClientResponse response, int status) {
        try (response) {
            assertThat(response.status().code()).isEqualTo(status);
            assertThat(response.headers().contentType().orElseThrow().text()).startsWith("application/problem+json");
            JsonNode problem = Json.parse(response.as(String.class));
            assertThat(problem.path("status").asInt()).isEqualTo(status);
            assertThat(problem.path("title").asText()).isNotBlank();
            return problem;
        }
    }
}
