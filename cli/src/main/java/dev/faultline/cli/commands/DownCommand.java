package dev.faultline.cli.commands;

import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code faultline down}. */
@Command(name = "down", mixinStandardHelpOptions = true,
        description = "Stop every sandbox process gracefully (killing any that hangs) and leave none behind. Data is kept.")
final class DownCommand implements Callable<Integer> {

    @Mixin
    private Output output;

    @Mixin
    private SandboxOptions options;

    @Override
    public Integer call() {
        int stopped = options.sandbox().down();
        output.out().println(stopped == 0 ? "The sandbox is not running." : "Stopped " + stopped + " processes.");
        return 0;
    }
}
