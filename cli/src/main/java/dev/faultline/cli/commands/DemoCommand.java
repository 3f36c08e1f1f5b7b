package dev.faultline.cli.commands;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import dev.faultline.chaos.runner.scenario.ScenarioFiles;
import dev.faultline.chaos.runner.control.SandboxEndpoints;
import dev.faultline.cli.launcher.ConsoleNotice;
import dev.faultline.cli.launcher.Sandbox;
import dev.faultline.cli.launcher.SandboxException;
import dev.faultline.chaos.runner.scenario.Scenario;
import dev.faultline.chaos.runner.scenario.ScenarioParser;
import dev.faultline.chaos.runner.scenario.ScenarioReport;
import dev.faultline.chaos.runner.scenario.ScenarioRunner;
import dev.faultline.cli.top.LiveView;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code faultline demo}: the whole point of Faultline in a few minutes, without Docker. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Start the sandbox (the script builds it first if needed), drive shop traffic, run the "
                + "payment-outage scenario while showing the live view, print the report, and stop the sandbox "
                + "(keep it with --keep).",
                "Then try ./faultline scenario list, ./faultline top and the README's exercises."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:The scenario held.", "1:An expectation failed.", "3:The sandbox could not start, or was not "
                + "in its steady state.", "130:Interrupted (Ctrl-C); the rollbacks ran."})
final class DemoCommand implements Callable<Integer> {

    @Mixin
    private Output output;

    static final String SCENARIO = "payment-outage";
    private static final int TIMELINE_LINES = 14;
    /**
     * How long a sandbox the demo has just started may take to reach its steady state under the scenario's load: its
     * JVMs are still compiling their hot paths, and on two cores the first seconds of traffic answer in seconds.
     */
    static final Duration COLD_START_STEADY_WAIT = Duration.ofSeconds(45);

    @Mixin
    private SandboxOptions options;

    @Option(names = "--keep", description = "Leave the sandbox running afterwards.")
    private boolean keep;

    @Option(names = "--scenario", description = "Another scenario from the library (default: ${DEFAULT-VALUE}).",
            defaultValue = SCENARIO)
    private String scenarioName;

    @Override
    public Integer call() {
        Scenario scenario = ScenarioParser.parse(ScenarioFiles.resolve(options.home, scenarioName));
        Sandbox sandbox = options.sandbox();
        boolean startedHere = sandbox.runningState().isEmpty();
        output.out().println(ConsoleNotice.of(sandbox, options.portOffset));
        output.out().println("\nFaultline demo: " + scenario.title() + "\n" + scenario.description().strip() + "\n");
        try {
            output.out().println(startedHere ? "Starting the sandbox (" + sandbox.topology().processes().size() + " processes on 127.0.0.1)..." : "The sandbox is already up.");
            sandbox.up(Duration.ofMinutes(2));
        } catch (SandboxException e) {
            output.err().println(e.getMessage());
            return e.exitCode();
        }
        if (startedHere && !keep) {
            Runtime.getRuntime().addShutdownHook(new Thread(sandbox::down, "faultline-demo-down"));
        }
        SandboxEndpoints endpoints = options.endpoints();
        boolean terminal = Terminal.interactive();
        Deque<String> timeline = new ArrayDeque<>();
        LiveView view = new LiveView(endpoints);
        ScheduledExecutorService screen = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("faultline-demo-view").daemon().factory());
        screen.scheduleAtFixedRate(() -> draw(view, timeline, terminal), 1, terminal ? 1 : 10, TimeUnit.SECONDS);
        int exit;
        try {
            ScenarioRunner.Options runOptions = ScenarioRunner.Options.defaults()
                    .withSteadyWait(startedHere ? COLD_START_STEADY_WAIT : Duration.ZERO);
            exit = ScenarioRunCommand.run(scenario, endpoints, runOptions, null,
                    options.paths().state(), options.traces(), output.out(), entry -> {
                        String line = ScenarioReport.line(entry);
                        synchronized (timeline) {
                            timeline.addLast(line);
                            if (timeline.size() > TIMELINE_LINES) {
                                timeline.removeFirst();
                            }
                        }
                        if (!terminal) {
                            output.out().println(line);
                        }
                    });
        } finally {
            screen.shutdownNow();
        }
        if (keep || !startedHere) {
            output.out().println("The sandbox is still running: ./faultline top, ./faultline scenario list, ./faultline down.");
        } else {
            output.out().println("Stopping the sandbox (./faultline demo --keep leaves it running)...");
            sandbox.down();
        }
        return exit;
    }

    private void draw(LiveView view, Deque<String> timeline, boolean terminal) {
        String table = view.refresh();
        StringBuilder screen = new StringBuilder();
        if (terminal) {
            screen.append(Terminal.CLEAR_SCREEN).append("faultline demo: live view (refreshed every second)\n\n");
            screen.append(table).append("\n\nTimeline\n");
            synchronized (timeline) {
                timeline.forEach(line -> screen.append("  ").append(line).append('\n'));
            }
        } else {
            screen.append('\n').append(table).append('\n');
        }
        output.out().print(screen);
        output.out().flush();
    }
}
