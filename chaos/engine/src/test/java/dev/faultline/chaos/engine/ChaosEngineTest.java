package dev.faultline.chaos.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import dev.faultline.platform.ProcessContext;
import dev.faultline.platform.ServiceServer;
import dev.faultline.platform.TestServices;
import dev.faultline.platform.TestTelemetry;
import dev.faultline.platform.discovery.Discovery;
import dev.faultline.platform.http.Json;
import dev.faultline.platform.peer.PeerClient;
import dev.faultline.platform.peer.PeerSettings;
import dev.faultline.platform.resilience.ResilienceSettings;
import dev.faultline.platform.peer.PeerUnavailableException;
import dev.faultline.platform.spi.InstanceDirectory;
import io.helidon.config.Config;
import io.helidon.webserver.WebServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Each fault kind against a real process that has the engine on its classpath, as every Faultline process has. */
class ChaosEngineTest {

    private static final String TOKEN = "s3cret-token";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final AtomicInteger PEER_CALLS = new AtomicInteger();
    private static WebServer peer;
    private static final TestTelemetry TRACES = TestTelemetry.inMemory();
    private static TestServices.Running app;
    private static ProcessContext context;

    @BeforeAll
    static void start() {
        peer = WebServer.builder().host("127.0.0.1").port(0).routing(r -> r.get("/pong", (req, res) -> {
            PEER_CALLS.incrementAndGet();
            Json.send(res, Map.of("pong", true));
        })).build().start();
        Config config = TestServices.config(TestServices.dataDir("chaos"), "faultline.admin.token", TOKEN,
                "faultline.instance", "shop-1", "chaos.max-duration", "PT1M", "peer.url", "http://127.0.0.1:" + peer.port(),
                "peer.connect-timeout", "PT1S", "peer.read-timeout", "PT5S", "discovery.health-interval", "PT0S");
        context = TestServices.context("shop", config, TRACES.telemetry("shop"));
        PeerSettings settings = PeerSettings.from(config, "peer", new ResilienceSettings.Builder()
                .timeout(Duration.ofSeconds(2)).attempts(2).retryDelay(Duration.ofMillis(50))
                .retryJitter(Duration.ofMillis(50)).retryBudget(0.2).breakerVolume(10).breakerErrorRatio(50)
                .breakerDelay(Duration.ofSeconds(5)).breakerSuccessThreshold(2).bulkheadLimit(32).bulkheadQueue(32).build());
        PeerClient client = PeerClient.create("peer", settings, Discovery.create(Map.of("peer", settings.urls()), context),
                context);
        app = TestServices.start(context, new ServiceServer.Parts(routing -> routing
                .get("/hello", (req, res) -> res.send("hi"))
                .get("/big", (req, res) -> res.send("x".repeat(2_000)))
                .get("/items/{id}", (req, res) -> res.send("item"))
                .post("/items/{id}", (req, res) -> res.send("posted"))
                .get("/call", (req, res) -> {
                    try {
                        res.send("peer said " + client.get("/pong").status());
                    } catch (PeerUnavailableException e) {
                        res.status(502).send(e.getMessage());
                    }
                }), admin -> { }, Map.of(), () -> { }, false));
    }

    @AfterAll
    static void stop() {
        app.close();
        peer.stop();
    }

    @AfterEach
    void clear() throws Exception {
        admin("POST", "/chaos/reset", "", TOKEN);
    }

    @Test
    void theAdminApiNeedsTheTokenAndRefusesWithoutOneConfigured() throws Exception {
        assertThat(admin("GET", "/chaos/faults", null, null).statusCode()).isEqualTo(401);
        assertThat(admin("GET", "/chaos/faults", null, "guess").statusCode()).isEqualTo(401);
        assertThat(admin("POST", "/chaos/faults", errorFault("30s"), "guess").statusCode()).isEqualTo(401);
        assertThat(active()).isEmpty();
        HttpResponse<String> list = admin("GET", "/chaos/faults", null, TOKEN);
        assertThat(list.statusCode()).isEqualTo(200);

        FaultKinds kinds = FaultKinds.standard();
        FaultRegistry registry = new FaultRegistry("other", "other-1", Clock.systemUTC(), kinds,
                new SimpleMeterRegistry());
        WebServer off = WebServer.builder().host("127.0.0.1").port(0).routing(r -> {
            dev.faultline.platform.http.Problems.register(r);
            r.register(new ChaosAdmin(registry, new FaultParser(kinds, Duration.ofMinutes(1), Clock.systemUTC()),
                    dev.faultline.platform.http.AdminToken.from(io.helidon.config.Config.empty()), InstanceDirectory.NONE));
        }).build().start();
        try {
            HttpResponse<String> refused = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + off.port()
                    + "/chaos/faults")).header("Authorization", "Bearer " + TOKEN).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(refused.statusCode()).isEqualTo(403);
            assertThat(refused.body()).contains("FAULTLINE_ADMIN_TOKEN");
        } finally {
            off.stop();
        }
    }

    @Test
    void badFaultsAre400NamingTheProblemAndApplyNothing() throws Exception {
        HttpResponse<String> unknown = admin("POST", "/chaos/faults",
                "{\"kind\": \"meteor\", \"target\": {\"service\": \"shop\"}, \"duration\": \"30s\"}", TOKEN);
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(unknown.body()).contains(String.join(", ", dev.faultline.chaos.model.FaultKindNames.ALL));

        HttpResponse<String> badParameter = admin("POST", "/chaos/faults",
                "{\"kind\": \"error\", \"target\": {\"service\": \"shop\"}, \"parameters\": {\"status\": 700}}", TOKEN);
        assertThat(badParameter.statusCode()).isEqualTo(400);
        assertThat(badParameter.body()).contains("parameters.status").contains("\"duration\"");

        HttpResponse<String> overCap = admin("POST", "/chaos/faults", errorFault("2m"), TOKEN);
        assertThat(overCap.statusCode()).isEqualTo(400);
        assertThat(overCap.body()).contains("cap of 60 s");

        // this shop runs without TLS: a certificate fault has nothing to change, and says how to get TLS
        HttpResponse<String> noTls = admin("POST", "/chaos/faults",
                "{\"kind\": \"certificate\", \"target\": {\"service\": \"shop\"}, \"duration\": \"30s\"}", TOKEN);
        assertThat(noTls.statusCode()).isEqualTo(400);
        assertThat(noTls.body()).contains("parameters.problem").contains("--tls mtls");

        HttpResponse<String> elsewhere = admin("POST", "/chaos/faults",
                "{\"kind\": \"error\", \"target\": {\"service\": \"payments\"}, \"duration\": \"30s\"}", TOKEN);
        assertThat(elsewhere.statusCode()).isEqualTo(400);
        assertThat(active()).isEmpty();
        assertThat(get("/hello").statusCode()).isEqualTo(200);
    }

    @Test
    void aClockFaultShiftsTheProcessesTimeWhileItsLeaseRunsOnTheMachinesTime() throws Exception {
        String id = add("{\"kind\": \"clock\", \"target\": {\"service\": \"shop\"}, \"parameters\": {\"seconds\": -600}, "
                + "\"duration\": \"30s\"}");

        assertThat(Duration.between(Instant.now(), context.clock().instant()).toSeconds()).isBetween(-601L, -599L);
        assertThat(Duration.between(Instant.now(), context.referenceClock().instant()).abs()).isLessThan(Duration.ofSeconds(1));
        assertThat(active()).singleElement().satisfies(fault -> {
            assertThat(fault.path("id").asText()).isEqualTo(id);
            assertThat(fault.path("remainingMs").asLong()).as("ten minutes behind must not end it").isBetween(25_000L, 30_000L);
        });
        assertThat(admin("DELETE", "/chaos/faults/" + id, null, TOKEN).statusCode()).isEqualTo(204);
        assertThat(context.clock().offset()).isZero();
        assertThat(admin("POST", "/chaos/faults", "{\"kind\": \"clock\", \"target\": {\"service\": \"shop\"}, "
                + "\"duration\": \"30s\"}", TOKEN).body()).contains("parameters.seconds");
    }

    @Test
    void aDryRunChecksAFaultAndAppliesNothing() throws Exception {
        HttpResponse<String> good = admin("POST", "/chaos/faults?dry-run=true", errorFault("30s"), TOKEN);
        assertThat(good.statusCode()).isEqualTo(200);
        assertThat(good.body()).contains("\"kind\":\"error\"");
        HttpResponse<String> bad = admin("POST", "/chaos/faults?dry-run=true",
                "{\"kind\": \"error\", \"target\": {\"service\": \"shop\"}, \"parameters\": {\"status\": 700}, "
                        + "\"duration\": \"30s\"}", TOKEN);
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("parameters.status");
        assertThat(active()).isEmpty();
        assertThat(get("/hello").statusCode()).isEqualTo(200);
    }

    @Test
    void anErrorFaultAnswersWithItsStatusIsMarkedCountedAndExpiresByItself() throws Exception {
        HttpResponse<String> added = admin("POST", "/chaos/faults", errorFault("1s"), TOKEN);
        assertThat(added.statusCode()).as(added.body()).isEqualTo(201);
        String id = Json.parse(added.body()).path("id").asText();

        HttpResponse<String> hit = get("/hello");
        assertThat(hit.statusCode()).isEqualTo(503);
        assertThat(hit.headers().firstValue("X-Faultline-Fault")).contains(id);
        assertThat(app.context().telemetry().scrape()).contains("faultline_chaos_faults_active{kind=\"error\"} 1.0")
                .contains("faultline_chaos_injections_total{kind=\"error\"}");

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(get("/hello").statusCode()).isEqualTo(200));
        assertThat(admin("GET", "/chaos/faults/" + id, null, TOKEN).statusCode()).isEqualTo(404);
        assertThat(app.context().telemetry().scrape()).contains("faultline_chaos_faults_active{kind=\"error\"} 0.0");
    }

    @Test
    void aHiddenFaultActsAndMarksItsSpansButIsNeitherListedNorCounted() throws Exception {
        double before = injections("error");
        String id = add(errorFault("30s").replace("\"duration\"", "\"hidden\": true, \"duration\""));

        HttpResponse<String> hit = get("/hello");
        assertThat(hit.statusCode()).isEqualTo(503);
        assertThat(hit.headers().firstValue("X-Faultline-Fault")).isEmpty();
        assertThat(hit.body()).doesNotContain(id).doesNotContain("njected");
        assertThat(active()).isEmpty();
        List<JsonNode> all = new java.util.ArrayList<>();
        Json.parse(admin("GET", "/chaos/faults?hidden=true", null, TOKEN).body()).path("items").forEach(all::add);
        assertThat(all).extracting(f -> f.path("id").asText()).containsExactly(id);
        assertThat(app.context().telemetry().scrape()).contains("faultline_chaos_faults_active{kind=\"error\"} 0.0");
        assertThat(injections("error")).isEqualTo(before);
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(TRACES.spans().getFinishedSpanItems()).anySatisfy(span ->
                assertThat(span.getEvents()).anySatisfy(e -> assertThat(e.getAttributes().asMap().values()).contains(id))));
        assertThat(admin("POST", "/chaos/faults", errorFault("30s").replace("\"duration\"", "\"hidden\": 1, \"duration\""),
                TOKEN).body()).contains("hidden").contains("must be true or false");
    }

    @Test
    void latencyDelaysRequestsByItsParameters() throws Exception {
        add("{\"kind\": \"latency\", \"target\": {\"service\": \"shop\"}, \"parameters\": {\"ms\": 300, \"distribution\": \"fixed\"}, \"duration\": \"30s\"}");
        long started = System.nanoTime();
        assertThat(get("/hello").statusCode()).isEqualTo(200);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isBetween(Duration.ofMillis(300), Duration.ofMillis(1_500));
    }

    @Test
    void slowBodyStreamsTheResponseAtItsRate() throws Exception {
        long started = System.nanoTime();
        assertThat(get("/big").body()).hasSize(2_000);
        Duration fast = Duration.ofNanos(System.nanoTime() - started);
        add("{\"kind\": \"slow-body\", \"target\": {\"service\": \"shop\"}, \"parameters\": {\"rate\": 2000}, \"duration\": \"30s\"}");
        started = System.nanoTime();
        HttpResponse<String> slow = get("/big");
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        assertThat(slow.body()).hasSize(2_000);
        // 2,000 bytes at 2,000 bytes/s: about a second
        assertThat(took).isBetween(Duration.ofMillis(800), Duration.ofMillis(2_500));
        assertThat(fast).isLessThan(Duration.ofMillis(500));
    }

    @Test
    void resetClosesTheConnectionWithNoResponse() throws Exception {
        add("{\"kind\": \"reset\", \"target\": {\"service\": \"shop\"}, \"duration\": \"30s\"}");
        assertThatThrownBy(() -> get("/hello")).isInstanceOf(IOException.class);
    }

    @Test
    void hangHoldsTheRequestUntilTheClientGivesUp() throws Exception {
        add("{\"kind\": \"hang\", \"target\": {\"service\": \"shop\"}, \"parameters\": {\"max\": 3000}, \"duration\": \"30s\"}");
        assertThatThrownBy(() -> HTTP.send(HttpRequest.newBuilder(uri("/hello")).timeout(Duration.ofMillis(300)).build(),
                HttpResponse.BodyHandlers.ofString())).isInstanceOf(HttpTimeoutException.class);
    }

    @Test
    void clearingAHangReleasesTheRequestsItHoldsAtOnce() throws Exception {
        String id = add("{\"kind\": \"hang\", \"target\": {\"service\": \"shop\"}, \"parameters\": {\"max\": 60000}, \"duration\": \"30s\"}");
        var held = HTTP.sendAsync(HttpRequest.newBuilder(uri("/hello")).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
        await().atMost(Duration.ofSeconds(5)).until(() -> injections("hang") > 0);
        assertThat(held).isNotDone();

        assertThat(admin("DELETE", "/chaos/faults/" + id, null, TOKEN).statusCode()).isEqualTo(204);

        await().atMost(Duration.ofMillis(100)).pollInterval(Duration.ofMillis(5)).until(held::isDone);
        assertThat(held.get().statusCode()).isEqualTo(200);
        assertThat(held.get().body()).isEqualTo("hi");
    }

    @Test
    void anExpiringLatencyReleasesTheRequestsItDelays() throws Exception {
        add("{\"kind\": \"latency\", \"target\": {\"service\": \"shop\"}, \"parameters\": {\"ms\": 60000}, \"duration\": \"1s\"}");
        long started = System.nanoTime();
        assertThat(get("/hello").statusCode()).isEqualTo(200);
        // the lease of one second ends the minute's delay
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void resettingEndsASlowBodyAndTheRestGoesOutAtFullSpeed() throws Exception {
        add("{\"kind\": \"slow-body\", \"target\": {\"service\": \"shop\"}, \"parameters\": {\"rate\": 10}, \"duration\": \"30s\"}");
        var slow = HTTP.sendAsync(HttpRequest.newBuilder(uri("/big")).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
        await().atMost(Duration.ofSeconds(5)).until(() -> injections("slow-body") > 0);

        admin("POST", "/chaos/reset", "", TOKEN);

        // 2,000 bytes at 10 bytes/s would take over three minutes
        await().atMost(Duration.ofSeconds(1)).until(slow::isDone);
        assertThat(slow.get().body()).hasSize(2_000);
    }

    @Test
    void anExceptionBecomesA500Problem() throws Exception {
        add("{\"kind\": \"exception\", \"target\": {\"service\": \"shop\"}, \"duration\": \"30s\"}");
        HttpResponse<String> response = get("/hello");
        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
    }

    @Test
    void targetingByRouteMethodAndHeaderTouchesOnlyMatchingRequests() throws Exception {
        add("{\"kind\": \"error\", \"target\": {\"service\": \"shop\", \"route\": \"/items/**\", \"method\": \"GET\", "
                + "\"header\": {\"name\": \"X-Faultline-Cohort\", \"value\": \"alice\"}}, \"parameters\": {\"status\": 418}, \"duration\": \"30s\"}");
        assertThat(send(HttpRequest.newBuilder(uri("/items/7")).header("X-Faultline-Cohort", "alice")).statusCode()).isEqualTo(418);
        assertThat(send(HttpRequest.newBuilder(uri("/items/7")).header("X-Faultline-Cohort", "bob")).statusCode()).isEqualTo(200);
        assertThat(send(HttpRequest.newBuilder(uri("/items/7")).header("X-Faultline-Cohort", "alice")
                .POST(HttpRequest.BodyPublishers.noBody())).statusCode()).isEqualTo(200);
        assertThat(send(HttpRequest.newBuilder(uri("/hello")).header("X-Faultline-Cohort", "alice")).statusCode()).isEqualTo(200);
    }

    @Test
    void probabilityWithASeedHitsWithinStatisticalBounds() throws Exception {
        add("{\"kind\": \"error\", \"target\": {\"service\": \"shop\"}, \"probability\": 0.3, \"seed\": 42, \"duration\": \"30s\"}");
        int hits = 0;
        int requests = 400;
        for (int i = 0; i < requests; i++) {
            if (get("/hello").statusCode() == 503) {
                hits++;
            }
        }
        // mean 120, standard deviation ~9.2: four of them either side
        assertThat(hits).isBetween(83, 157);
    }

    @Test
    void resetClearsEveryFault() throws Exception {
        add(errorFault("30s"));
        add("{\"kind\": \"latency\", \"target\": {\"service\": \"shop\"}, \"parameters\": {\"ms\": 10}, \"duration\": \"30s\"}");
        HttpResponse<String> cleared = admin("POST", "/chaos/reset", "", TOKEN);
        assertThat(Json.parse(cleared.body()).path("cleared").asInt()).isEqualTo(2);
        assertThat(active()).isEmpty();
        assertThat(get("/hello").statusCode()).isEqualTo(200);
    }

    @Test
    void aDependencyFaultRefusesCallsToThePeerWithoutTouchingIt() throws Exception {
        assertThat(get("/call").body()).isEqualTo("peer said 200");
        add("{\"kind\": \"dependency\", \"target\": {\"service\": \"shop\"}, \"parameters\": {\"peer\": \"peer\"}, \"duration\": \"30s\"}");
        int before = PEER_CALLS.get();
        HttpResponse<String> call = get("/call");
        assertThat(call.statusCode()).isEqualTo(502);
        assertThat(call.body()).contains("Connection refused");
        assertThat(PEER_CALLS.get()).isEqualTo(before);
        admin("POST", "/chaos/reset", "", TOKEN);

        add("{\"kind\": \"dependency\", \"target\": {\"service\": \"shop\"}, \"parameters\": {\"peer\": \"peer\", "
                + "\"mode\": \"status\", \"status\": 404}, \"duration\": \"30s\"}");
        assertThat(get("/call").body()).isEqualTo("peer said 404");
        assertThat(PEER_CALLS.get()).as("the peer acted; its answer was replaced").isEqualTo(before + 1);
    }

    @Test
    void cpuAndMemoryAreHeldThenReleased() throws Exception {
        String cpu = add("{\"kind\": \"cpu\", \"target\": {\"service\": \"shop\"}, \"parameters\": {\"cores\": 1, \"share\": 0.5}, \"duration\": \"30s\"}");
        assertThat(burners()).isEqualTo(1);
        long before = liveHeap();
        String memory = add("{\"kind\": \"memory\", \"target\": {\"service\": \"shop\"}, \"parameters\": {\"mb\": 32}, \"duration\": \"30s\"}");
        long held = liveHeap();
        assertThat(held - before).isGreaterThan(30L * 1024 * 1024);

        assertThat(admin("DELETE", "/chaos/faults/" + cpu, null, TOKEN).statusCode()).isEqualTo(204);
        assertThat(admin("DELETE", "/chaos/faults/" + memory, null, TOKEN).statusCode()).isEqualTo(204);
        await().atMost(Duration.ofSeconds(5)).until(() -> burners() == 0);
        assertThat(held - liveHeap()).isGreaterThan(30L * 1024 * 1024);
    }

    /** Heap in use after a full collection: what is really held. */
    private static long liveHeap() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    @Test
    void aTelemetryFaultDropsTheIncomingTraceContextOrFailsExports() throws Exception {
        var spans = TRACES.spans();
        spans.reset();
        String caller = "4bf92f3577b34da6a3ce929d0e0e4736";
        String traceparent = "00-" + caller + "-00f067aa0ba902b7-01";
        send(HttpRequest.newBuilder(uri("/hello")).header("traceparent", traceparent));
        await().atMost(Duration.ofSeconds(5)).until(() -> !spans.getFinishedSpanItems().isEmpty());
        assertThat(spans.getFinishedSpanItems().getFirst().getTraceId()).isEqualTo(caller);
        spans.reset();

        String drop = add("{\"kind\": \"telemetry\", \"target\": {\"service\": \"shop\"}, \"parameters\": {\"mode\": \"drop-context\"}, \"duration\": \"30s\"}");
        HttpResponse<String> broken = send(HttpRequest.newBuilder(uri("/hello")).header("traceparent", traceparent));
        assertThat(broken.headers().firstValue("X-Faultline-Fault")).contains(drop);
        await().atMost(Duration.ofSeconds(5)).until(() -> !spans.getFinishedSpanItems().isEmpty());
        assertThat(spans.getFinishedSpanItems().getFirst().getTraceId()).isNotEqualTo(caller);
        assertThat(spans.getFinishedSpanItems().getFirst().getEvents()).anySatisfy(e -> assertThat(e.getName()).isEqualTo("chaos.fault"));

        HttpResponse<String> bad = admin("POST", "/chaos/faults", "{\"kind\": \"telemetry\", \"target\": {\"service\": \"shop\"}, "
                + "\"duration\": \"30s\"}", TOKEN);
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("parameters.mode");
        String outage = add("{\"kind\": \"telemetry\", \"target\": {\"service\": \"shop\"}, \"parameters\": {\"mode\": \"exporter-outage\"}, \"duration\": \"30s\"}");
        assertThat(Json.parse(admin("GET", "/chaos/faults/" + outage, null, TOKEN).body()).path("kind").asText()).isEqualTo("telemetry");
    }

    private static double injections(String kind) {
        return dev.faultline.platform.TestMetrics.value(app.context(), "faultline_chaos_injections_total{kind=\"" + kind + "\"}");
    }

    private static long burners() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith("chaos-cpu-") && t.isAlive()).count();
    }

    private static String errorFault(String duration) {
        return "{\"kind\": \"error\", \"target\": {\"service\": \"shop\"}, \"parameters\": {\"status\": 503}, \"duration\": \""
                + duration + "\"}";
    }

    private static String add(String fault) throws Exception {
        HttpResponse<String> added = admin("POST", "/chaos/faults", fault, TOKEN);
        assertThat(added.statusCode()).as(added.body()).isEqualTo(201);
        return Json.parse(added.body()).path("id").asText();
    }

    private static List<JsonNode> active() throws Exception {
        List<JsonNode> items = new java.util.ArrayList<>();
        Json.parse(admin("GET", "/chaos/faults", null, TOKEN).body()).path("items").forEach(items::add);
        return items;
    }

    private static HttpResponse<String> admin(String method, String path, String body, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                        + app.server().port(ServiceServer.ADMIN_SOCKET) + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json");
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return send(request);
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return send(HttpRequest.newBuilder(uri(path)));
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return HTTP.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static URI uri(String path) {
        return URI.create(app.url() + path);
    }
}
