package dev.faultline.cli.workshop;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The Grafana dashboards of a checkout ({@code grafana/dashboards/}), to turn {@code Dashboard / Panel} as an
 * exercise names it into a link, and to refuse a name that no dashboard has.
 */
public final class Dashboards {

    /** Grafana's address in the full stack (compose publishes it there). */
    public static final String GRAFANA = "http://localhost:3000";

    private final List<JsonNode> dashboards = new ArrayList<>();

    public Dashboards(Path home) {
        Path folder = home.resolve("grafana/dashboards");
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
                dashboards.add(Progress.JSON.readTree(file.toFile()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the dashboards in " + folder, e);
        }
    }

    /**
     * The panel's link, {@code http://localhost:3000/d/<uid>?viewPanel=<id>}; empty when the dashboard or panel
     * does not exist.
     *
     * @param where {@code Faultline / Resilience / Breaker state}: the dashboard's title, then the panel's
     */
    public Optional<String> link(String where) {
        int split = where.lastIndexOf(" / ");
        if (split < 0) {
            return Optional.empty();
        }
        String dashboard = where.substring(0, split).strip();
        String panel = where.substring(split + 3).strip();
        for (JsonNode board : dashboards) {
            if (board.path("title").asText().equals(dashboard)) {
                return panel(board.path("panels"), panel).map(id -> GRAFANA + "/d/" + board.path("uid").asText()
                        + "?viewPanel=" + id);
            }
        }
        return Optional.empty();
    }

    private static Optional<Integer> panel(JsonNode panels, String title) {
        for (JsonNode panel : panels) {
            if (panel.path("title").asText().equals(title) && !panel.path("type").asText().equals("row")) {
                return Optional.of(panel.path("id").asInt());
            }
            Optional<Integer> nested = panel(panel.path("panels"), title);
            if (nested.isPresent()) {
                return nested;
            }
        }
        return Optional.empty();
    }
}
