package dev.faultline.cli.launcher;

import static dev.faultline.cli.launcher.FullStackFiles.list;
import static dev.faultline.cli.launcher.FullStackFiles.map;
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
import dev.faultline.chaos.model.SettingsFile;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The full stack without Docker: docker-compose.yml against the local launcher's topology, the Prometheus config
 * against the same, the dashboards and datasources against each other, and the labels the Loki and Jaeger
 * correlations use against what the telemetry pipeline emits.
 */
class FullStackFilesTest {

    private static final Pattern LOCAL_URL = Pattern.compile("(http|tcp)://127\\.0\\.0\\.1:(\\d+)");
    private static final Set<String> DATASOURCE_UIDS = Set.of("prometheus", "jaeger", "loki", "-- Grafana --");
    private static final long MEMORY_BUDGET_MB = 3392;

    private final Topology topology = Topology.local(SandboxPaths.of(FaultlineScript.HOME), 0, "token");
    private final Map<String, Object> compose = FullStackFiles.yaml(FullStackFiles.COMPOSE);

    @Test
    void composeRunsTheLocalTopologyWithTheSamePortsAndEnvironment() {
        Map<String, Object> services = map(compose.get("services"));
        for (ProcessSpec process : topology.shop()) {
            assertThat(services).as("compose service for " + process.name()).containsKey(process.name());
            Map<String, Object> service = map(services.get(process.name()));
            Map<String, Object> env = map(service.get("environment"));
            for (Map.Entry<String, String> entry : process.env().entrySet()) {
                String key = entry.getKey();
                switch (key) {
                    case "SERVER_HOST" -> assertThat(env.get(key)).isEqualTo("0.0.0.0");
                    case "DATA_DIR" -> assertThat(env.get(key)).isEqualTo("/data/" + process.service());
                    case "SECRETS_DIR" -> assertThat(env.get(key)).isEqualTo("/secrets/" + process.service());
                    case SettingsFile.VARIABLE -> assertThat(env.get(key))
                            .isEqualTo("/settings/" + SettingsFile.name(process.service()));
                    case "FAULTLINE_ADMIN_TOKEN" -> assertThat(String.valueOf(env.get(key))).isNotBlank();
                    // locally the console receives OTLP; in compose the collector does (and keeps Jaeger and Loki fed)
                    case "OTEL_EXPORTER_OTLP_ENDPOINT" -> assertThat(String.valueOf(env.get(key)))
                            .isEqualTo("http://otel-collector:4318");
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
                    .as("the same JVM flags as local mode").isEqualTo(process.jvmOptions());
            assertThat(String.valueOf(map(map(service.get("healthcheck"))).get("test")))
                    .contains("http://localhost:" + process.adminPort() + "/health/ready");
        }
        assertThat(services.keySet()).containsAll(List.of("otel-collector", "jaeger", "loki", "prometheus", "grafana"));
    }

    @Test
    void composeRunsTheConsoleWatchingEveryProcessByItsContainerAndTheCollectorFeedsIt() {
        Map<String, Object> console = map(map(compose.get("services")).get(Topology.CONSOLE));
        Map<String, Object> env = map(console.get("environment"));
        ProcessSpec local = topology.console();
        assertThat(list(console.get("ports"))).containsExactlyInAnyOrder("127.0.0.1:" + local.port() + ":" + local.port(),
                "127.0.0.1:" + local.adminPort() + ":" + local.adminPort());
        String expected = topology.shop().stream().map(p -> p.name() + "=" + p.service() + "@" + p.name() + ":" + p.port()
                + ":" + p.adminPort()).collect(java.util.stream.Collectors.joining(","));
        assertThat(String.valueOf(env.get("FAULTLINE_PROCESSES")).strip()).isEqualTo(expected);
        assertThat(String.valueOf(env.get("CONSOLE_OTLP_PORT"))).isEqualTo(String.valueOf(Topology.OTLP_PORT));
        Map<String, Object> collector = FullStackFiles.yaml(FullStackFiles.COLLECTOR);
        assertThat(String.valueOf(map(map(collector.get("exporters")).get("otlphttp/console")).get("endpoint")))
                .isEqualTo("http://console:" + Topology.OTLP_PORT);
        Map<String, Object> pipelines = map(map(collector.get("service")).get("pipelines"));
        assertThat(list(map(pipelines.get("traces")).get("exporters"))).contains("otlphttp/console");
        assertThat(list(map(pipelines.get("logs")).get("exporters"))).contains("otlphttp/console");
    }

    @Test
    void everyContainerHasAMemoryLimitAHealthcheckARestartPolicyAndAPinnedImage() {
        long total = 0;
        for (Map.Entry<String, Object> entry : map(compose.get("services")).entrySet()) {
            Map<String, Object> service = map(entry.getValue());
            String name = entry.getKey();
            assertThat(service).as(name).containsKeys("mem_limit", "healthcheck", "restart");
            boolean probed = !Boolean.TRUE.equals(map(service.get("healthcheck")).get("disable"));
            assertThat(probed || name.equals("otel-collector")).as(name + ": only the collector goes unprobed").isTrue();
            assertThat(String.valueOf(service.get("restart"))).as(name).isIn("unless-stopped", "always");
            total += megabytes(String.valueOf(service.get("mem_limit")));
            String image = String.valueOf(service.get("image"));
            assertThat(image).as(name + " image pinned").matches("[^:]+:[^:]+").doesNotEndWith(":latest");
            if (service.containsKey("depends_on")) {
                map(service.get("depends_on")).forEach((dependency, condition) ->
                        assertThat(map(condition).get("condition")).as(name + " on " + dependency)
                                .isEqualTo(dependency.equals("otel-collector") ? "service_started" : "service_healthy"));
            }
        }
        assertThat(total).as("total memory limits, MB").isLessThanOrEqualTo(MEMORY_BUDGET_MB);
        assertThat(compose).as("docker-compose 1.29 rejects a top-level name").doesNotContainKey("name");
    }

    /**
     * docker-compose accepts the file with an admin token given, and without one refuses to start anything, saying
     * how to make one: the stack has no default token. A checkout's own .env is not read (an env file of the test's).
     */
    @Test
    void composeValidatesWithDockerComposeAndHasNoDefaultAdminToken() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/docker-compose")),
                "docker-compose is not installed: apt-get install --no-install-recommends docker-compose (.ci/run does)");
        Path withToken = Files.createTempFile("faultline-compose-", ".env");
        Path without = Files.createTempFile("faultline-compose-", ".env");
        try {
            Files.writeString(withToken, "FAULTLINE_ADMIN_TOKEN=a-token-made-for-this-test\n");
            Compose valid = compose(List.of("docker-compose", "--env-file", withToken.toString()));
            assertThat(valid.exitCode()).as(valid.output()).isZero();
            Compose refused = compose(List.of("docker-compose", "--env-file", without.toString()));
            assertThat(refused.exitCode()).as(refused.output()).isNotZero();
            assertThat(refused.output()).contains("FAULTLINE_ADMIN_TOKEN").contains("./faultline secrets init");
            Process plugin = new ProcessBuilder("docker", "compose", "version").redirectErrorStream(true).start();
            plugin.getInputStream().readAllBytes();
            if (plugin.waitFor(30, TimeUnit.SECONDS) && plugin.exitValue() == 0) {
                Compose v2 = compose(List.of("docker", "compose", "--env-file", withToken.toString()));
                assertThat(v2.exitCode()).as(v2.output()).isZero();
            }
        } finally {
            Files.deleteIfExists(withToken);
            Files.deleteIfExists(without);
        }
    }

    private record Compose(int exitCode, String output) {
    }

    /** {@code <command> -f docker-compose.yml config -q}, with no admin token in its environment. */
    private static Compose compose(List<String> command) throws Exception {
        List<String> line = new java.util.ArrayList<>(command);
        line.addAll(List.of("-f", FullStackFiles.COMPOSE.toString(), "config", "-q"));
        ProcessBuilder builder = new ProcessBuilder(line).redirectErrorStream(true);
        builder.environment().remove("FAULTLINE_ADMIN_TOKEN");
        Process check = builder.start();
        String output = new String(check.getInputStream().readAllBytes());
        assertThat(check.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Compose(check.exitValue(), output);
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
        assertThat(scraped).containsExactlyInAnyOrderElementsOf(topology.shop().stream()
                .map(p -> p.name() + ":" + p.adminPort() + " " + p.service() + " " + p.name()).toList());
    }

    @Test
    void dashboardsParseUseOnlyProvisionedDatasourcesAndHaveUniquePanelIds() {
        Map<String, JsonNode> dashboards = FullStackFiles.dashboards();
        assertThat(dashboards.keySet()).containsExactlyInAnyOrder("overview.json", "resilience.json", "chaos.json",
                "business.json", "jvm.json", "messaging.json");
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
        assertThat(dev.faultline.chaos.runner.scenario.GrafanaAnnotations.TAGS).containsExactly("faultline", "chaos");
    }

    @Test
    void correlationsUseTheLabelsThePipelineEmits() {
        Map<String, Map<String, Object>> datasources = datasources();
        // Prometheus exemplars carry trace_id (io.prometheus:prometheus-metrics-tracer-otel) -> Jaeger
        assertThat(map(list(datasources.get("prometheus").get("exemplarTraceIdDestinations")).getFirst()))
                .containsEntry("name", "trace_id").containsEntry("datasourceUid", "jaeger");
        assertThat(map(datasources.get("jaeger").get("tracesToLogsV2"))).containsEntry("datasourceUid", "loki");
        assertThat(map(datasources.get("jaeger").get("tracesToMetrics"))).containsEntry("datasourceUid", "prometheus");
        // Loki -> Jaeger from structured metadata, not a regex over the line
        assertThat(map(list(datasources.get("loki").get("derivedFields")).getFirst()))
                .containsEntry("matcherType", "label").containsEntry("matcherRegex", "trace_id").containsEntry("datasourceUid", "jaeger");
        for (ProcessSpec process : topology.shop()) {
            assertThat(process.env()).containsEntry("OTEL_SERVICE_NAME", process.service())
                    .containsEntry("OTEL_RESOURCE_ATTRIBUTES", "service.instance.id=" + process.name());
        }
        assertThat(FullStackFiles.yaml(FullStackFiles.HOME.resolve("observability/deploy/loki.yaml")).toString())
                .contains("allow_structured_metadata=true");
    }

    /**
     * Each span-to-logs and span-to-metrics link, rendered for every process's spans as Jaeger hands them to Grafana
     * (service.name is no tag there): every variable defined, the LogQL on labels Loki indexes, the PromQL on the
     * process's own {@code instance} label. DashboardQueriesIT renders them again from a real export and runs them.
     */
    @Test
    void everySpanLinkRendersForEveryProcessWithLabelsTheBackendsHave() {
        Map<String, Map<String, Object>> datasources = datasources();
        Map<String, Object> toLogs = map(datasources.get("jaeger").get("tracesToLogsV2"));
        Map<String, Object> toMetrics = map(datasources.get("jaeger").get("tracesToMetrics"));
        Map<String, String> mapping = GrafanaLinks.tagMapping(list(toMetrics.get("tags")));
        Set<String> lokiLabels = new HashSet<>(GrafanaLinks.LOKI_DEFAULT_OTLP_LABELS);
        lokiLabels.addAll(lokiIndexLabels());
        Map<String, String> instanceLabels = new java.util.HashMap<>();
        for (Object config : list(prometheusJob("faultline").get("static_configs"))) {
            Map<String, Object> labels = map(map(config).get("labels"));
            instanceLabels.put(String.valueOf(labels.get("instance")), String.valueOf(labels.get("instance")));
        }
        for (ProcessSpec process : topology.shop()) {
            Map<String, String> resource = new java.util.LinkedHashMap<>();
            resource.put("service.name", process.env().get("OTEL_SERVICE_NAME"));
            for (String pair : process.env().get("OTEL_RESOURCE_ATTRIBUTES").split(",")) {
                resource.put(pair.split("=")[0], pair.split("=")[1]);
            }
            GrafanaLinks.Span span = GrafanaLinks.Span.fromOtlp("4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7",
                    resource, Map.of("http.route", "/orders", "http.request.method", "POST"));

            GrafanaLinks.Link logs = GrafanaLinks.render(GrafanaLinks.unescaped(toLogs.get("query")), span, mapping);
            assertThat(logs.undefined()).as(process.name() + ": trace -> logs is shown only when all is defined").isEmpty();
            assertThat(GrafanaLinks.streamLabels(logs.query())).as(logs.query()).isNotEmpty().allSatisfy(label ->
                    assertThat(lokiLabels).as("labels Loki indexes for OTLP").contains(label));
            assertThat(logs.query()).contains("\"" + process.name() + "\"").contains("4bf92f3577b34da6a3ce929d0e0e4736");

            for (Object query : list(toMetrics.get("queries"))) {
                GrafanaLinks.Link metrics = GrafanaLinks.render(GrafanaLinks.unescaped(map(query).get("query")), span,
                        mapping);
                assertThat(metrics.undefined()).as(process.name() + " " + map(query).get("name")).isEmpty();
                assertThat(metrics.query()).as("on the process's own series").contains("instance=\"" + process.name() + "\"");
                assertThat(instanceLabels).as("prometheus.yml gives the process that instance label").containsKey(process.name());
            }
        }
    }

    @Test
    void lokisRetentionIsEnforcedByItsCompactorAndItsCachesAreSmall() {
        Map<String, Object> loki = FullStackFiles.yaml(FullStackFiles.HOME.resolve("observability/deploy/loki.yaml"));
        assertThat(map(loki.get("limits_config"))).containsKey("retention_period");
        Map<String, Object> compactor = map(loki.get("compactor"));
        assertThat(compactor).as("retention_period without the compactor's retention does nothing")
                .containsEntry("retention_enabled", true).containsKey("delete_request_store");
        long caches = cacheMegabytes(map(map(map(loki.get("chunk_store_config")).get("chunk_cache_config")).get("embedded_cache")))
                + cacheMegabytes(map(map(map(map(loki.get("query_range")).get("results_cache")).get("cache")).get("embedded_cache")));
        // Loki 3.3 gives each unconfigured cache 100 MB
        assertThat(caches).as("Loki's caches, MB").isPositive()
                .isLessThan(megabytes(String.valueOf(service("loki").get("mem_limit"))) / 4);
    }

    @Test
    void grafanaHasNoFeatureToggleThatGrafana11Removed() {
        assertThat(map(service("grafana").get("environment"))).doesNotContainKey("GF_FEATURE_TOGGLES_ENABLE");
    }

    @Test
    void everyGoBackendHasAMemoryLimitForItsRuntimeBelowItsContainers() {
        for (String backend : List.of("jaeger", "loki", "prometheus", "otel-collector")) {
            Map<String, Object> service = service(backend);
            String limit = String.valueOf(map(service.get("environment")).get("GOMEMLIMIT"));
            Matcher matcher = Pattern.compile("(\\d+)MiB").matcher(limit);
            assertThat(matcher.matches()).as(backend + " GOMEMLIMIT " + limit).isTrue();
            assertThat(Long.parseLong(matcher.group(1)) * 1024 * 1024)
                    .as(backend + ": GOMEMLIMIT below the container limit, with room for what the Go runtime does not count")
                    .isLessThan(megabytes(String.valueOf(service.get("mem_limit"))) * 1024 * 1024 * 85 / 100);
        }
        Map<String, Object> limiter = map(map(FullStackFiles.yaml(FullStackFiles.HOME.resolve(
                "observability/deploy/otel-collector.yaml")).get("processors")).get("memory_limiter"));
        assertThat(((Number) limiter.get("limit_mib")).longValue()).as("the collector refuses data before its runtime limit")
                .isLessThan(150);
    }

    @Test
    void jaegerKeepsNoMoreTracesThanItsMemoryHolds() {
        Map<String, Object> jaeger = FullStackFiles.yaml(FullStackFiles.HOME.resolve("observability/deploy/jaeger.yaml"));
        long maxTraces = ((Number) map(map(map(map(map(jaeger.get("extensions")).get("jaeger_storage")).get("backends"))
                .get("memstore")).get("memory")).get("max_traces")).longValue();
        // the sizing documented in jaeger.yaml: ~33 KB a trace in memory, ~80 MB for Jaeger itself
        long needed = maxTraces * 33 * 1024 + 80L * 1024 * 1024;
        assertThat(needed).as("traces at their documented size, MB").isLessThan(300L * 1024 * 1024);
        assertThat(String.valueOf(map(service("jaeger").get("environment")).get("GOMEMLIMIT"))).isEqualTo("300MiB");
    }

    @Test
    void everyJvmsCappedMemoryFitsItsContainer() {
        Map<String, Long> caps = new java.util.HashMap<>();
        for (String option : Topology.SERVICE_JVM_OPTIONS) {
            Matcher matcher = Pattern.compile("-(?:Xmx|XX:MaxMetaspaceSize=|XX:ReservedCodeCacheSize=|XX:MaxDirectMemorySize=)"
                    + "(\\d+)m").matcher(option);
            if (matcher.matches()) {
                caps.put(option, Long.parseLong(matcher.group(1)));
            }
        }
        assertThat(caps).as("heap, metaspace, code cache and direct memory are all capped").hasSize(4);
        assertThat(Topology.SERVICE_JVM_OPTIONS).contains("-XX:+ExitOnOutOfMemoryError");
        long capped = caps.values().stream().mapToLong(Long::longValue).sum();
        // thread stacks, GC and JIT structures, SQLite's native memory come on top: keep 16 MB for them
        assertThat(capped + 16).as("MB").isLessThanOrEqualTo(megabytes(String.valueOf(service("users").get("mem_limit"))));
    }

    @Test
    void theCollectorHasNoHealthcheckThatStartsASecondCollectorAndNothingWaitsForItsHealth() {
        Map<String, Object> collector = service("otel-collector");
        assertThat(map(collector.get("healthcheck"))).as("its image has only the collector: nothing to probe with")
                .containsEntry("disable", true);
        for (Map.Entry<String, Object> entry : map(compose.get("services")).entrySet()) {
            Map<String, Object> dependsOn = map(map(entry.getValue()).getOrDefault("depends_on", Map.of()));
            if (dependsOn.containsKey("otel-collector")) {
                assertThat(map(dependsOn.get("otel-collector"))).as(entry.getKey()).containsEntry("condition", "service_started");
            }
        }
    }

    @Test
    void theImageResolvesDependenciesInALayerBeforeTheSourcesArrive() throws Exception {
        List<String> lines = Files.readAllLines(FullStackFiles.HOME.resolve("Dockerfile"));
        int dependencies = indexOf(lines, "dependency:go-offline");
        int sources = indexOf(lines, "COPY . .");
        assertThat(dependencies).as("a go-offline step").isNotNegative();
        assertThat(dependencies).as("dependencies resolve before the sources are copied").isLessThan(sources);
        for (Path pom : FullStackFiles.modulePoms()) {
            assertThat(lines.subList(0, dependencies)).as("the poms copied first").anySatisfy(line ->
                    assertThat(line).startsWith("COPY " + FullStackFiles.HOME.relativize(pom) + " "));
        }
    }

    private static int indexOf(List<String> lines, String text) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(text)) {
                return i;
            }
        }
        return -1;
    }

    private Map<String, Object> service(String name) {
        return map(map(compose.get("services")).get(name));
    }

    private static Map<String, Map<String, Object>> datasources() {
        Map<String, Map<String, Object>> datasources = new java.util.HashMap<>();
        list(FullStackFiles.yaml(FullStackFiles.DATASOURCES).get("datasources"))
                .forEach(d -> datasources.put(String.valueOf(map(d).get("uid")), map(map(d).get("jsonData"))));
        return datasources;
    }

    private static Map<String, Object> prometheusJob(String name) {
        return list(FullStackFiles.yaml(FullStackFiles.PROMETHEUS).get("scrape_configs")).stream()
                .map(FullStackFiles::map).filter(j -> name.equals(j.get("job_name"))).findFirst().orElseThrow();
    }

    /** The resource attributes loki.yaml makes index labels, as Loki names them. */
    private static List<String> lokiIndexLabels() {
        Map<String, Object> loki = FullStackFiles.yaml(FullStackFiles.HOME.resolve("observability/deploy/loki.yaml"));
        List<String> labels = new ArrayList<>();
        for (Object config : list(map(map(map(loki.get("limits_config")).get("otlp_config")).get("resource_attributes"))
                .get("attributes_config"))) {
            if ("index_label".equals(map(config).get("action"))) {
                list(map(config).get("attributes")).forEach(a -> labels.add(String.valueOf(a).replace('.', '_')));
            }
        }
        return labels;
    }

    private static long cacheMegabytes(Map<String, Object> cache) {
        assertThat(cache).as("an explicit, enabled cache").containsEntry("enabled", true).containsKey("max_size_mb");
        return ((Number) cache.get("max_size_mb")).longValue();
    }

    /** A local URL with the compose service that owns its port: http://127.0.0.1:8084 -> http://payments-1:8084. */
    private String inCompose(String value) {
        Matcher matcher = LOCAL_URL.matcher(value);
        StringBuilder result = new StringBuilder();
        while (matcher.find()) {
            int port = Integer.parseInt(matcher.group(2));
            matcher.appendReplacement(result, matcher.group(1) + "://" + topology.owner(port) + ":" + port);
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
