package dev.faultline.cli.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What {@code ./faultline up --one-jvm} promises beyond a sandbox's usual behaviour (which the other one-JVM classes
 * check): every process in the supervisor's one JVM, a crash fault ending its own process alone, with its code, and
 * restarted; a change of settings restarting the service's processes there; each process's log lines exported as its
 * own. Tests in any order; each leaves the sandbox as it found it.
 */
class OneJvmSandboxIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static FaultlineScript faultline;

    @BeforeAll
    static void up() throws Exception {
        faultline = FaultlineScript.started(Hosting.ONE_JVM);
    }

    @AfterAll
    static void down() throws Exception {
        if (faultline != null) {
            faultline.close();
        }
    }

    @Test
    void everyProcessIsReadyInTheSupervisorsJvm() {
        SandboxState state = faultline.sandbox().runningState().orElseThrow();

        assertThat(state.hosting()).isEqualTo(Hosting.ONE_JVM);
        assertThat(state.processes()).hasSize(10).allSatisfy(process -> {
            assertThat(process.state()).isEqualTo(SandboxState.Process.State.READY);
            assertThat(process.pid()).isEqualTo(state.supervisorPid());
        });
    }

    /** Three crashes in a row: each ends catalog alone, with its own code, and users answers every request meanwhile. */
    @Test
    void aCrashFaultEndsItsProcessAloneWithItsCodeAndTheSupervisorRestartsIt() throws Exception {
        String token = Files.readString(faultline.stateDir.resolve("admin-token")).strip();
        for (int crash = 1; crash <= 3; crash++) {
            SandboxState.Process catalog = process("catalog");
            SandboxState.Process users = process("users");
            HttpResponse<String> fault;
            // a client of its own each time: a pooled connection to the catalog that just crashed answers nothing
            try (HttpClient admin = HttpClient.newHttpClient()) {
                fault = admin.send(HttpRequest.newBuilder(uri("catalog-admin", "/chaos/faults"))
                        .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"kind\": \"crash\", \"target\": {\"service\": "
                                + "\"catalog\"}, \"parameters\": {\"code\": 3, \"delay\": 200}, \"duration\": \"1m\"}")).build(),
                        HttpResponse.BodyHandlers.ofString());
            }
            assertThat(fault.statusCode()).as(fault.body()).isEqualTo(201);
            AtomicInteger usersFailed = new AtomicInteger();
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                if (status("users", "/users/nobody") != 404) {
                    usersFailed.incrementAndGet();
                }
                SandboxState.Process restarted = process("catalog");
                assertThat(restarted.restarts()).isEqualTo(catalog.restarts() + 1);
                assertThat(restarted.state()).isEqualTo(SandboxState.Process.State.READY);
            });

            assertThat(status("catalog", "/products")).isEqualTo(200);
            assertThat(usersFailed).as("users' failed requests during crash " + crash).hasValue(0);
            assertThat(process("users").startedAt()).as("users was not restarted").isEqualTo(users.startedAt());
            assertThat(faultline.supervisorLog()).as("crash " + crash)
                    .contains("catalog (pid " + catalog.pid() + ") exited with code 3; restart #" + (catalog.restarts() + 1));
        }
    }

    @Test
    void aChangeOfSettingsRestartsTheServicesProcessesInTheJvmAndTakesEffect() throws Exception {
        Map<String, Long> started = Map.of("payments-1", process("payments-1").startedAt(),
                "payments-2", process("payments-2").startedAt(), "orders", process("orders").startedAt());
        try {
            FaultlineScript.Result set = faultline.run("settings", "set", "payments", "payments.decline.above=1");
            assertThat(set.exitCode()).as(set.output()).isZero();
            assertThat(set.output()).contains("Restarted payments-1, payments-2: ready with the new settings.");

            assertThat(process("payments-1").startedAt()).isGreaterThan(started.get("payments-1"));
            assertThat(process("payments-2").startedAt()).isGreaterThan(started.get("payments-2"));
            assertThat(process("orders").startedAt()).as("orders was not restarted").isEqualTo(started.get("orders"));
            HttpResponse<String> charge = HTTP.send(HttpRequest.newBuilder(uri("payments-1", "/payments"))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                            "{\"orderId\": \"one-jvm-settings\", \"amount\": 500, \"currency\": \"EUR\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(charge.body()).as("a charge over the new limit").contains("\"status\":\"DECLINED\"")
                    .contains("exceeds the limit of 1\"");
        } finally {
            FaultlineScript.Result reset = faultline.run("settings", "reset", "payments");
            assertThat(reset.exitCode()).as(reset.output()).isZero();
        }
    }

    /** Each process's start-up line reaches the console as its own service's, not as another's. */
    @Test
    void eachProcessExportsItsOwnLogLines() {
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            JsonNode logs = JSON.readTree(HTTP.send(HttpRequest.newBuilder(uri("console",
                    "/api/logs?q=ready%20in&limit=500")).build(), HttpResponse.BodyHandlers.ofString()).body());
            Set<String> readyLines = new java.util.HashSet<>();
            logs.path("logs").forEach(line -> readyLines.add(line.path("service").asText() + ": "
                    + line.path("body").asText().split(" ")[0]));
            // the console keeps its own lines; every other service says it is ready as itself
            assertThat(readyLines).contains("users: users", "catalog: catalog", "payments: payments", "orders: orders",
                    "shipping: shipping", "broker: broker", "auth: auth", "gateway: gateway");
            assertThat(readyLines).allSatisfy(line -> assertThat(line.split(": ")[0]).isEqualTo(line.split(": ")[1]));
        });
    }

    private static SandboxState.Process process(String name) {
        return faultline.sandbox().runningState().orElseThrow().processes().stream()
                .filter(p -> p.name().equals(name)).findFirst().orElseThrow();
    }

    private static int status(String process, String path) throws InterruptedException {
        try {
            return HTTP.send(HttpRequest.newBuilder(uri(process, path)).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        }
    }

    /** A process's API, or its admin socket as {@code <name>-admin}. */
    private static URI uri(String process, String path) {
        boolean admin = process.endsWith("-admin");
        ProcessSpec spec = faultline.sandbox().topology().process(admin ? process.substring(0, process.length() - 6) : process);
        return URI.create("http://127.0.0.1:" + (admin ? spec.adminPort() : spec.port()) + path);
    }
}
