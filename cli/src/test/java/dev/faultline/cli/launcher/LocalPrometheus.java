package dev.faultline.cli.launcher;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A real Prometheus (the Debian package; {@code .ci/run} installs it) scraping every process of a test sandbox
 * each second, exemplar storage on, on a free loopback port; stopped by its PID.
 */
final class LocalPrometheus implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final Process process;
    private final int port;

    private LocalPrometheus(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    static LocalPrometheus scrape(Topology topology, Path dir) throws IOException {
        StringBuilder config = new StringBuilder("global:\n  scrape_interval: 1s\n  scrape_timeout: 1s\nscrape_configs:\n");
        for (ProcessSpec process : topology.shop()) {
            config.append("  - job_name: ").append(process.name()).append('\n')
                    .append("    static_configs:\n      - targets: ['127.0.0.1:").append(process.adminPort()).append("']\n")
                    .append("        labels: {service: ").append(process.service()).append("}\n");
        }
        return start(config.toString(), dir);
    }

    /** Starts Prometheus with this configuration, exemplar storage on, on a free loopback port. */
    static LocalPrometheus start(String config, Path dir) throws IOException {
        Path binary = Path.of("/usr/bin/prometheus");
        assumeInstalled();
        Files.createDirectories(dir);
        Path file = dir.resolve("prometheus.yml");
        Files.writeString(file, config);
        int port = freePort();
        Process process = new ProcessBuilder(binary.toString(), "--config.file=" + file, "--storage.tsdb.path=" + dir.resolve("data"),
                "--web.listen-address=127.0.0.1:" + port, "--enable-feature=exemplar-storage")
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("prometheus.log").toFile())
                .start();
        LocalPrometheus prometheus = new LocalPrometheus(process, port);
        prometheus.awaitReady(dir.resolve("prometheus.log"));
        return prometheus;
    }

    /** Until Prometheus answers /-/ready: on a busy machine it takes seconds to open its port and its database. */
    private void awaitReady(Path log) throws IOException {
        HttpRequest ready = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/-/ready"))
                .timeout(Duration.ofSeconds(2)).build();
        try {
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                    .ignoreExceptions().until(() -> HTTP.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200);
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new IllegalStateException("Prometheus did not get ready on port " + port + " within 30 s; its log:\n"
                    + (Files.exists(log) ? Files.readString(log) : "none"), e);
        }
    }

    /**
     * Skips the calling test where Prometheus and promtool are not installed (a developer's machine with only a
     * JDK); {@code .ci/run} installs them, so CI always runs these checks.
     */
    static void assumeInstalled() {
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/prometheus"))
                        && Files.isExecutable(Path.of("/usr/bin/promtool")),
                "Prometheus is not installed: apt-get install prometheus (.ci/run does)");
    }

    /** The whole answer to an instant PromQL query: {@code status}, {@code error}, {@code data}. */
    JsonNode answer(String promql) throws IOException, InterruptedException {
        return get("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
    }

    /** The rule groups Prometheus loaded, with each rule's health. */
    JsonNode rules() throws IOException, InterruptedException {
        return get("/api/v1/rules").path("data").path("groups");
    }

    /** Every label name Prometheus holds. */
    List<String> labelNames() throws IOException, InterruptedException {
        List<String> names = new java.util.ArrayList<>();
        get("/api/v1/labels").path("data").forEach(name -> names.add(name.asText()));
        return names;
    }

    /** The result of an instant PromQL query ({@code data.result}). */
    JsonNode query(String promql) throws IOException, InterruptedException {
        return get("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8)).path("data").path("result");
    }

    /** Each scrape target's job, health and last error, for assertion messages. */
    String targets() throws IOException, InterruptedException {
        StringBuilder targets = new StringBuilder();
        for (JsonNode target : get("/api/v1/targets").path("data").path("activeTargets")) {
            targets.append(target.path("labels").path("job").asText()).append('=').append(target.path("health").asText())
                    .append(' ').append(target.path("lastError").asText()).append("; ");
        }
        return targets.toString();
    }

    /** Exemplars stored for a query over the last minutes. */
    JsonNode exemplars(String promql) throws IOException, InterruptedException {
        long now = System.currentTimeMillis() / 1000;
        return get("/api/v1/query_exemplars?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8)
                + "&start=" + (now - 600) + "&end=" + (now + 60)).path("data");
    }

    private JsonNode get(String path) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(response.body());
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
    }

    private static int freePort() throws IOException {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
