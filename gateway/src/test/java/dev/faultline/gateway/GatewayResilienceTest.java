package dev.faultline.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.ServerSocket;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import dev.faultline.platform.http.Json;
import io.helidon.http.HeaderNames;
import io.helidon.webclient.http1.Http1ClientResponse;
import org.junit.jupiter.api.Test;

/** Each fault-tolerance outcome against a real misbehaving upstream. */
class GatewayResilienceTest {

    @Test
    void aSlowUpstreamIs504NamingIt() {
        try (Upstream users = new Upstream();
             GatewayFixture gateway = gateway(users, "gateway.resilience.timeout", "PT0.3S", "gateway.resilience.retry.attempts", "1")) {
            users.mode.set(Upstream.Mode.SLOW);
            long started = System.nanoTime();
            try (Http1ClientResponse response = gateway.get("/api/users/1").request()) {
                assertThat(response.status().code()).isEqualTo(504);
                assertThat(problem(response).path("detail").asText()).startsWith("users: no response within 300 ms");
            }
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
        }
    }

    @Test
    void aClosedPortIs502NamingTheUpstream() throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        try (GatewayFixture gateway = new GatewayFixture("gateway.upstreams.users", "http://127.0.0.1:" + closed,
                "gateway.upstreams.catalog", "http://127.0.0.1:" + closed, "gateway.upstreams.orders", "http://127.0.0.1:" + closed)) {
            try (Http1ClientResponse response = gateway.get("/api/users/1").request()) {
                assertThat(response.status().code()).isEqualTo(502);
                assertThat(problem(response).path("detail").asText()).startsWith("users unreachable at 127.0.0.1:" + closed);
            }
        }
    }

    @Test
    void anUpstream5xxIsRelayedAsItCame() {
        try (Upstream users = new Upstream(); GatewayFixture gateway = gateway(users)) {
            users.mode.set(Upstream.Mode.FAIL);
            try (Http1ClientResponse response = gateway.get("/api/users/1").request()) {
                assertThat(response.status().code()).isEqualTo(503);
                assertThat(response.as(String.class)).contains("injected failure");
            }
        }
    }

    @Test
    void theBreakerOpensRejectsFastHalfOpensAndCloses() {
        try (Upstream users = new Upstream(); GatewayFixture gateway = gateway(users,
                "gateway.resilience.retry.attempts", "1", "gateway.resilience.circuit-breaker.volume", "4",
                "gateway.resilience.circuit-breaker.delay", "PT1S", "gateway.resilience.circuit-breaker.success-threshold", "1")) {
            users.mode.set(Upstream.Mode.FAIL);
            for (int i = 0; i < 4; i++) {
                gateway.get("/api/users/1").request().close();
            }
            int seen = users.requests.get();

            try (Http1ClientResponse rejected = gateway.get("/api/users/1").request()) {
                assertThat(rejected.status().code()).isEqualTo(503);
                assertThat(rejected.headers().first(HeaderNames.RETRY_AFTER)).contains("1");
                assertThat(problem(rejected).path("detail").asText()).startsWith("users: circuit breaker open");
            }
            assertThat(users.requests.get()).as("an open breaker does not call the upstream").isEqualTo(seen);

            users.mode.set(Upstream.Mode.ECHO);
            await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
                try (Http1ClientResponse trial = gateway.get("/api/users/1").request()) {
                    assertThat(trial.status().code()).isEqualTo(200);
                }
            });
            for (int i = 0; i < 5; i++) {
                try (Http1ClientResponse closed = gateway.get("/api/users/1").request()) {
                    assertThat(closed.status().code()).isEqualTo(200);
                }
            }
        }
    }

    @Test
    void aFullBulkheadIs503() throws Exception {
        try (Upstream users = new Upstream(); GatewayFixture gateway = gateway(users,
                "gateway.resilience.bulkhead.limit", "1", "gateway.resilience.bulkhead.queue", "0")) {
            users.mode.set(Upstream.Mode.SLOW);
            CompletableFuture<Integer> occupant = CompletableFuture.supplyAsync(() -> {
                try (Http1ClientResponse response = gateway.get("/api/users/slow").request()) {
                    return response.status().code();
                }
            });
            await().atMost(Duration.ofSeconds(5)).until(() -> users.requests.get() == 1);
            try (Http1ClientResponse rejected = gateway.get("/api/users/1").request()) {
                assertThat(rejected.status().code()).isEqualTo(503);
                assertThat(problem(rejected).path("detail").asText()).startsWith("users: bulkhead full");
            }
            assertThat(occupant.get(10, TimeUnit.SECONDS)).isEqualTo(200);
        }
    }

    @Test
    void retriesStayWithinTheBudgetAndPostsWithoutAKeyAreNeverRetried() {
        try (Upstream users = new Upstream(); GatewayFixture gateway = gateway(users,
                "gateway.resilience.circuit-breaker.volume", "10000", "gateway.resilience.retry.delay", "PT0S",
                "gateway.resilience.retry.jitter", "PT0S")) {
            users.mode.set(Upstream.Mode.FAIL);
            int calls = 100;
            for (int i = 0; i < calls; i++) {
                gateway.get("/api/users/1").request().close();
            }
            int retries = users.requests.get() - calls;
            assertThat(retries).isPositive().isLessThanOrEqualTo((int) (0.2 * calls));

            int before = users.requests.get();
            for (int i = 0; i < 20; i++) {
                gateway.post("/api/users").submit("{}").close();
            }
            assertThat(users.requests.get() - before).isEqualTo(20);
        }
    }

    @Test
    void loadIsSpreadOverInstances() {
        try (Upstream first = new Upstream(); Upstream second = new Upstream();
             GatewayFixture gateway = new GatewayFixture("gateway.upstreams.users", first.url() + "," + second.url(),
                     "gateway.upstreams.catalog", first.url(), "gateway.upstreams.orders", first.url())) {
            Map<Integer, Integer> ports = new HashMap<>();
            for (int i = 0; i < 200; i++) {
                try (Http1ClientResponse response = gateway.get("/api/users/1").request()) {
                    ports.merge(Json.parse(response.as(String.class)).path("port").asInt(), 1, Integer::sum);
                }
            }
            assertThat(ports.get(first.port())).isGreaterThan(60);
            assertThat(ports.get(second.port())).isGreaterThan(60);
        }
    }

    @Test
    void aFailingInstanceIsEjectedShownInTheRegistryAndReturns() {
        try (Upstream healthy = new Upstream(); Upstream failing = new Upstream();
             GatewayFixture gateway = new GatewayFixture("gateway.upstreams.users", healthy.url() + "," + failing.url(),
                     "gateway.upstreams.catalog", healthy.url(), "gateway.upstreams.orders", healthy.url(),
                     "discovery.consecutive-failures", "3", "discovery.ejection-base", "PT1S",
                     "gateway.resilience.circuit-breaker.volume", "10000")) {
            failing.mode.set(Upstream.Mode.FAIL);
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                gateway.get("/api/users/1").request().close();
                assertThat(instance(gateway, failing).path("ejected").asBoolean()).isTrue();
            });
            int seen = failing.requests.get();
            for (int i = 0; i < 20; i++) {
                try (Http1ClientResponse response = gateway.get("/api/users/1").request()) {
                    assertThat(response.status().code()).isEqualTo(200);
                }
            }
            assertThat(failing.requests.get()).as("no traffic while ejected").isEqualTo(seen);

            failing.mode.set(Upstream.Mode.ECHO);
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                gateway.get("/api/users/1").request().close();
                assertThat(failing.requests.get()).isGreaterThan(seen);
            });
            assertThat(instance(gateway, failing).path("ejections").asInt()).isEqualTo(1);
        }
    }

    @Test
    void productsFallBackToTheLastGoodResponseMarkedStale() {
        try (Upstream catalog = new Upstream(); GatewayFixture gateway = new GatewayFixture(
                "gateway.upstreams.users", catalog.url(), "gateway.upstreams.catalog", catalog.url(),
                "gateway.upstreams.orders", catalog.url())) {
            String fresh;
            try (Http1ClientResponse response = gateway.get("/api/products/webcam").request()) {
                assertThat(response.headers().contains(ProxyService.X_FALLBACK)).isFalse();
                fresh = response.as(String.class);
            }
            catalog.mode.set(Upstream.Mode.FAIL);
            try (Http1ClientResponse response = gateway.get("/api/products/webcam").request()) {
                assertThat(response.status().code()).isEqualTo(200);
                assertThat(response.headers().first(ProxyService.X_FALLBACK)).contains("stale-if-error");
                assertThat(response.headers().first(HeaderNames.create("Warning"))).contains("110 - \"Response is Stale\"");
                assertThat(response.as(String.class)).isEqualTo(fresh);
            }
            try (Http1ClientResponse neverSeen = gateway.get("/api/products/desk-lamp").request()) {
                assertThat(neverSeen.status().code()).isEqualTo(503);
            }
        }
    }

    private static GatewayFixture gateway(Upstream users, String... overrides) {
        String[] upstreams = {"gateway.upstreams.users", users.url(), "gateway.upstreams.catalog", users.url(),
                "gateway.upstreams.orders", users.url()};
        String[] all = new String[upstreams.length + overrides.length];
        System.arraycopy(upstreams, 0, all, 0, upstreams.length);
        System.arraycopy(overrides, 0, all, upstreams.length, overrides.length);
        return new GatewayFixture(all);
    }

    private static JsonNode instance(GatewayFixture gateway, Upstream upstream) {
        try (Http1ClientResponse registry = gateway.admin.get("/admin/registry").request()) {
            for (JsonNode instance : Json.parse(registry.as(String.class)).path("users")) {
                if (instance.path("url").asText().equals(upstream.url())) {
                    return instance;
                }
            }
        }
        throw new AssertionError("not in the registry: " + upstream.url());
    }

    private static JsonNode problem(Http1ClientResponse response) {
        assertThat(response.headers().contentType().orElseThrow().text()).startsWith("application/problem+json");
        return Json.parse(response.as(String.class));
    }
}
