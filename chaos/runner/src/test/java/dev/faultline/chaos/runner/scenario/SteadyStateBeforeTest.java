package dev.faultline.chaos.runner.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;
import dev.faultline.chaos.runner.control.ProcessEndpoint;
import dev.faultline.chaos.runner.control.SandboxEndpoints;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The steady state before the method is checked once, as Chaos Toolkit does, unless the run gives it time to hold: a
 * sandbox started a moment ago (the demo's) answers slowly or not at all while its JVMs warm up, and is not broken.
 */
class SteadyStateBeforeTest {

    private static final Scenario SHOP_ANSWERS = ScenarioParser.parse("cold.yaml", "cold", """
            title: Cold start
            description: The shop answers, then nothing happens.
            steady-state:
              - name: the shop answers
                http: {path: /api/products, status: 200}
            method:
              - wait: 1s
            """);

    /** A gateway that answers 503 to its first three requests, as a shop still starting would. */
    private HttpServer gateway;
    private final AtomicInteger requests = new AtomicInteger();

    @BeforeEach
    void startGateway() throws IOException {
        gateway = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        gateway.createContext("/api/products", exchange -> {
            int status = requests.incrementAndGet() <= 3 ? 503 : 200;
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        gateway.start();
    }

    @AfterEach
    void stopGateway() {
        gateway.stop(0);
    }

    @Test
    void checkedOnceByDefaultANotYetSteadySandboxAbortsTheRunWithNothingInjected() {
        RunResult result = run(ScenarioRunner.Options.defaults());

        assertThat(result.verdict()).isEqualTo(Verdict.ABORTED);
        assertThat(result.reason()).contains("not in its steady state before the method").contains("503");
        assertThat(requests).hasValue(1);
    }

    @Test
    void givenTimeTheRunWaitsForTheSteadyStateThenGoesOn() {
        RunResult result = run(ScenarioRunner.Options.defaults().withSteadyWait(Duration.ofSeconds(20)));

        assertThat(result.verdict()).as(result.reason()).isEqualTo(Verdict.PASSED);
        assertThat(requests.get()).as("three refusals, then the answer before and the one after").isEqualTo(5);
    }

    @Test
    void aSteadyStateThatNeverComesStillAbortsWhenTheWaitIsOver() {
        requests.set(Integer.MIN_VALUE / 2);
        gateway.removeContext("/api/products");
        gateway.createContext("/api/products", exchange -> {
            requests.incrementAndGet();
            exchange.sendResponseHeaders(503, -1);
            exchange.close();
        });

        RunResult result = run(ScenarioRunner.Options.defaults().withSteadyWait(Duration.ofSeconds(2)));

        assertThat(result.verdict()).isEqualTo(Verdict.ABORTED);
        assertThat(result.seconds()).isGreaterThanOrEqualTo(2).isLessThan(10);
    }

    private RunResult run(ScenarioRunner.Options options) {
        SandboxEndpoints endpoints = new SandboxEndpoints(
                List.of(new ProcessEndpoint(SandboxEndpoints.GATEWAY, "gateway", gateway.getAddress().getPort(), 1)),
                "token");
        return new ScenarioRunner(endpoints, options).run(SHOP_ANSWERS, new Journal(Clock.systemUTC(), entry -> {
        }));
    }
}
