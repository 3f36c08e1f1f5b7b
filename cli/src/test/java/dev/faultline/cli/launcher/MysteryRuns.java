package dev.faultline.cli.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.faultline.chaos.model.FaultEvent;
import dev.faultline.chaos.runner.control.AdminClient;
import dev.faultline.chaos.runner.control.ProcessEndpoint;
import dev.faultline.chaos.runner.control.SandboxEndpoints;
import dev.faultline.chaos.runner.metrics.MetricsText;
import dev.faultline.chaos.runner.metrics.SeriesSelector;
import dev.faultline.cli.workshop.Mystery;
import dev.faultline.cli.workshop.MysteryJudge;
import dev.faultline.cli.workshop.Workshop;
import dev.faultline.pki.TlsMode;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;

/**
 * The mysteries of the pool, through the real {@code ./faultline mystery} commands against one sandbox of the
 * subclass's own: the fault is hidden (not listed, not in the fault metrics), a scripted detective that looks only
 * where a learner can (the console's traces, each process's /metrics) finds it, a wrong solution is graded wrong, the
 * right one (with its trace as evidence) right, and the fault is gone afterwards. Two subclasses share the pool: faults
 * on requests beside the other system tests, and faults on a whole process (a core burned, a heap filled) alone, as
 * they take the machine's CPU from every sandbox running beside them (a burned core failed two workshop exercises'
 * latency checks in a fresh-clone run).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class MysteryRuns {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** The old generation (the processes run the serial collector): what stays, not what the load churns. */
    private static final String LONG_LIVED_HEAP = "jvm_memory_used_bytes{area=\"heap\",id=\"Tenured Gen\"}";
    /** Access tokens the gateway refused for their times (what a clock that is off stamps). */
    private static final String REFUSED_FOR_THEIR_TIME =
            "faultline_auth_rejections_total{reason=~\"issued-in-the-future|token-expired|token-not-yet-valid\"}";
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static FaultlineScript faultline;

    /**
     * A sandbox for the class: a one-JVM one for faults on requests (the detective reads what each process's own
     * telemetry says, the same either way), processes of their own for faults on a whole process, whose lesson is one
     * process's CPU or heap.
     */
    @BeforeAll
    void up() throws Exception {
        List<String> options = new ArrayList<>();
        if (tls() != TlsMode.OFF) {
            options.addAll(List.of("--tls", tls().toString()));
        }
        faultline = FaultlineScript.started(wholeProcess() ? Hosting.JVM_PER_PROCESS : Hosting.ONE_JVM,
                options.toArray(String[]::new));
    }

    /** The sandbox this class runs, for a subclass's own tests beside the mysteries. */
    static FaultlineScript sandbox() {
        return faultline;
    }

    @AfterAll
    static void down() throws Exception {
        if (faultline != null) {
            faultline.close();
        }
    }

    /** Whether this class takes the mysteries whose fault acts on a whole process, or the others. */
    abstract boolean wholeProcess();

    /** The TLS of this class's sandbox: it takes the mysteries that need exactly that (off: those that need none). */
    TlsMode tls() {
        return TlsMode.OFF;
    }

    @TestFactory
    Stream<DynamicTest> aDetectiveSolvesEveryMysteryFromWhatALearnerSees() {
        List<Mystery> pool = new Workshop(FaultlineScript.HOME).mysteries();
        assertThat(pool).hasSizeGreaterThanOrEqualTo(8);
        List<Mystery> mine = pool.stream()
                .filter(mystery -> MysteryJudge.actsOnWholeProcess(mystery.fault().fault().kind()) == wholeProcess())
                .filter(mystery -> mystery.tls() == tls())
                .toList();
        assertThat(mine).isNotEmpty();
        return mine.stream().map(mystery -> DynamicTest.dynamicTest(mystery.id(), () -> {
            settled();
            solves(mystery);
        }));
    }

    /** Waits for what a mystery's run starts from, when other tests share the class's sandbox; nothing by default. */
    void settled() throws Exception {
    }

    private static void solves(Mystery mystery) throws Exception {
        Map<String, Double> usualHeap = measure(LONG_LIVED_HEAP);
        double usualRefusals = measure(REFUSED_FOR_THEIR_TIME).getOrDefault(SandboxEndpoints.GATEWAY, 0.0);
        long since = System.currentTimeMillis() * 1_000_000L;
        FaultlineScript.Result start = faultline.run("mystery", "start", "--pick", mystery.id());
        assertThat(start.exitCode()).as(start.output()).isZero();
        assertThat(start.output()).contains(mystery.symptom()).doesNotContain(mystery.fault().fault().kind() + " on");
        try {
            assertThat(faults(false)).as("hidden: not in the fault list").isZero();
            assertThat(faults(true)).as("but there").isPositive();
            assertThat(measure("faultline_chaos_faults_active").values()).as("nor in the fault metrics")
                    .allSatisfy(v -> assertThat(v).isZero());
            List<String> traffic = new ArrayList<>(mystery.load("8s"));
            traffic.add("--quiet");
            FaultlineScript.Result load = faultline.run(traffic.toArray(String[]::new));
            assertThat(load.exitCode()).as(load.output()).isIn(0, 1);
            Finding finding = investigate(usualHeap, usualRefusals, since);

            String wrongService = finding.service().equals("catalog") ? "users" : "catalog";
            FaultlineScript.Result wrong = faultline.run("mystery", "solve", "--service", wrongService, "--kind",
                    finding.kind());
            assertThat(wrong.exitCode()).as(wrong.output()).isEqualTo(1);
            assertThat(wrong.output()).contains("Not it");

            List<String> solve = new ArrayList<>(List.of("mystery", "solve", "--service", finding.service(), "--kind",
                    finding.kind()));
            finding.instance().ifPresent(i -> solve.addAll(List.of("--instance", i)));
            finding.trace().ifPresent(t -> solve.addAll(List.of("--evidence", t)));
            FaultlineScript.Result right = faultline.run(solve.toArray(String[]::new));
            assertThat(right.exitCode()).as(finding + "\n" + right.output()).isZero();
            assertThat(right.output()).contains("Solved: 90 points");
            finding.trace().ifPresent(t -> assertThat(right.output()).contains("the trace proves it"));
            assertThat(faults(true)).as("the solved mystery's fault is ended").isZero();
        } finally {
            faultline.run("mystery", "reveal");
        }
    }

    /** What the detective concludes, and the trace that shows it (none for a fault on a whole process). */
    private record Finding(String service, String kind, Optional<String> instance, Optional<String> trace) {
    }

    /** A span the console shows with a fault's event on it. */
    private record FaultedSpan(String traceId, String service, String instance, String kind) {
    }

    /**
     * Faulted traces first, looked at again for a while as spans arrive in batches (a span with the fault's event
     * names its service, instance and kind); if none come, the issuer when the gateway refuses tokens for their
     * times (its clock stamped them), then the process that burns CPU steadily while the others
     * idle, else the one whose long-lived heap grew most over its usual level.
     */
    private static Finding investigate(Map<String, Double> usualHeap, double usualRefusals, long sinceNanos)
            throws Exception {
        List<FaultedSpan> faulted = new ArrayList<>();
        List<FaultedSpan> refusedHandshakes = new ArrayList<>();
        try {
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofSeconds(1)).until(() -> {
                faulted.clear();
                faulted.addAll(faultedSpans(sinceNanos));
                refusedHandshakes.clear();
                refusedHandshakes.addAll(refusedHandshakes(sinceNanos));
                return !faulted.isEmpty() || !refusedHandshakes.isEmpty();
            });
        } catch (ConditionTimeoutException e) {
            // no request was hit: a fault on a whole process
        }
        // calls that failed in the TLS handshake over a certificate: the server that presented it is the one at fault,
        // wherever the error shows (its own telemetry never sees the request)
        if (faulted.isEmpty() && !refusedHandshakes.isEmpty()) {
            FaultedSpan first = refusedHandshakes.getFirst();
            boolean oneInstance = refusedHandshakes.stream().allMatch(f -> f.instance().equals(first.instance()));
            // no span of the server's carries the fault's event (it never saw the calls): no trace to show as evidence
            return new Finding(first.service(), first.kind(), oneInstance ? Optional.of(first.instance()) : Optional.empty(),
                    Optional.empty());
        }
        if (!faulted.isEmpty()) {
            FaultedSpan first = faulted.getFirst();
            boolean oneInstance = endpoints().require(first.service()).size() > 1 && faulted.stream()
                    .filter(f -> f.service().equals(first.service())).allMatch(f -> f.instance().equals(first.instance()));
            // no span of the server's carries the fault's event (it never saw the calls): no trace to show as evidence
            return new Finding(first.service(), first.kind(), oneInstance ? Optional.of(first.instance()) : Optional.empty(),
                    Optional.empty());
        }
        // tokens refused for their times (issued in the future, expired, not yet valid) while API keys pass: the
        // gateway's clock judges every token alike, so the clock that is off is the one that stamped them
        double refusedForTime = measure(REFUSED_FOR_THEIR_TIME).getOrDefault(SandboxEndpoints.GATEWAY, 0.0);
        if (refusedForTime > usualRefusals) {
            return new Finding(SandboxEndpoints.ISSUER, "clock", Optional.empty(), Optional.empty());
        }
        // process_cpu_usage is a share of all cores, and noisy (the JVM's load since its last reading): the mean of five
        // readings half a second apart; a process burning CPU stands far above the others, which idle by now
        Map<String, Double> cpu = new HashMap<>();
        for (int reading = 0; reading < 5; reading++) {
            Thread.sleep(500);
            measure("process_cpu_usage").forEach((process, value) -> cpu.merge(process, value / 5, Double::sum));
        }
        List<String> busiest = cpu.keySet().stream()
                .sorted(java.util.Comparator.comparingDouble((String p) -> cpu.get(p)).reversed()).toList();
        if (cpu.get(busiest.get(0)) > Math.max(0.1, 3 * cpu.get(busiest.get(1)))) {
            return new Finding(service(busiest.get(0)), "cpu", Optional.empty(), Optional.empty());
        }
        String grown = mostGrown(measure(LONG_LIVED_HEAP), usualHeap);
        return new Finding(service(grown), "memory", Optional.empty(), Optional.empty());
    }

    /** The process whose value grew the most over its usual one. */
    private static String mostGrown(Map<String, Double> now, Map<String, Double> usual) {
        return now.keySet().stream().max(java.util.Comparator.comparingDouble(p -> now.get(p) - usual.getOrDefault(p, 0.0)))
                .orElseThrow();
    }

    /** Every span with a fault's event in the faulted traces since the mystery started (older ones are not its). */
    private static List<FaultedSpan> faultedSpans(long sinceNanos) throws Exception {
        return spansSince(sinceNanos, "faulted=true", (traceId, span, found) -> {
            for (JsonNode event : span.path("events")) {
                if (event.path("name").asText().equals(FaultEvent.NAME)) {
                    found.add(new FaultedSpan(traceId, span.path("service").asText(), span.path("instance").asText(),
                            event.path("attributes").path(FaultEvent.KIND).asText()));
                }
            }
        });
    }

    /**
     * Client spans since the mystery started that failed because the server's certificate was refused (expired, or
     * not the sandbox authority's), each named by the process listening at the address it called.
     */
    private static List<FaultedSpan> refusedHandshakes(long sinceNanos) throws Exception {
        return spansSince(sinceNanos, "error=true", (traceId, span, found) -> {
            String error = span.path("attributes").path("error.type").asText();
            if (error.matches(".*(CertificateExpiredException|CertPathValidatorException|CertificateException)")) {
                int port = span.path("attributes").path("server.port").asInt();
                endpoints().processes().stream().filter(p -> p.port() == port).findFirst().ifPresent(p ->
                        found.add(new FaultedSpan(traceId, p.service(), p.name(), "certificate")));
            }
        });
    }

    /** What a look at one span adds to the findings. */
    @FunctionalInterface
    private interface SpanReading {
        void read(String traceId, JsonNode span, List<FaultedSpan> found);
    }

    /** Reads every span of the console's latest traces matching {@code filter} that began since the mystery did. */
    private static List<FaultedSpan> spansSince(long sinceNanos, String filter, SpanReading reading) throws Exception {
        List<FaultedSpan> found = new ArrayList<>();
        for (JsonNode summary : console("/api/traces?" + filter + "&limit=50").path("traces")) {
            if (summary.path("startNanos").asLong() < sinceNanos) {
                continue;
            }
            String traceId = summary.path("traceId").asText();
            for (JsonNode span : console("/api/traces/" + traceId).path("spans")) {
                reading.read(traceId, span, found);
            }
        }
        return found;
    }

    private static Map<String, Double> measure(String series) {
        SandboxEndpoints endpoints = endpoints();
        AdminClient admin = new AdminClient(endpoints.adminToken());
        Map<String, Double> values = new HashMap<>();
        SeriesSelector selector = SeriesSelector.parse(series);
        for (ProcessEndpoint process : endpoints.processes()) {
            values.put(process.name(), selector.sum(MetricsText.parse(admin.metrics(process))).orElse(0));
        }
        return values;
    }

    private static String service(String process) {
        return endpoints().processes().stream().filter(p -> p.name().equals(process)).findFirst().orElseThrow().service();
    }

    /** Faults active in the sandbox: those listed, or hidden ones too. */
    private static int faults(boolean hiddenToo) {
        SandboxEndpoints endpoints = endpoints();
        AdminClient admin = new AdminClient(endpoints.adminToken());
        return endpoints.processes().stream().mapToInt(p -> (hiddenToo ? admin.allFaults(p) : admin.faults(p)).size())
                .sum();
    }

    private static JsonNode console(String path) throws Exception {
        int port = faultline.sandbox().topology().console().port();
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private static SandboxEndpoints endpoints() {
        return LocalEndpoints.of(new SandboxPaths(FaultlineScript.HOME, faultline.stateDir), faultline.portOffset);
    }
}
