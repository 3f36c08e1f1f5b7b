package dev.faultline.console;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.faultline.chaos.runner.control.SandboxEndpoints;
import dev.faultline.chaos.runner.scenario.Journal;
import dev.faultline.chaos.runner.scenario.SavedRun;
import dev.faultline.chaos.runner.scenario.RunResult;
import dev.faultline.chaos.runner.scenario.Scenario;
import dev.faultline.chaos.runner.scenario.ScenarioReport;
import dev.faultline.chaos.runner.scenario.ScenarioRunner;
import dev.faultline.platform.http.ProblemException;

/**
 * Scenario runs started from the console, one at a time, on the CLI's own runner: each run's journal grows as it
 * happens (the page shows its timeline and its expectations turning held or failed), and is written to
 * {@code <state>/runs/} like a CLI run's when it ends. The latest runs are kept for their pages.
 */
final class ScenarioRuns {

    private static final int KEPT = 20;

    private final SandboxEndpoints endpoints;
    private final ScenarioRunner.Options options;
    private final Path stateDir;
    private final Clock clock;
    private final Map<String, Run> runs = new LinkedHashMap<>();
    private Run active;

    ScenarioRuns(SandboxEndpoints endpoints, ScenarioRunner.Options options, Path stateDir, Clock clock) {
        this.endpoints = endpoints;
        this.options = options;
        this.stateDir = stateDir;
        this.clock = clock;
    }

    /** Starts a run in the background; refused while another runs. */
    synchronized Run start(Scenario scenario) {
        if (active != null && active.running()) {
            throw ProblemException.conflict("scenario-running", "Scenario " + active.scenario.name() + " is running "
                    + "(run " + active.id + "); one runs at a time. Wait for it, or stop it.");
        }
        Journal journal = new Journal(clock, entry -> { });
        String id = SavedRun.id(scenario, journal);
        Run run = new Run(id, scenario, journal, new ScenarioRunner(endpoints, options));
        runs.put(id, run);
        while (runs.size() > KEPT) {
            runs.remove(runs.keySet().iterator().next());
        }
        active = run;
        Thread.ofVirtual().name("console-scenario-" + id).start(run::execute);
        return run;
    }

    synchronized Optional<Run> find(String id) {
        return Optional.ofNullable(runs.get(id));
    }

    synchronized List<Run> all() {
        List<Run> newestFirst = new ArrayList<>(runs.values());
        java.util.Collections.reverse(newestFirst);
        return newestFirst;
    }

    /** One run: running until {@link #result} is set. */
    final class Run {

        final String id;
        final Scenario scenario;
        final Journal journal;
        private final ScenarioRunner runner;
        private volatile RunResult result;
        private volatile String report = "";

        private Run(String id, Scenario scenario, Journal journal, ScenarioRunner runner) {
            this.id = id;
            this.scenario = scenario;
            this.journal = journal;
            this.runner = runner;
        }

        private void execute() {
            RunResult outcome = runner.run(scenario, journal);
            Path file = SavedRun.file(stateDir, scenario, journal);
            SavedRun.write(file, scenario, outcome, journal, Map.of("startedFrom", "console"));
            report = ScenarioReport.render(outcome, journal, file, "/traces/");
            result = outcome;
        }

        boolean running() {
            return result == null;
        }

        /** The verdict's name, null while it runs. */
        String verdict() {
            RunResult done = result;
            return done == null ? null : done.verdict().name();
        }

        /** Ends the run now: its rollbacks run, the verdict is interrupted. */
        void stop() {
            runner.interrupt();
        }

        /** The run as its page shows it. */
        Map<String, Object> view() {
            Map<String, Object> view = new LinkedHashMap<>();
            view.put("id", id);
            view.put("scenario", scenario.name());
            view.put("title", scenario.title());
            RunResult done = result;
            view.put("running", done == null);
            view.put("verdict", done == null ? null : done.verdict().name());
            view.put("reason", done == null ? null : done.reason());
            view.put("checks", done == null ? List.of() : done.results());
            view.put("entries", journal.entries());
            view.put("report", report);
            return view;
        }
    }
}
