package dev.faultline.cli.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.faultline.chaos.runner.control.AdminClient;
import dev.faultline.chaos.runner.control.ProcessEndpoint;
import dev.faultline.chaos.runner.control.SandboxEndpoints;
import dev.faultline.chaos.runner.metrics.MetricsText;
import dev.faultline.chaos.runner.metrics.SeriesSelector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The scenario runner's guarantees end to end through the real ./faultline script, against a sandbox of this class's
 * own: rollbacks after a failed expectation and after Ctrl-C, and a malformed file starts nothing. Each test leaves
 * the sandbox as it found it, so they run in any order. Every library scenario runs once in the suite: the
 * workshop's exercises run theirs ({@link WorkshopRuns}: the verdict, and a crashed instance restarted once),
 * {@link MessagingIT} the messaging ones, {@link DashboardQueriesIT} the demo's payment-outage and catalog-latency.
 */
class ScenarioIT {

    private static final ObjectMapper JSON = new ObjectMapper();
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
    void aFailedExpectationFailsTheRunAndTheRollbackEndsItsFault() throws Exception {
        Path journal = Files.createTempFile(faultline.stateDir, "journal", ".json");
        FaultlineScript.Result run = faultline.run("scenario", "run", scenario("""
                title: Impossible
                method:
                  - inject: {name: slow, kind: latency, target: {service: catalog}, parameters: {ms: 10}, duration: 60s}
                  - wait: 1s
                expectations:
                  - name: never
                    metric: {process: catalog, series: 'faultline_chaos_faults_active{kind="latency"}', expect: "== 42"}
                    within: 2s
                """).toString(), "--journal", journal.toString());

        assertThat(run.exitCode()).as(run.output()).isEqualTo(1);
        assertThat(run.output()).contains("Verdict: FAILED").contains("FAILED never");
        assertThat(activeFaults("catalog")).isEmpty();
        JsonNode written = JSON.readTree(journal.toFile());
        assertThat(written.path("verdict").asText()).isEqualTo("FAILED");
        assertThat(written.path("entries").findValuesAsText("type")).contains("fault", "expectation", "rollback");
        assertThat(written.toString()).contains("\"name\":\"clear all\"").contains("catalog:");
    }

    @Test
    void ctrlCEndsTheRunAndTheRollbackStillRuns() throws Exception {
        Path file = scenario("""
                title: Interrupted
                method:
                  - inject: {name: broken, kind: error, target: {service: users}, parameters: {status: 503}, duration: 60s}
                  - wait: 60s
                expectations:
                  - name: users fail
                    metric: {process: users, series: 'faultline_chaos_faults_active{kind="error"}', expect: "== 1"}
                """);
        Process run = faultline.start("scenario", "run", file.toString());
        ProcessOutput printed = ProcessOutput.of(run);
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> !activeFaults("users").isEmpty());
            new ProcessBuilder("kill", "-INT", Long.toString(run.pid())).start().waitFor();
            String output = ProcessOutput.awaitEnd(run, printed, Duration.ofSeconds(30));
            assertThat(run.exitValue()).as(output).isEqualTo(130);
            assertThat(output).contains("Verdict: INTERRUPTED");
            assertThat(activeFaults("users")).isEmpty();
        } finally {
            run.destroyForcibly();
        }
    }

    @Test
    void aMalformedScenarioNamesLineAndColumnAndStartsNoLoadAndNoFault() throws Exception {
        double requestsBefore = gatewayRequests();
        Path file = scenario("""
                title: Malformed
                load: {rate: 50}
                method:
                  - inject: {name: x, kind: error, target: {service: catalog}, duration: 60s}
                  - wait: soon
                expectations:
                  - name: never checked
                    load: {measure: success-ratio, expect: ">= 99%"}
                """);
        FaultlineScript.Result run = faultline.run("scenario", "run", file.toString());

        assertThat(run.exitCode()).as(run.output()).isEqualTo(2);
        assertThat(run.output()).contains(file + ":5:11: wait: 'soon' is not a duration").contains("Nothing was started.");
        assertThat(activeFaults("catalog")).isEmpty();
        assertThat(gatewayRequests()).isEqualTo(requestsBefore);
    }

    private static Path scenario(String text) throws Exception {
        Path file = Files.createTempFile(faultline.stateDir, "scenario", ".yaml");
        Files.writeString(file, text);
        return file;
    }

    private static SandboxEndpoints endpoints() {
        return LocalEndpoints.of(new SandboxPaths(FaultlineScript.HOME, faultline.stateDir), faultline.portOffset);
    }

    private static List<JsonNode> activeFaults(String service) {
        SandboxEndpoints endpoints = endpoints();
        AdminClient admin = new AdminClient(endpoints.adminToken());
        return endpoints.require(service).stream().flatMap(p -> admin.faults(p).stream()).toList();
    }

    private static double gatewayRequests() {
        SandboxEndpoints endpoints = endpoints();
        ProcessEndpoint gateway = endpoints.gateway();
        return SeriesSelector.parse("http_server_request_duration_seconds_count")
                .sum(MetricsText.parse(new AdminClient(endpoints.adminToken()).metrics(gateway))).orElse(0);
    }
}
