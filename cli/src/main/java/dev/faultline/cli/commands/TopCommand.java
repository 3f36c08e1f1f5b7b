package dev.faultline.cli.commands;

import java.time.Duration;
import java.util.concurrent.Callable;

import dev.faultline.cli.top.LiveView;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code faultline top}. */
@Command(name = "top", mixinStandardHelpOptions = true,
        description = {"A live table of the sandbox, refreshed every second: per process requests per second, "
                + "error %%, p99, the state of each circuit breaker, and active faults with their time left.",
                "Redraws in place on a terminal; prints plain tables one after another otherwise. Ctrl-C ends it."})
final class TopCommand implements Callable<Integer> {

    @Mixin
    private Output output;

    @Mixin
    private SandboxOptions options;

    @Option(names = "--interval", description = "Refresh period (default: ${DEFAULT-VALUE}).", defaultValue = "1s",
            converter = DurationConverter.class)
    private Duration interval;

    @Option(names = "--iterations", description = "Stop after this many refreshes (default: run until Ctrl-C).",
            defaultValue = "0")
    private int iterations;

    @Override
    public Integer call() throws InterruptedException {
        LiveView view = new LiveView(options.endpoints());
        boolean terminal = Terminal.interactive();
        for (int i = 0; iterations <= 0 || i < iterations; i++) {
            String table = view.refresh();
            if (terminal) {
                output.out().print(Terminal.CLEAR_SCREEN + "faultline top  (every " + interval.toMillis() / 1000.0
                        + " s, Ctrl-C to quit)\n\n" + table + "\n");
            } else {
                output.out().println(java.time.LocalTime.now().withNano(0) + "\n" + table + "\n");
            }
            output.out().flush();
            Thread.sleep(interval.toMillis());
        }
        return 0;
    }
}
