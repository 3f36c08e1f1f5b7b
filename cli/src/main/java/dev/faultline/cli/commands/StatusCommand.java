package dev.faultline.cli.commands;

import java.util.concurrent.Callable;

import dev.faultline.cli.launcher.Sandbox;
import dev.faultline.cli.launcher.SandboxState;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code faultline status}. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Show each sandbox process: where it listens, its pid, whether it answers ready now, restarts.")
final class StatusCommand implements Callable<Integer> {

    @Mixin
    private Output output;

    @Mixin
    private SandboxOptions options;

    @Override
    public Integer call() {
        Sandbox sandbox = options.sandbox();
        var state = sandbox.runningState();
        if (state.isEmpty()) {
            output.out().println("The sandbox is not running. Start it with ./faultline up.");
            return 1;
        }
        output.out().println(StatusTable.render(state.get(), sandbox.runningTopology(), true));
        boolean allReady = state.get().processes().stream().allMatch(Sandbox::isReady);
        return allReady ? 0 : 1;
    }
}
