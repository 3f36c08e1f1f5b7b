package dev.faultline.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import com.fasterxml.jackson.databind.JsonNode;
import dev.faultline.platform.TestServices;
import dev.faultline.platform.http.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The console's JSON API and its guard, on the real set-up (its Main's parts) on free ports, watching a sandbox of
 * one process that does not answer.
 */
class ConsoleApiTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static TestServices.Running console;
    private static String token;

    @BeforeAll
    static void start() throws Exception {
        var context = TestServices.context("console", TestServices.config(TestServices.dataDir("console"),
                "console.otlp.port", "-1", "faultline.processes", "users=users:1:2", "faultline.home", "..",
                "faultline.admin.token", "t0ken"));
        console = TestServices.start(context, Main.parts(context));
        token = get("/api/session").path("token").asText();
    }

    @AfterAll
    static void stop() {
        console.close();
    }

    @Test
    void everyPageIsServedAtItsOwnAddressAndForbidsFraming() throws Exception {
        for (String path : new String[] {"/", "/charts", "/faults", "/scenarios", "/scenarios/runs/x-1", "/traces",
            "/traces/0af7651916cd43dd8448eb211c80319c", "/logs"}) {
            HttpResponse<String> page = send(HttpRequest.newBuilder(uri(path)).GET());
            assertThat(page.statusCode()).as(path).isEqualTo(200);
            assertThat(page.body()).contains("<script type=\"module\" src=\"/static/app.js\">");
            assertThat(page.headers().firstValue("X-Frame-Options")).contains("DENY");
            assertThat(page.headers().firstValue("Content-Security-Policy").orElse("")).contains("default-src 'self'");
        }
        assertThat(send(HttpRequest.newBuilder(uri("/vendor/uplot/uPlot.iife.min.js")).GET()).statusCode()).isEqualTo(200);
    }

    @Test
    void aStaticFileTheBrowserHasIsNotSentAgain() throws Exception {
        HttpResponse<String> first = send(HttpRequest.newBuilder(uri("/static/app.css")).GET());
        String etag = first.headers().firstValue("ETag").orElseThrow();
        HttpResponse<String> again = send(HttpRequest.newBuilder(uri("/static/app.css")).header("If-None-Match", etag).GET());

        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(again.statusCode()).isEqualTo(304);
        assertThat(again.body()).isEmpty();
    }

    @Test
    void aChangeWithoutTheOriginOrTheTokenIsRefused() throws Exception {
        String fault = "{\"kind\":\"error\",\"target\":{\"service\":\"users\"},\"duration\":\"30s\"}";
        HttpResponse<String> noOrigin = send(HttpRequest.newBuilder(uri("/api/faults")).header("Content-Type", "application/json")
                .header("X-Faultline-Token", token).POST(HttpRequest.BodyPublishers.ofString(fault)));
        HttpResponse<String> foreign = send(HttpRequest.newBuilder(uri("/api/faults")).header("Origin", "http://evil.example")
                .header("X-Faultline-Token", token).POST(HttpRequest.BodyPublishers.ofString(fault)));
        HttpResponse<String> wrongToken = send(HttpRequest.newBuilder(uri("/api/faults")).header("Origin", origin())
                .header("X-Faultline-Token", "guess").DELETE());

        assertThat(noOrigin.statusCode()).isEqualTo(403);
        assertThat(foreign.statusCode()).isEqualTo(403);
        assertThat(foreign.body()).contains("forbidden-origin");
        assertThat(wrongToken.statusCode()).isEqualTo(403);
        assertThat(wrongToken.body()).contains("anti-forgery token");
    }

    @Test
    void aFaultWithoutItsRequiredFieldsIsAProblemNamingThem() throws Exception {
        HttpResponse<String> answer = change("POST", "/api/faults", "{\"target\": {}}");

        assertThat(answer.statusCode()).isEqualTo(400);
        assertThat(answer.headers().firstValue("Content-Type")).contains("application/problem+json");
        assertThat(answer.body()).contains("\"kind\"").contains("target.service").contains("duration");
    }

    @Test
    void aFaultForAProcessThatDoesNotAnswerSaysSoAndNothingIsApplied() throws Exception {
        HttpResponse<String> answer = change("POST", "/api/faults",
                "{\"kind\":\"error\",\"target\":{\"service\":\"users\"},\"duration\":\"30s\"}");

        assertThat(answer.statusCode()).isEqualTo(502);
        assertThat(answer.body()).contains("users does not answer");
    }

    @Test
    void unknownTracesRunsAndScenariosAre404ProblemsAndBadFiltersNameTheField() throws Exception {
        assertThat(send(HttpRequest.newBuilder(uri("/api/traces/0af7651916cd43dd8448eb211c80319c")).GET()).statusCode())
                .isEqualTo(404);
        assertThat(send(HttpRequest.newBuilder(uri("/api/scenarios/runs/nope")).GET()).statusCode()).isEqualTo(404);
        assertThat(change("POST", "/api/scenarios/no-such-scenario/runs", "").statusCode()).isEqualTo(404);
        HttpResponse<String> filter = send(HttpRequest.newBuilder(uri("/api/traces?status=abc")).GET());
        assertThat(filter.statusCode()).isEqualTo(400);
        assertThat(filter.body()).contains("status");
    }

    @Test
    void theMapListsTheWatchedProcessAsDownAndTheLibraryListsTheScenarios() throws Exception {
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5)).until(() ->
                get("/api/map").path("nodes").size() == 1);
        JsonNode node = get("/api/map").path("nodes").get(0);
        assertThat(node.path("name").asText()).isEqualTo("users");
        assertThat(node.path("health").asText()).isEqualTo("down");
        assertThat(get("/api/scenarios").path("scenarios").findValuesAsText("name")).contains("payment-outage");
    }

    @Test
    void theReadOnlyEndpointsAnswerWithTheirShapeAndTheLiveStreamSendsTheMap() throws Exception {
        JsonNode telemetry = get("/api/telemetry");
        assertThat(telemetry.path("traces").path("capacity").asInt()).isEqualTo(160_000);
        assertThat(telemetry.path("logs").path("capacity").asInt()).isEqualTo(50_000);
        assertThat(telemetry.path("otlp").asText()).startsWith("none");
        assertThat(get("/api/logs?level=WARN&q=x&process=users").path("logs").isArray()).isTrue();
        assertThat(send(HttpRequest.newBuilder(uri("/api/logs?limit=0")).GET()).statusCode()).isEqualTo(400);
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5)).until(() ->
                get("/api/charts").path("times").size() >= 2);
        assertThat(get("/api/charts").path("series").isObject()).isTrue();

        HttpResponse<java.io.InputStream> events = HTTP.send(HttpRequest.newBuilder(uri("/api/events")).GET().build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertThat(events.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
        try (var lines = new java.io.BufferedReader(new java.io.InputStreamReader(events.body()))) {
            assertThat(lines.readLine()).isEqualTo("event:map");
            assertThat(lines.readLine()).startsWith("data:{\"time\":").contains("\"nodes\"");
        }
    }

    @Test
    void clearingEveryFaultAnswersHowManyWereEndedAndAnUnknownProcessIsA404() throws Exception {
        HttpResponse<String> all = change("DELETE", "/api/faults", "");
        HttpResponse<String> unknown = change("DELETE", "/api/faults/nobody/f-1", "");

        assertThat(all.statusCode()).isEqualTo(200);
        assertThat(Json.parse(all.body()).path("cleared").asInt()).isZero();
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(get("/api/faults").path("unreachable").toString()).contains("users");
    }

    @Test
    void theFaultFormOffersEveryKindTheEngineKnows() throws Exception {
        java.util.List<String> kinds = new java.util.ArrayList<>();
        get("/api/faults/kinds").path("kinds").forEach(kind -> kinds.add(kind.asText()));

        assertThat(kinds).containsExactlyElementsOf(dev.faultline.chaos.model.FaultKindNames.ALL);
    }

    @Test
    void aConsoleBoundBeyondTheLoopbackAsksEveryRequestForTheAdminToken() throws Exception {
        var context = TestServices.context("console", TestServices.config(TestServices.dataDir("console-bound"),
                "console.otlp.port", "-1", "faultline.processes", "users=users:1:2", "faultline.admin.token", "t0ken",
                "console.require-token", "true"));
        try (TestServices.Running bound = TestServices.start(context, Main.parts(context))) {
            HttpClient client = HttpClient.newHttpClient();
            HttpResponse<String> anonymous = client.send(HttpRequest.newBuilder(URI.create(bound.url() + "/api/map")).build(),
                    HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> wrong = client.send(HttpRequest.newBuilder(URI.create(bound.url() + "/?token=guess")).build(),
                    HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> once = client.send(HttpRequest.newBuilder(URI.create(bound.url() + "/?token=t0ken")).build(),
                    HttpResponse.BodyHandlers.ofString());
            String cookie = once.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
            HttpResponse<String> withCookie = client.send(HttpRequest.newBuilder(URI.create(bound.url() + "/api/map"))
                    .header("Cookie", cookie).build(), HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> withBearer = client.send(HttpRequest.newBuilder(URI.create(bound.url() + "/api/map"))
                    .header("Authorization", "Bearer t0ken").build(), HttpResponse.BodyHandlers.ofString());

            assertThat(anonymous.statusCode()).isEqualTo(401);
            assertThat(wrong.statusCode()).isEqualTo(401);
            assertThat(once.statusCode()).isEqualTo(303);
            assertThat(once.headers().firstValue("Location")).contains("/");
            assertThat(once.headers().firstValue("Set-Cookie").orElseThrow()).contains("HttpOnly").contains("SameSite=Strict");
            assertThat(withCookie.statusCode()).isEqualTo(200);
            assertThat(withBearer.statusCode()).isEqualTo(200);
        }
    }

    private static HttpResponse<String> change(String method, String path, String body) throws Exception {
        return send(HttpRequest.newBuilder(uri(path)).header("Origin", origin()).header("X-Faultline-Token", token)
                .header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body)));
    }

    private static JsonNode get(String path) throws Exception {
        return Json.parse(send(HttpRequest.newBuilder(uri(path)).GET()).body());
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String origin() {
        return console.url();
    }

    private static URI uri(String path) {
        return URI.create(console.url() + path);
    }
}
