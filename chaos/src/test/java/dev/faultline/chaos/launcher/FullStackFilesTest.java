package dev.faultline.chaos.launcher;

import static dev.faultline.chaos.launcher.FullStackFiles.list;
import static dev.faultline.chaos.launcher.FullStackFiles.map;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The full stack without Docker: docker-compose.yml against the local launcher's topology, the Prometheus config
 * against the same, the dashboards and datasources against each other, and the labels the Loki and Jaeger
 * correlations use against what the telemetry pipeline emits.
 */
class FullStackFilesTest {

    private static final Pattern LOCAL_URL = Pattern.compile("http://127\\.0\\.0\\.1:(\\d+)");
    private static final Set<String> DATASOURCE_UIDS = Set.of("prometheus", "jaeger", "loki", "-- Grafana --");
    private static final long MEMORY_BUDGET_MB = 2560;

    private final Topology topology = Topology.local(SandboxPaths.of(FaultlineScript.HOME), 0, "token");
    private final Map<String, Object> compose = FullStackFiles.yaml(FullStackFiles.COMPOSE);

    @Test
    void composeRunsTheLocalTopologyWithTheSamePortsAndEnvironment() {
        Map<String, Object> services = map(compose.get("services"));
        for (ProcessSpec process : topology.processes()) {
            assertThat(services).as("compose service for " + process.name()).containsKey(process.name());
            Map<String, Object> service = map(services.get(process.name()));
            Map<String, Object> env = map(service.get("environment"));
            for (Map.Entry<String, String> entry : process.env().entrySet()) {
                String key = entry.getKey();
                switch (key) {
                    case "SERVER_HOST" -> assertThat(env.get(key)).isEqualTo("0.0.0.0");
                    case "DATA_DIR" -> assertThat(env.get(key)).isEqualTo("/data/" + process.service());
                    case "FAULTLINE_ADMIN_TOKEN" -> assertThat(String.valueOf(env.get(key))).isNotBlank();
                    default -> assertThat(String.valueOf(env.get(key))).as(process.name() + " " + key)
                            .isEqualTo(inCompose(entry.getValue()));
                }
            }
            assertThat(list(service.get("ports"))).containsExactlyInAnyOrder(
                    "127.0.0.1:" + process.port() + ":" + process.port(),
                    "127.0.0.1:" + process.adminPort() + ":" + process.adminPort());
            assertThat(String.valueOf(env.get("FAULTLINE_JAR"))).isEqualTo(process.jar()
                    .replaceFirst("^(services/)?([a-z]+)/target/", "$2/"));
            assertThat(List.of(String.valueOf(env.get("JAVA_OPTS")).strip().split("\\s+")))
                    .as("the same JVM flags as local mode").isEqualTo(Topology.SERVICE_JVM_OPTIONS);
            assertThat(String.valueOf(map(map(service.get("healthcheck"))).get("test")))
                    .contains("http://localhost:" + process.adminPort() + "/health/ready");
        }
        assertThat(services.keySet()).containsAll(List.of("otel-collector", "jaeger", "loki", "prometheus", "grafana"));
    }

    @Test
    void everyContainerHasAMemoryLimitAHealthcheckARestartPolicyAndAPinnedImage() {
        long total = 0;
        for (Map.Entry<String, Object> entry : map(compose.get("services")).entrySet()) {
            Map<String, Object> service = map(entry.getValue());
            String name = entry.getKey();
            assertThat(service).as(name).containsKeys("mem_limit", "healthcheck", "restart");
            assertThat(String.valueOf(service.get("restart"))).as(name).isIn("unless-stopped", "always");
            total += megabytes(String.valueOf(service.get("mem_limit")));
            String image = String.valueOf(service.get("image"));
            assertThat(image).as(name + " image pinned").matches("[^:]+:[^:]+").doesNotEndWith(":latest");
            if (service.containsKey("depends_on")) {
                map(service.get("depends_on")).values().forEach(condition ->
                        assertThat(map(condition).get("condition")).as(name).isEqualTo("service_healthy"));
            }
        }
        assertThat(total).as("total memory limits, MB").isLessThanOrEqualTo(MEMORY_BUDGET_MB);
        assertThat(compose).as("docker-compose 1.29 rejects a top-level name").doesNotContainKey("name");
    }

    @Test
    void composeValidatesWithDockerCompose() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/docker-compose")),
                "docker-compose is not installed: apt-get install --no-install-recommends docker-compose (.ci/run does)");
        Process check = new ProcessBuilder("docker-compose", "-f", FullStackFiles.COMPOSE.toString(), "config", "-q")
                .redirectErrorStream(true).start();
        String output = new String(check.getInputStream().readAllBytes());
        assertThat(check.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(check.exitValue()).as(output).isZero();
        Process plugin = new ProcessBuilder("docker", "compose", "version").redirectErrorStream(true).start();
        plugin.getInputStream().readAllBytes();
        if (plugin.waitFor(30, TimeUnit.SECONDS) && plugin.exitValue() == 0) {
            Process v2 = new ProcessBuilder("docker", "compose", "-f", FullStackFiles.COMPOSE.toString(), "config", "-q")
                    .redirectErrorStream(true).start();
            String v2Output = new String(v2.getInputStream().readAllBytes());
            assertThat(v2.waitFor(60, TimeUnit.SECONDS) && v2.exitValue() == 0).as(v2Output).isTrue();
        }
    }

    @Test
    void theAlertRulesAndThePrometheusConfigPassPromtool() throws Exception {
        LocalPrometheus.assumeInstalled();
        for (List<String> command : List.of(
                List.of("promtool", "check", "rules", FullStackFiles.RULES.resolve("faultline.yml").toString()),
                List.of("promtool", "check", "config", "--syntax-only", FullStackFiles.PROMETHEUS.toString()))) {
            Process check = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(check.getInputStream().readAllBytes());
            assertThat(check.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(check.exitValue()).as(String.join(" ", command) + "\n" + output).isZero();
        }
    }

    @Test
    void prometheusScrapesEveryProcessWithItsServiceAndInstance() {
        Map<String, Object> job = list(FullStackFiles.yaml(FullStackFiles.PROMETHEUS).get("scrape_configs")).stream()
                .map(FullStackFiles::map).filter(j -> "faultline".equals(j.get("job_name"))).findFirst().orElseThrow();
        List<String> scraped = new ArrayList<>();
        for (Object config : list(job.get("static_configs"))) {
            Map<String, Object> labels = map(map(config).get("labels"));
            for (Object target : list(map(config).get("targets"))) {
                scraped.add(target + " " + labels.get("service") + " " + labels.get("instance"));
            }
        }
        assertThat(scraped).containsExactlyInAnyOrderElementsOf(topology.processes().stream()
                .map(p -> p.name() + ":" + p.adminPort() + " " + p.service() + " " + p.name()).toList());
    }

    @Test
    void dashboardsParseUseOnlyProvisionedDatasourcesAndHaveUniquePanelIds() {
        Map<String, JsonNode> dashboards = FullStackFiles.dashboards();
        assertThat(dashboards.keySet()).containsExactlyInAnyOrder("overview.json", "resilience.json", "chaos.json",
                "business.json", "jvm.json");
        Set<String> uids = new HashSet<>();
        for (Map.Entry<String, JsonNode> entry : dashboards.entrySet()) {
            JsonNode dashboard = entry.getValue();
            assertThat(uids.add(dashboard.path("uid").asText())).as("unique uid " + entry.getKey()).isTrue();
            Set<Integer> ids = new HashSet<>();
            for (JsonNode panel : FullStackFiles.panels(dashboard)) {
                assertThat(ids.add(panel.path("id").asInt())).as(entry.getKey() + " panel id " + panel.path("id")).isTrue();
                if (!"row".equals(panel.path("type").asText())) {
                    assertThat(panel.path("targets").size()).as(entry.getKey() + " " + panel.path("title")).isPositive();
                    panel.path("targets").forEach(t -> assertThat(t.path("expr").asText()).isNotBlank());
                }
            }
            for (JsonNode datasource : dashboard.findValues("datasource")) {
                assertThat(datasource.path("uid").asText()).as(entry.getKey()).isIn(DATASOURCE_UIDS);
            }
            assertThat(dashboard.path("annotations").path("list").size()).isPositive();
        }
        List<Map<String, Object>> provisioned = list(FullStackFiles.yaml(FullStackFiles.DATASOURCES).get("datasources"))
                .stream().map(FullStackFiles::map).toList();
        assertThat(provisioned).extracting(d -> d.get("uid")).containsExactlyInAnyOrder("prometheus", "jaeger", "loki");
    }

    @Test
    void latencyPanelsShowExemplarsAndTheChaosDashboardShowsFaultAnnotations() {
        for (Map.Entry<String, JsonNode> entry : FullStackFiles.dashboards().entrySet()) {
            for (JsonNode panel : FullStackFiles.panels(entry.getValue())) {
                if (panel.path("targets").toString().contains("_bucket")) {
                    panel.path("targets").forEach(t -> assertThat(t.path("exemplar").asBoolean())
                            .as(entry.getKey() + " " + panel.path("title")).isTrue());
                }
            }
        }
        JsonNode chaos = FullStackFiles.dashboards().get("chaos.json");
        assertThat(chaos.path("annotations").toString()).contains("\"tags\":[\"faultline\",\"chaos\"]");
        assertThat(dev.faultline.chaos.scenario.GrafanaAnnotations.TAGS).containsExactly("faultline", "chaos");
    }

    @Test
    void correlationsUseTheLabelsThePipelineEmits() {
        Map<String, Map<String, Object>> datasources = new java.util.HashMap<>();
        list(FullStackFiles.yaml(FullStackFiles.DATASOURCES).get("datasources"))
                .forEach(d -> datasources.put(String.valueOf(map(d).get("uid")), map(map(d).get("jsonData"))));
        // Prometheus exemplars carry trace_id (io.prometheus:prometheus-metrics-tracer-otel) -> Jaeger
        assertThat(map(list(datasources.get("prometheus").get("exemplarTraceIdDestinations")).getFirst()))
                .containsEntry("name", "trace_id").containsEntry("datasourceUid", "jaeger");
        // Jaeger -> Loki: Loki's OTLP ingestion turns resource attribute service.name into the label service_name and
        // (OtlpExportTest in observability/ decodes a real export: logs carry service.name and the span's trace id)
        // keeps the log record's trace id as structured metadata trace_id; every process sets OTEL_SERVICE_NAME
        Map<String, Object> toLogs = map(datasources.get("jaeger").get("tracesToLogsV2"));
        assertThat(toLogs).containsEntry("datasourceUid", "loki");
        assertThat(String.valueOf(toLogs.get("query"))).contains("service_name=").contains("| trace_id=");
        // Jaeger -> Prometheus: the span's service.name is the scrape label service
        Map<String, Object> toMetrics = map(datasources.get("jaeger").get("tracesToMetrics"));
        assertThat(toMetrics).containsEntry("datasourceUid", "prometheus");
        assertThat(map(list(toMetrics.get("tags")).getFirst())).containsEntry("key", "service.name").containsEntry("value", "service");
        // Loki -> Jaeger from structured metadata, not a regex over the line
        assertThat(map(list(datasources.get("loki").get("derivedFields")).getFirst()))
                .containsEntry("matcherType", "label").containsEntry("matcherRegex", "trace_id").containsEntry("datasourceUid", "jaeger");
        for (ProcessSpec process : topology.processes()) {
            assertThat(process.env()).containsEntry("OTEL_SERVICE_NAME", process.service())
                    .containsEntry("OTEL_RESOURCE_ATTRIBUTES", "service.instance.id=" + process.name());
        }
        assertThat(FullStackFiles.yaml(FullStackFiles.HOME.resolve("observability/deploy/loki.yaml")).toString())
                .contains("allow_structured_metadata=true").contains("service.instance.id");
    }

    /** A local URL with the compose service that owns its port: http://127.0.0.1:8084 -> http://payments-1:8084. */
    private String inCompose(String value) {
        Matcher matcher = LOCAL_URL.matcher(value);
        StringBuilder result = new StringBuilder();
        while (matcher.find()) {
            int port = Integer.parseInt(matcher.group(1));
            matcher.appendReplacement(result, "http://" + topology.owner(port) + ":" + port);
        }
        matcher.appendTail(result);
        return result.toString();
    }

    private static long megabytes(String limit) {
        Matcher matcher = Pattern.compile("(\\d+)([mg])").matcher(limit.toLowerCase());
        assertThat(matcher.matches()).as("memory limit " + limit).isTrue();
        return Long.parseLong(matcher.group(1)) * (matcher.group(2).equals("g") ? 1024 : 1);
    }
}
