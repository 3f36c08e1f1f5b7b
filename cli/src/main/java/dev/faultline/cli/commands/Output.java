package dev.faultline.cli.commands;

import java.io.PrintWriter;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * Where a command writes: picocli's writers, so that a command run in-process (the system tests run them so) prints
 * where its caller says, as the {@code faultline} command prints to its terminal.
 * (The bare {@code @Command} makes it a mixin picocli accepts: it adds nothing to the command's help.)
 */
@Command
final class Output {

    @Spec(Spec.Target.MIXEE)
    private CommandSpec spec;

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }
}
