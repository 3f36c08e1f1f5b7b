package dev.faultline.cli.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/** The full stack's files as the tests read them: compose (merge keys resolved), Prometheus config, dashboards. */
final class FullStackFiles {

    static final Path HOME = FaultlineScript.HOME;
    static final Path COMPOSE = HOME.resolve("docker-compose.yml");
    static final Path PROMETHEUS = HOME.resolve("observability/deploy/prometheus.yml");
    static final Path COLLECTOR = HOME.resolve("observability/deploy/otel-collector.yaml");
    static final Path RULES = HOME.resolve("observability/deploy/rules");
    static final Path DATASOURCES = HOME.resolve("grafana/provisioning/datasources/faultline.yaml");
    static final Path DASHBOARDS = HOME.resolve("grafana/dashboards");

    private static final ObjectMapper JSON = new ObjectMapper();

    private FullStackFiles() {
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> yaml(Path file) {
        try {
            return (Map<String, Object>) merged(new Load(LoadSettings.builder().build()).loadFromString(Files.readString(file)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object value) {
        return (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object value) {
        return (List<Object>) value;
    }

    /** Every dashboard, by file name. */
    /** Every module's pom, the parent's first. */
    static List<Path> modulePoms() {
        try (Stream<Path> files = Files.walk(HOME, 3)) {
            return files.filter(f -> f.getFileName().toString().equals("pom.xml"))
                    .filter(f -> !f.toString().contains("/target/") && !f.toString().contains("/.faultline/"))
                    .sorted().toList();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static Map<String, JsonNode> dashboards() {
        Map<String, JsonNode> dashboards = new LinkedHashMap<>();
        try (Stream<Path> files = Files.list(DASHBOARDS)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
                dashboards.put(file.getFileName().toString(), JSON.readTree(file.toFile()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return dashboards;
    }

    /** Every panel of a dashboard, rows' collapsed panels included. */
    static List<JsonNode> panels(JsonNode dashboard) {
        List<JsonNode> panels = new ArrayList<>();
        for (JsonNode panel : dashboard.path("panels")) {
            panels.add(panel);
            panel.path("panels").forEach(panels::add);
        }
        return panels;
    }

    /** YAML merge keys ({@code <<: *anchor}), which YAML 1.2 loaders leave as a plain key, applied. */
    @SuppressWarnings("unchecked")
    private static Object merged(Object node) {
        if (node instanceof Map<?, ?> map) {
            Map<String, Object> result = new LinkedHashMap<>();
            Object base = map.get("<<");
            if (base != null) {
                result.putAll((Map<String, Object>) merged(base));
            }
            map.forEach((key, value) -> {
                if (!"<<".equals(key)) {
                    result.put(String.valueOf(key), merged(value));
                }
            });
            return result;
        }
        if (node instanceof List<?> list) {
            return list.stream().map(FullStackFiles::merged).toList();
        }
        return node;
    }
}
