package dev.faultline.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import dev.faultline.chaos.runner.control.ProcessEndpoint;
import dev.faultline.chaos.runner.control.SandboxEndpoints;
import io.helidon.webserver.WebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The map's numbers from two scrapes of a process whose /metrics the test writes. */
class SandboxWatchTest {

    private final AtomicReference<String> metrics = new AtomicReference<>("");
    private WebServer orders;

    @BeforeEach
    void start() {
        orders = WebServer.builder().host("127.0.0.1").port(0).shutdownHook(false).routing(routing -> routing
                .get("/metrics", (req, res) -> res.send(metrics.get()))
                .get("/chaos/faults", (req, res) -> res.send("{\"items\": [{\"id\": \"f1\", \"kind\": \"error\", "
                        + "\"remainingMs\": 12400}]}"))).build().start();
    }

    @AfterEach
    void stop() {
        orders.stop();
    }

    @Test
    void anEdgeHasTheCallersRateErrorsP99AndBreakerAndANewDependencyItsRateFromZero() {
        SandboxWatch watch = new SandboxWatch(new SandboxEndpoints(List.of(new ProcessEndpoint("orders", "orders", 1,
                orders.port())), "token"), Optional.empty(), Clock.systemUTC());
        metrics.set(scrape(100, 10, "closed", 0));
        watch.poll();
        metrics.set(scrape(200, 60, "open", 40));
        watch.poll();

        ShopMap map = watch.map();
        ShopMap.Edge payments = map.edges().stream().filter(e -> e.to().equals("payments")).findFirst().orElseThrow();
        assertThat(payments.from()).isEqualTo("orders");
        assertThat(payments.rps()).isPositive();
        assertThat(payments.errorPct()).isEqualTo(50.0);
        assertThat(payments.p99Ms()).isBetween(100.0, 500.0);
        assertThat(payments.breaker()).isEqualTo("open");
        ShopMap.Edge users = map.edges().stream().filter(e -> e.to().equals("users")).findFirst().orElseThrow();
        assertThat(users.rps()).as("first seen in the second scrape: its 40 calls are this interval's").isPositive();
        ShopMap.Node node = map.nodes().getFirst();
        assertThat(node.faults()).containsExactly(new ShopMap.Fault("f1", "error", 12));
        assertThat(node.health()).isEqualTo("ready");
        assertThat(watch.history().series()).containsKeys("breaker:orders->payments", "rps:orders");
        assertThat(watch.history().series().get("breaker:orders->payments")).containsExactly(0.0, 1.0);
    }

    /** Orders' calls to payments so far (a share failed with 503, the slow ones in the 0.25 s bucket). */
    private static String scrape(int calls, int failed, String breaker, int usersCalls) {
        String client = "http_client_request_duration_seconds";
        StringBuilder text = new StringBuilder();
        text.append(client).append("_count{http_request_method=\"POST\",http_response_status_code=\"201\",peer_service=\"payments\"} ")
                .append(calls - failed).append('\n');
        text.append(client).append("_count{http_request_method=\"POST\",http_response_status_code=\"503\",peer_service=\"payments\"} ")
                .append(failed).append('\n');
        text.append(client).append("_bucket{peer_service=\"payments\",le=\"0.1\"} ").append(calls / 2).append('\n');
        text.append(client).append("_bucket{peer_service=\"payments\",le=\"0.25\"} ").append(calls).append('\n');
        text.append(client).append("_bucket{peer_service=\"payments\",le=\"+Inf\"} ").append(calls).append('\n');
        if (usersCalls > 0) {
            text.append(client).append("_count{http_request_method=\"GET\",http_response_status_code=\"200\",peer_service=\"users\"} ")
                    .append(usersCalls).append('\n');
        }
        for (String state : List.of("closed", "open", "half-open")) {
            text.append("faultline_circuitbreaker_state{name=\"payments\",state=\"").append(state).append("\"} ")
                    .append(state.equals(breaker) ? "1.0" : "0.0").append('\n');
        }
        text.append("http_server_request_duration_seconds_count{http_response_status_code=\"201\"} ").append(calls).append('\n');
        return text.toString();
    }
}
