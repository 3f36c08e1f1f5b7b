package dev.faultline.cli.commands;

import java.util.concurrent.Callable;

import dev.faultline.cli.launcher.Hosting;
import dev.faultline.cli.launcher.Supervisor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code faultline supervise}: the supervisor process that {@code up} starts; not for direct use. */
@Command(name = "supervise", hidden = true, description = "Run the supervisor of the topology written by up.")
final class SuperviseCommand implements Callable<Integer> {

    @Mixin
    private SandboxOptions options;

    @Option(names = "--one-jvm", description = "Run the processes in this JVM.")
    private boolean oneJvm;

    @Override
    public Integer call() {
        return Supervisor.run(options.paths(), oneJvm ? Hosting.ONE_JVM : Hosting.JVM_PER_PROCESS);
    }
}
