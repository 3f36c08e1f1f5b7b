package dev.faultline.chaos.runner.scenario;

import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;

import dev.faultline.chaos.runner.load.LoadReport;

/** How a run reads for people: the timeline as it happens, and the report at the end. */
public final class ScenarioReport {

    private ScenarioReport() {
    }

    /** One timeline line: {@code +  12.3s  fault        payments-down  injected  ...}. */
    public static String line(Journal.Entry entry) {
        return String.format("+%6.1fs  %-12s %-34s %-12s %s", entry.t(), entry.type(), entry.name(), entry.outcome(),
                details(entry.details())).stripTrailing();
    }

    /**
     * The whole report: verdict, timeline, checks, load and failed traces, and where the journal is.
     *
     * @param traces where a trace's page is, its id appended (the console's {@code /traces/})
     */
    public static String render(RunResult result, Journal journal, Path journalFile, String traces) {
        StringBuilder text = new StringBuilder();
        Scenario scenario = result.scenario();
        text.append(String.format("%nScenario %s: %s%n", scenario.name(), scenario.title()));
        text.append(String.format("Verdict: %s in %.1f s: %s%n", result.verdict(), result.seconds(), result.reason()));
        text.append("\nTimeline\n");
        journal.entries().stream()
                .filter(e -> !e.type().equals("expectation") && !e.type().equals(ExpectationResult.MEASUREMENT))
                .forEach(e -> text.append("  ").append(line(e)).append('\n'));
        if (result.results().stream().anyMatch(ExpectationResult::judged)) {
            text.append("\nChecks\n");
            for (ExpectationResult check : result.results()) {
                if (check.judged()) {
                    text.append(String.format("  %-6s %-34s %s: %s (after %.1f s)%n", check.held() ? "HELD" : "FAILED",
                            check.name(), check.rule(), check.reading().detail(), check.after()));
                }
            }
        }
        if (result.results().stream().anyMatch(check -> !check.judged())) {
            text.append("\nMeasured (not judged)\n");
            for (ExpectationResult measured : result.results()) {
                if (!measured.judged()) {
                    text.append(String.format("  %-34s %s: %s (after %.1f s)%n", measured.name(), measured.rule(),
                            measured.reading().detail(), measured.after()));
                }
            }
        }
        result.load().ifPresent(load -> text.append("\nLoad (client side)\n")
                .append(LoadReport.summary(load, result.seconds(), load.rate(), traces)).append('\n'));
        if (!scenario.exercise().isBlank()) {
            text.append("\nExercise: ").append(scenario.exercise().strip()).append('\n');
        }
        text.append("\nJournal: ").append(journalFile).append('\n');
        return text.toString();
    }

    private static String details(Map<String, Object> details) {
        return details.entrySet().stream()
                .filter(e -> !e.getKey().equals("fault"))
                .map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining("  "));
    }
}
