package dev.faultline.users;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import com.fasterxml.jackson.databind.JsonNode;
import dev.faultline.platform.ServiceServer;
import dev.faultline.platform.TestServices;
import dev.faultline.platform.data.Database;
import dev.faultline.platform.http.Json;
import io.helidon.http.HeaderNames;
import io.helidon.http.HttpMediaTypes;
import io.helidon.webclient.api.HttpClientResponse;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.testing.junit5.DirectClient;
import io.helidon.webserver.testing.junit5.RoutingTest;
import io.helidon.webserver.testing.junit5.SetUpRoute;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

@RoutingTest
class UsersServiceTest {

    private static final Path DATA = TestServices.dataDir("users");
    private static Database database;

    private final DirectClient client;

    UsersServiceTest(DirectClient client) {
        this.client = client;
    }

    @SetUpRoute
    static void routing(HttpRouting.Builder routing) {
        database = TestServices.database(DATA, "users", Main.SCHEMA);
        ServiceServer.routing(routing, api -> Main.api(TestServices.context("users", TestServices.config(DATA))).register(api, database));
    }

    @AfterAll
    static void close() {
        database.close();
    }

    @Test
    void signUpReturns201WithLocationAndTheUser() {
        try (HttpClientResponse response = post("{\"name\": \"Ada Lovelace\", \"email\": \"ada@example.com\"}")) {
            assertThat(response.status().code()).isEqualTo(201);
            JsonNode user = Json.parse(response.as(String.class));
            assertThat(user.path("name").asText()).isEqualTo("Ada Lovelace");
            assertThat(user.path("email").asText()).isEqualTo("ada@example.com");
            assertThat(response.headers().get(HeaderNames.LOCATION).get()).isEqualTo("/users/" + user.path("id").asText());

            try (HttpClientResponse fetched = client.get("/users/" + user.path("id").asText()).request()) {
                assertThat(Json.parse(fetched.as(String.class))).isEqualTo(user);
            }
        }
    }

    @Test
    void duplicateEmailIs409WhateverItsCase() {
        post("{\"name\": \"Grace\", \"email\": \"grace@example.com\"}").close();
        try (HttpClientResponse response = post("{\"name\": \"Other Grace\", \"email\": \"GRACE@example.com\"}")) {
            assertThat(response.status().code()).isEqualTo(409);
            // personal data stays out of error bodies (and so out of logs and traces)
            JsonNode problem = Json.parse(response.as(String.class));
            assertThat(problem.path("type").asText()).endsWith("email-taken");
            assertThat(problem.toString()).doesNotContainIgnoringCase("grace@example.com");
        }
    }

    @Test
    void everyInvalidFieldIsNamedAndNothingIsStored() {
        long before = total();
        try (HttpClientResponse response = post("{\"name\": \"\", \"email\": \"not-an-email\"}")) {
            assertThat(response.status().code()).isEqualTo(400);
            JsonNode problem = Json.parse(response.as(String.class));
            assertThat(problem.path("errors").findValuesAsText("field")).containsExactlyInAnyOrder("name", "email");
        }
        try (HttpClientResponse response = post("{\"name\": \"" + "n".repeat(101) + "\", \"email\": 7}")) {
            assertThat(response.status().code()).isEqualTo(400);
        }
        try (HttpClientResponse response = post("{\"name\": \"Ada\", ")) {
            assertThat(response.status().code()).isEqualTo(400);
            assertThat(Json.parse(response.as(String.class)).path("detail").asText()).contains("line 1");
        }
        assertThat(total()).isEqualTo(before);
    }

    @Test
    void unknownUserIs404Problem() {
        try (HttpClientResponse response = client.get("/users/nobody").request()) {
            assertThat(response.status().code()).isEqualTo(404);
            assertThat(response.headers().contentType().orElseThrow().text()).startsWith("application/problem+json");
        }
    }

    @Test
    void listPagesThroughUsers() {
        for (int i = 0; i < 3; i++) {
            post("{\"name\": \"Pager " + i + "\", \"email\": \"pager" + i + "@example.com\"}").close();
        }
        try (HttpClientResponse response = client.get("/users").queryParam("page", "2").queryParam("size", "2").request()) {
            JsonNode page = Json.parse(response.as(String.class));
            assertThat(page.path("page").asInt()).isEqualTo(2);
            assertThat(page.path("size").asInt()).isEqualTo(2);
            assertThat(page.path("total").asLong()).isGreaterThanOrEqualTo(3);
            assertThat(page.path("items").size()).isBetween(1, 2);
        }
    }

    @Test
    void badPagingParametersAre400NamingThem() {
        try (HttpClientResponse response = client.get("/users").queryParam("size", "1000").queryParam("page", "x").request()) {
            assertThat(response.status().code()).isEqualTo(400);
            assertThat(Json.parse(response.as(String.class)).path("errors").findValuesAsText("field"))
                    .containsExactlyInAnyOrder("page", "size");
        }
    }

    @Test
    void wrongMethodIs405() {
        try (HttpClientResponse response = client.delete("/users/anyone").request()) {
            assertThat(response.status().code()).isEqualTo(405);
            assertThat(response.headers().get(HeaderNames.ALLOW).get()).isEqualTo("GET");
        }
    }

    private HttpClientResponse post(String json) {
        return client.post("/users").contentType(HttpMediaTypes.JSON_UTF_8).submit(json);
    }

    private long total() {
        try (HttpClientResponse response = client.get("/users").request()) {
            return Json.parse(response.as(String.class)).path("total").asLong();
        }
    }
}
