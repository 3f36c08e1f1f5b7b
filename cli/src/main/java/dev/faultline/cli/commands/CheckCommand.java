package dev.faultline.cli.commands;

import java.time.Duration;
import java.util.concurrent.Callable;

import dev.faultline.chaos.runner.check.ShippingInvariant;
import dev.faultline.chaos.runner.control.ControlException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code faultline check}: the asynchronous path's promise, after a scenario or any time. */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = "Check that every confirmed order has exactly one shipment (or its event is a dead letter) and no "
                + "other order has one. Events still on their way are waited for, up to --wait.")
final class CheckCommand implements Callable<Integer> {

    @Mixin
    private Output output;

    private static final Duration POLL = Duration.ofMillis(500);

    @Mixin
    private SandboxOptions options;

    @Option(names = "--wait", defaultValue = "30s", converter = DurationConverter.class,
            description = "How long to wait for events in flight to arrive (default ${DEFAULT-VALUE}).")
    private Duration wait;

    @Override
    public Integer call() throws InterruptedException {
        ShippingInvariant invariant = new ShippingInvariant();
        long deadline = System.nanoTime() + wait.toNanos();
        ShippingInvariant.Report report;
        try {
            // the asynchronous path is eventually consistent: an event may still be in the outbox or the queue
            while (!(report = invariant.check(options.endpoints())).holds() && System.nanoTime() < deadline) {
                Thread.sleep(POLL);
            }
        } catch (ControlException e) {
            output.err().println("Cannot check: " + e.getMessage() + " (is the sandbox up? ./faultline status)");
            return 1;
        }
        output.out().println(report.summary());
        return report.holds() ? 0 : 1;
    }
}
