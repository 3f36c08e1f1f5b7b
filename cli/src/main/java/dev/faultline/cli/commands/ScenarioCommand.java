package dev.faultline.cli.commands;

import picocli.CommandLine.Mixin;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code faultline scenario run|validate|list}. */
@Command(name = "scenario", mixinStandardHelpOptions = true,
        description = "Run, check and list chaos scenarios (YAML files; the schema is in chaos/scenarios/README.md).",
        subcommands = {ScenarioRunCommand.class, ScenarioValidateCommand.class, ScenarioListCommand.class,
                CommandLine.HelpCommand.class})
final class ScenarioCommand implements Runnable {

    @Mixin
    private Output output;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(output.out());
    }
}
