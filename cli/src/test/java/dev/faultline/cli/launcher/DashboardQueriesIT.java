package dev.faultline.cli.launcher;

import static dev.faultline.cli.launcher.FullStackFiles.list;
import static dev.faultline.cli.launcher.FullStackFiles.map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.snakeyaml.engine.v2.api.Dump;
import org.snakeyaml.engine.v2.api.DumpSettings;

/**
 * The demo from nothing, and every PromQL expression of the dashboards and the alert rules against a real
 * Prometheus (the Debian package) that scrapes the sandbox with the stack's own prometheus.yml and rules while the
 * demo's payment-outage runs: each expression is accepted, and each panel returns data in the situation it exists to
 * show (the fallback panel's situation is catalog-latency's, run after). The tests share this class's sandbox and
 * each waits for the data it reads; none needs another to have run.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DashboardQueriesIT {

    /**
     * Panels payment-outage cannot feed, with the reason; the test runs the scenario that does feed them afterwards.
     * Everything else must return data during payment-outage.
     */
    private static final Map<String, String> NOT_FED_BY_PAYMENT_OUTAGE = Map.of(
            "resilience.json/Fallbacks", "orders has no fallback for payments: only the gateway's products route has "
                    + "one (stale-if-error), which catalog-latency feeds");
    /** Variables for the fallback's situation: the gateway's calls to catalog. */
    private static final Map<String, String> GATEWAY_TO_CATALOG = Map.of("$caller", "gateway", "$dependency", "catalog");

    /** Variables as a learner would pick them for this scenario: orders' breaker to payments. */
    private static final Map<String, String> VARIABLES = Map.of("$__rate_interval", "30s", "$service", ".*",
            "$instance", ".*", "$caller", "orders", "$dependency", "payments");

    private static FaultlineScript faultline;
    private static LocalPrometheus prometheus;
    private static OtlpReceiver otlp;
    private static Process demo;
    private static ProcessOutput demoOutput;

    /** Prometheus first, then the demo from nothing: Prometheus sees the sandbox from its first scrape on. */
    @BeforeAll
    static void start() throws Exception {
        LocalPrometheus.assumeInstalled();
        // where the collector stands in the full stack: every process exports its spans and logs here
        otlp = OtlpReceiver.start(1_000);
        faultline = new FaultlineScript(Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", otlp.endpoint()));
        assertThat(faultline.sandbox().runningState()).isEmpty();
        Path dir = Files.createTempDirectory(faultline.stateDir, "prometheus-");
        prometheus = LocalPrometheus.start(localConfig(faultline.portOffset), dir);
        // every process of the shop is a scrape target; the console is not one
        int targets = faultline.sandbox().topology().shop().size();
        try (StartupGate.Turn turn = StartupGate.startUp()) {
            demo = faultline.start("demo", "--keep");
            demoOutput = ProcessOutput.of(demo);
            await().atMost(Duration.ofSeconds(90)).until(() -> prometheus.query("up{job=\"faultline\"} == 1").size() == targets);
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("Prometheus never saw the " + targets + " processes up: " + prometheus.query("up")
                    + "\nThe demo printed:\n" + demoOutput.text() + "\nThe supervisor's log:\n"
                    + faultline.supervisorLog(), e);
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (demo != null) {
            demo.destroyForcibly();
        }
        if (prometheus != null) {
            prometheus.close();
        }
        if (faultline != null) {
            faultline.close();
        }
        if (otlp != null) {
            otlp.close();
        }
    }

    /**
     * The README's first command: the demo starts the sandbox, runs payment-outage under load and prints its report;
     * while it runs, every dashboard query is accepted and every panel has data. Then catalog-latency, for the one
     * panel payment-outage cannot feed. One test, as it is one timeline: the demo's outage happens once. First, as
     * it watches the demo that starts with the class; it leaves the sandbox quiet for the others.
     */
    @Test
    @Order(1)
    void theDemoRunsFromNothingToAReportAndEveryPanelHasDataInTheSituationItShows() throws Exception {
        Map<String, List<String>> panels = panelQueries(Map.of());
        List<String> refused = new ArrayList<>();
        for (Map.Entry<String, List<String>> panel : panels.entrySet()) {
            for (String expr : panel.getValue()) {
                JsonNode answer = prometheus.answer(expr);
                if (!"success".equals(answer.path("status").asText())) {
                    refused.add(panel.getKey() + ": " + expr + " -> " + answer.path("error").asText());
                }
            }
        }
        assertThat(refused).as("queries Prometheus refuses").isEmpty();
        assertRulesLoadedAndHealthy();

        try {
            try {
                await().atMost(Duration.ofSeconds(60)).until(() -> !prometheus.query(
                        "faultline_circuitbreaker_state{instance=\"orders\",name=\"payments\",state=\"open\"} == 1").isEmpty());
            } catch (org.awaitility.core.ConditionTimeoutException e) {
                throw new AssertionError("orders' breaker for payments never showed open in Prometheus within 60 s; "
                        + "the demo printed:\n" + demoOutput.text(), e);
            }
            Set<String> fed = new TreeSet<>();
            Set<String> expected = new TreeSet<>(panels.keySet());
            expected.removeAll(NOT_FED_BY_PAYMENT_OUTAGE.keySet());
            await().atMost(Duration.ofSeconds(25)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
                for (Map.Entry<String, List<String>> panel : panels.entrySet()) {
                    if (!fed.contains(panel.getKey()) && allReturnData(panel.getValue())) {
                        fed.add(panel.getKey());
                    }
                }
                Set<String> empty = new TreeSet<>(expected);
                empty.removeAll(fed);
                assertThat(empty).as("panels without data while payments is down and orders' breaker is open").isEmpty();
            });
            assertThat(fed).as("a panel listed as not fed by payment-outage has data: take it off the list")
                    .doesNotContainAnyElementsOf(NOT_FED_BY_PAYMENT_OUTAGE.keySet());
            String output = ProcessOutput.awaitEnd(demo, demoOutput, Duration.ofMinutes(2));
            if (demo.exitValue() != 0) {
                // the sandbox and its logs go with the test: keep what orders saw of its peers in the failure
                throw new AssertionError("./faultline demo exited " + demo.exitValue() + ":\n" + output
                        + "\norders.log, its breakers and its view of its peers' instances:\n" + peersSeenByOrders());
            }
            assertThat(output).contains("Verdict: PASSED").contains("HELD   the breaker opens")
                    .contains("HELD   the breaker closes again").contains("PROCESS          RPS");
            assertThat(faultline.sandbox().runningState()).as("--keep leaves the sandbox up").isPresent();
        } finally {
            demo.destroyForcibly();
        }

        // the one panel payment-outage cannot feed, in the situation it exists for
        List<String> fallbacks = panelQueries(GATEWAY_TO_CATALOG).get("resilience.json/Fallbacks");
        Process scenario = faultline.start("scenario", "run", "catalog-latency");
        ProcessOutput printed = ProcessOutput.of(scenario);
        try {
            await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> allReturnData(fallbacks));
            String output = ProcessOutput.awaitEnd(scenario, printed, Duration.ofMinutes(2));
            assertThat(scenario.exitValue()).as(output).isZero();
        } finally {
            scenario.destroyForcibly();
        }
    }

    @Test
    void noApplicationLabelIsRenamedByTheScrape() throws Exception {
        System.out.println("Series in Prometheus: " + prometheus.query("count({__name__=~\".+\"})").toString());
        assertThat(prometheus.labelNames()).as("a series whose own label collides with a target label is renamed exported_*")
                .noneMatch(label -> label.startsWith("exported_"));
        assertThat(prometheus.query("faultline_upstream_healthy{instance=\"orders\",upstream_service=\"payments\"}"))
                .as("orders' view of the payments instances, by their own labels").hasSize(2);
        assertThat(prometheus.query("faultline_chaos_faults_active{service=\"payments\",instance=\"payments-2\"}"))
                .as("the chaos engine's series carry the target's service and instance").isNotEmpty();
    }

    /**
     * Grafana's correlations rendered from what the processes really exported (decoded OTLP, seen as Jaeger shows
     * spans to Grafana: service.name is no tag) and checked against the backends' data: trace -> logs names records
     * that exist, trace -> metrics queries return series from this sandbox, exemplars point at exported traces, log
     * records carry the trace id Loki keeps as trace_id.
     */
    @Test
    void everyCorrelationOpensOnWhatTheServicesExport() throws Exception {
        Map<String, Object> jaeger = map(list(FullStackFiles.yaml(FullStackFiles.DATASOURCES).get("datasources")).stream()
                .map(FullStackFiles::map).filter(d -> "jaeger".equals(d.get("uid"))).findFirst().orElseThrow().get("jsonData"));
        String toLogs = GrafanaLinks.unescaped(map(jaeger.get("tracesToLogsV2")).get("query"));
        Map<String, Object> toMetrics = map(jaeger.get("tracesToMetrics"));
        Map<String, String> mapping = GrafanaLinks.tagMapping(list(toMetrics.get("tags")));

        // the demo's traffic comes with the API key: a token request is the issuer's served request
        FaultlineScript.Result token = faultline.run("token");
        assertThat(token.exitCode()).as(token.output()).isZero();
        // the broker serves no HTTP API: its work is Artemis's own, which exports no spans
        List<String> serving = faultline.sandbox().topology().shop().stream().map(ProcessSpec::name)
                .filter(name -> !name.equals(Topology.BROKER)).toList();
        Map<String, GrafanaLinks.Span> serverSpans = new java.util.TreeMap<>();
        Map<String, Integer> spansPerTrace = new java.util.HashMap<>();
        // exports arrive in batches every few seconds: the demo's traffic reaches every process soon after its start
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            serverSpans.clear();
            spansPerTrace.clear();
            collectServerSpansWithLogs(serverSpans, spansPerTrace);
            assertThat(serverSpans.keySet()).as("a served request of every process, with logs of its trace")
                    .containsExactlyInAnyOrderElementsOf(serving);
        });

        for (Map.Entry<String, GrafanaLinks.Span> entry : serverSpans.entrySet()) {
            GrafanaLinks.Span span = entry.getValue();
            GrafanaLinks.Link logs = GrafanaLinks.render(toLogs, span, mapping);
            assertThat(logs.undefined()).as(entry.getKey() + ": trace -> logs").isEmpty();
            assertThat(GrafanaLinks.streamLabels(logs.query())).containsExactly("service_instance_id");
            assertThat(logs.query()).as("the records the link finds exist")
                    .contains("service_instance_id=\"" + entry.getKey() + "\"");
            assertThat(otlp.loggedBy(span.traceId())).contains(entry.getKey());
            for (Object query : list(toMetrics.get("queries"))) {
                GrafanaLinks.Link metrics = GrafanaLinks.render(GrafanaLinks.unescaped(map(query).get("query")), span, mapping);
                assertThat(metrics.undefined()).as(entry.getKey() + " " + map(query).get("name")).isEmpty();
                // a rate needs two scrapes of the span's series in its window
                await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
                    JsonNode answer = prometheus.answer(metrics.query());
                    assertThat(answer.path("status").asText()).as(metrics.query() + " -> " + answer).isEqualTo("success");
                    assertThat(answer.path("data").path("result")).as(metrics.query()).isNotEmpty();
                });
            }
        }

        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            JsonNode exemplars = prometheus.exemplars("http_server_request_duration_seconds_bucket{instance=\"gateway\"}");
            assertThat(exemplars.findValuesAsText("trace_id")).as("exemplars -> Jaeger by trace_id").isNotEmpty()
                    .anySatisfy(traceId -> assertThat(otlp.sawTrace(traceId)).as(traceId + " was exported").isTrue());
        });

        double perTrace = spansPerTrace.values().stream().mapToInt(Integer::intValue).average().orElse(0);
        double bytes = otlp.spanBytes().stream().mapToInt(Integer::intValue).average().orElse(0);
        // the figures jaeger.yaml's max_traces is sized with
        System.out.printf("Exported traces: %.1f spans a trace on average, %.0f bytes a span as OTLP protobuf (%d traces)%n",
                perTrace, bytes, spansPerTrace.size());
    }

    /**
     * Spans still queued when a process stops are flushed to a listening collector: the gateway, restarted as a
     * settings change restarts it, stops gracefully (the sandbox stays up for the other tests).
     */
    @Test
    void theLastSpansBeforeAProcessStopsReachTheCollector() throws Exception {
        String traceId = ("5ca1ab1e" + Long.toHexString(System.nanoTime()) + "0".repeat(24)).substring(0, 32);
        java.net.http.HttpResponse<String> products = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + faultline.port("gateway")
                        + "/api/products")).header("X-API-Key", "faultline-demo-key")
                        .header("traceparent", "00-" + traceId + "-00f067aa0ba902b7-01").build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(products.statusCode()).isEqualTo(200);
        assertThat(otlp.sawTrace(traceId)).as("still queued: the batch processor exports every 5 s").isFalse();

        faultline.sandbox().restart("gateway", Duration.ofSeconds(60));

        assertThat(otlp.sawTrace(traceId)).as("flushed at exit").isTrue();
    }

    /** Each process's first served request whose trace has logs, by instance, and the number of spans of each trace. */
    private static void collectServerSpansWithLogs(Map<String, GrafanaLinks.Span> serverSpans,
                                                   Map<String, Integer> spansPerTrace) {
        for (var export : otlp.traces()) {
            for (var resource : export.getResourceSpansList()) {
                Map<String, String> attributes = strings(resource.getResource().getAttributesList());
                for (var scope : resource.getScopeSpansList()) {
                    for (var span : scope.getSpansList()) {
                        String traceId = OtlpReceiver.hex(span.getTraceId());
                        spansPerTrace.merge(traceId, 1, Integer::sum);
                        if (span.getKind() == io.opentelemetry.proto.trace.v1.Span.SpanKind.SPAN_KIND_SERVER
                                && !otlp.loggedBy(traceId).isEmpty()) {
                            serverSpans.putIfAbsent(attributes.get("service.instance.id"), GrafanaLinks.Span.fromOtlp(
                                    traceId, OtlpReceiver.hex(span.getSpanId()), attributes, strings(span.getAttributesList())));
                        }
                    }
                }
            }
        }
    }

    private static Map<String, String> strings(List<io.opentelemetry.proto.common.v1.KeyValue> attributes) {
        Map<String, String> values = new LinkedHashMap<>();
        attributes.forEach(kv -> values.put(kv.getKey(), kv.getValue().hasStringValue() ? kv.getValue().getStringValue()
                : kv.getValue().toString().strip()));
        return values;
    }

    private static boolean allReturnData(List<String> exprs) throws Exception {
        for (String expr : exprs) {
            if (prometheus.query(expr).isEmpty()) {
                return false;
            }
        }
        return true;
    }

    /** The rules (alerts and recordings) the rule files define: each must be loaded. */
    private static int ruleCount() throws java.io.IOException {
        int count = 0;
        try (var files = Files.list(FullStackFiles.RULES)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yml")).toList()) {
                for (Object group : list(FullStackFiles.yaml(file).get("groups"))) {
                    count += list(map(group).get("rules")).size();
                }
            }
        }
        return count;
    }

    private static void assertRulesLoadedAndHealthy() throws Exception {
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            List<String> rules = new ArrayList<>();
            for (JsonNode group : prometheus.rules()) {
                for (JsonNode rule : group.path("rules")) {
                    rules.add(rule.path("name").asText() + "=" + rule.path("health").asText());
                }
            }
            assertThat(rules).hasSize(ruleCount()).allMatch(rule -> rule.endsWith("=ok"), "every rule evaluates");
        });
    }

    /**
     * Each dashboard panel's queries by {@code file/title}, annotation queries too, with the variables substituted
     * ({@code VARIABLES}, then {@code overrides}).
     */
    private static Map<String, List<String>> panelQueries(Map<String, String> overrides) {
        Map<String, String> variables = new java.util.HashMap<>(VARIABLES);
        variables.putAll(overrides);
        Map<String, List<String>> queries = new LinkedHashMap<>();
        FullStackFiles.dashboards().forEach((file, dashboard) -> {
            for (JsonNode panel : FullStackFiles.panels(dashboard)) {
                List<String> exprs = new ArrayList<>();
                panel.path("targets").forEach(target -> exprs.add(substitute(target.path("expr").asText(), variables)));
                if (!exprs.isEmpty()) {
                    assertThat(queries.put(file + "/" + panel.path("title").asText(), exprs)).as("unique titles").isNull();
                }
            }
            for (JsonNode annotation : dashboard.path("annotations").path("list")) {
                if (annotation.has("expr")) {
                    queries.put(file + "/annotation " + annotation.path("name").asText(),
                            List.of(substitute(annotation.path("expr").asText(), variables)));
                }
            }
        });
        return queries;
    }

    private static String substitute(String expr, Map<String, String> variables) {
        String result = expr;
        for (Map.Entry<String, String> variable : variables.entrySet()) {
            result = result.replace(variable.getKey(), variable.getValue());
        }
        return result;
    }

    /**
     * The stack's prometheus.yml and rules, pointed at the local sandbox: each {@code process:port} target becomes
     * 127.0.0.1 with the sandbox's port offset; the collector's job is dropped (no collector runs here); 1 s scrapes.
     */
    private static String localConfig(int portOffset) {
        Map<String, Object> config = FullStackFiles.yaml(FullStackFiles.PROMETHEUS);
        Map<String, Object> global = new LinkedHashMap<>(map(config.get("global")));
        global.put("scrape_interval", "1s");
        global.put("evaluation_interval", "1s");
        global.put("scrape_timeout", "1s");
        List<Object> jobs = new ArrayList<>();
        for (Object job : list(config.get("scrape_configs"))) {
            if (!"faultline".equals(map(job).get("job_name"))) {
                continue;
            }
            Map<String, Object> local = new LinkedHashMap<>(map(job));
            List<Object> statics = new ArrayList<>();
            for (Object entry : list(local.get("static_configs"))) {
                Map<String, Object> copy = new LinkedHashMap<>(map(entry));
                copy.put("targets", list(copy.get("targets")).stream().map(target -> {
                    int port = Integer.parseInt(String.valueOf(target).split(":")[1]);
                    return (Object) ("127.0.0.1:" + (port + portOffset));
                }).toList());
                statics.add(copy);
            }
            local.put("static_configs", statics);
            jobs.add(local);
        }
        Map<String, Object> local = new LinkedHashMap<>(config);
        local.put("global", global);
        local.put("rule_files", List.of(FullStackFiles.RULES.toAbsolutePath() + "/*.yml"));
        local.put("scrape_configs", jobs);
        return new Dump(DumpSettings.builder().build()).dumpToString(local);
    }

    /** The last lines of orders.log about its breakers and its peers' instances (transitions, ejections, health). */
    private static String peersSeenByOrders() {
        Path log = faultline.stateDir.resolve("logs/orders.log");
        try {
            List<String> lines = Files.readAllLines(log).stream().filter(line -> line.contains("Circuit breaker")
                    || line.contains("Ejected") || line.contains(" is healthy again") || line.contains(" is unhealthy")).toList();
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
        } catch (java.io.IOException e) {
            return "(" + log + " cannot be read: " + e + ")";
        }
    }
}
