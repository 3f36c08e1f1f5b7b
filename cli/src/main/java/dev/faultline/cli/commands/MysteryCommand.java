package dev.faultline.cli.commands;

import picocli.CommandLine.Mixin;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code faultline mystery start|hint|solve|reveal}. */
@Command(name = "mystery", mixinStandardHelpOptions = true,
        description = {"Break-fix mysteries: one hidden fault, only a symptom; find it with the console, top, "
                + "metrics and traces, then name it.", "The pool is docs/workshop/mysteries/."},
        subcommands = {MysteryStartCommand.class, MysteryHintCommand.class, MysterySolveCommand.class,
                MysteryRevealCommand.class, CommandLine.HelpCommand.class})
final class MysteryCommand implements Runnable {

    @Mixin
    private Output output;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(output.out());
    }
}
