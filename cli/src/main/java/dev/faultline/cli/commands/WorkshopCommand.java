package dev.faultline.cli.commands;

import picocli.CommandLine.Mixin;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code faultline workshop list|show|run|fix|progress|pages}. */
@Command(name = "workshop", mixinStandardHelpOptions = true,
        description = {"Guided exercises: predict, run, see what happened, get graded against what the run measured.",
                "Exercises are YAML files in docs/workshop/exercises/ (schema in docs/workshop/README.md)."},
        subcommands = {WorkshopListCommand.class, WorkshopShowCommand.class, WorkshopRunCommand.class,
                WorkshopFixCommand.class,
                WorkshopProgressCommand.class, WorkshopPagesCommand.class, CommandLine.HelpCommand.class})
final class WorkshopCommand implements Runnable {

    @Mixin
    private Output output;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(output.out());
    }
}
