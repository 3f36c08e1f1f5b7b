package dev.faultline.cli.commands;

import java.io.PrintWriter;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Consumer;

import dev.faultline.chaos.runner.scenario.ScenarioFiles;
import dev.faultline.chaos.runner.control.SandboxEndpoints;
import dev.faultline.chaos.runner.scenario.GrafanaAnnotations;
import dev.faultline.chaos.runner.scenario.RunListener;
import dev.faultline.chaos.runner.scenario.Journal;
import dev.faultline.chaos.runner.scenario.SavedRun;
import dev.faultline.chaos.runner.scenario.RunResult;
import dev.faultline.chaos.runner.scenario.Scenario;
import dev.faultline.chaos.runner.scenario.ScenarioException;
import dev.faultline.chaos.runner.scenario.ScenarioParser;
import dev.faultline.chaos.runner.scenario.ScenarioReport;
import dev.faultline.chaos.runner.scenario.ScenarioRunner;
import dev.faultline.chaos.runner.scenario.Verdict;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code faultline scenario run}. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Run a chaos scenario against the sandbox: load, steady-state probes, the method's faults, "
                + "expectations, rollbacks that always run (also on Ctrl-C), a JSON journal and a report.",
                "SCENARIO is a file or a name from chaos/scenarios/ (./faultline scenario list)."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:Every expectation held and the steady state came back.", "1:An expectation failed.",
                "2:The scenario is invalid (file, line and column are printed); nothing was started.",
                "3:The sandbox was not in its steady state or did not answer; nothing was judged.",
                "130:Interrupted (Ctrl-C); the rollbacks ran."})
final class ScenarioRunCommand implements Callable<Integer> {

    @Mixin
    private Output output;


    @Mixin
    private SandboxOptions options;

    @Parameters(paramLabel = "SCENARIO", description = "A scenario file or library name.")
    private String scenario;

    @Option(names = "--prometheus", description = "Prometheus URL for promql probes, e.g. http://localhost:9090.")
    private URI prometheus;

    @Option(names = "--grafana", description = "Grafana URL: annotate each fault's start and end, e.g. http://localhost:3000.")
    private URI grafana;

    @Option(names = "--grafana-token", description = "Grafana service-account token (default: ${DEFAULT-VALUE}; "
            + "empty means anonymous).", defaultValue = "${env:GRAFANA_TOKEN:-}")
    private String grafanaToken;

    @Option(names = "--journal", description = "Where the JSON journal goes (default: .faultline/runs/<scenario>-<time>.json).")
    private Path journalFile;

    @Option(names = "--settle", description = "How long the steady state may take to return after the rollbacks "
            + "(default: ${DEFAULT-VALUE}).", defaultValue = "30s", converter = DurationConverter.class)
    private Duration settle;

    @Override
    public Integer call() {
        Path file = ScenarioFiles.resolve(options.home, scenario);
        if (!Files.isRegularFile(file)) {
            output.err().println(file + ": no such scenario (./faultline scenario list shows the library)");
            return Verdict.INVALID.exitCode();
        }
        Scenario parsed;
        try {
            parsed = ScenarioParser.parse(file);
        } catch (ScenarioException e) {
            output.err().println(e.getMessage());
            output.err().println("Nothing was started.");
            return Verdict.INVALID.exitCode();
        }
        List<RunListener> listeners = grafana == null ? List.of() : List.of(new GrafanaAnnotations(grafana, grafanaToken));
        return run(parsed, options.endpoints(), ScenarioRunner.Options.defaults()
                .withPrometheus(Optional.ofNullable(prometheus)).withListeners(listeners).withSettle(settle), journalFile, options.paths().state(),
                options.traces(), output.out(), entry -> output.out().println(ScenarioReport.line(entry)));
    }

    /** Runs with the timeline printed live, Ctrl-C rolling back, the journal written and the report printed. */
    static int run(Scenario scenario, SandboxEndpoints endpoints, ScenarioRunner.Options runOptions, Path journalFile,
                   Path stateDir, String traces, PrintWriter out, Consumer<Journal.Entry> timeline) {
        return execute(scenario, endpoints, runOptions, journalFile, stateDir, traces, out, timeline).result().verdict()
                .exitCode();
    }

    /**
     * A finished run and where its journal is.
     *
     * @param journal the journal file written
     */
    record Run(RunResult result, Path journal) {
    }

    /** As {@link #run}, for a caller that reads the results (the workshop grades predictions against them). */
    static Run execute(Scenario scenario, SandboxEndpoints endpoints, ScenarioRunner.Options runOptions, Path journalFile,
                       Path stateDir, String traces, PrintWriter out, Consumer<Journal.Entry> timeline) {
        ScenarioRunner runner = new ScenarioRunner(endpoints, runOptions);
        Journal journal = new Journal(Clock.systemUTC(), timeline);
        Path target = journalFile != null ? journalFile : SavedRun.file(stateDir, scenario, journal);
        java.util.concurrent.CountDownLatch reported = new java.util.concurrent.CountDownLatch(1);
        Thread onInterrupt = new Thread(() -> {
            runner.interrupt();
            try {
                // the run thread rolls back, writes the journal and prints the report; the JVM exits after
                reported.await(60, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "faultline-rollback-on-exit");
        Runtime.getRuntime().addShutdownHook(onInterrupt);
        RunResult result = runner.run(scenario, journal);
        SavedRun.write(target, scenario, result, journal, java.util.Map.of());
        out.println(ScenarioReport.render(result, journal, target, traces));
        reported.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(onInterrupt);
        } catch (IllegalStateException e) {
            // the JVM is already shutting down (Ctrl-C): the hook is waiting for this thread, which is done
        }
        return new Run(result, target);
    }
}
