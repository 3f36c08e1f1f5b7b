package dev.faultline.chaos.runner.scenario;

import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where a scenario run's journal is kept and what it says about the run, for the CLI's runs and the console's alike:
 * {@code <state>/runs/<scenario>-<start, UTC>.json}, its verdict, reason and checks above the journal's entries.
 */
public final class SavedRun {

    /** The runs' folder under a sandbox's state directory. */
    public static final String FOLDER = "runs";
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    private SavedRun() {
    }

    /** A run's name: its scenario and when its journal started ({@code payment-outage-20261207T181158Z}). */
    public static String id(Scenario scenario, Journal journal) {
        return scenario.name() + "-" + STAMP.format(journal.started());
    }

    /** Where a run's journal goes in a state directory's runs. */
    public static Path file(Path stateDir, Scenario scenario, Journal journal) {
        return stateDir.resolve(FOLDER).resolve(id(scenario, journal) + ".json");
    }

    /**
     * Writes the run's journal with its summary.
     *
     * @param extra more summary fields (where the run was started from)
     */
    public static void write(Path file, Scenario scenario, RunResult result, Journal journal, Map<String, ?> extra) {
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("scenario", scenario.name());
        summary.put("title", scenario.title());
        summary.put("file", scenario.file());
        summary.put("verdict", result.verdict().name());
        summary.put("reason", result.reason());
        summary.put("checks", result.results());
        summary.putAll(extra);
        journal.write(file, summary);
    }
}
