package dev.faultline.cli.commands;

import java.nio.file.Path;
import java.util.concurrent.Callable;

import dev.faultline.chaos.runner.scenario.ScenarioFiles;
import dev.faultline.chaos.runner.scenario.Scenario;
import dev.faultline.chaos.runner.scenario.ScenarioException;
import dev.faultline.chaos.runner.scenario.ScenarioParser;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code faultline scenario list}. */
@Command(name = "list", mixinStandardHelpOptions = true, description = "List the scenario library (chaos/scenarios/).")
final class ScenarioListCommand implements Callable<Integer> {

    @Mixin
    private Output output;

    @Mixin
    private SandboxOptions options;

    @Override
    public Integer call() {
        for (Path file : ScenarioFiles.all(options.home)) {
            try {
                Scenario scenario = ScenarioParser.parse(file);
                output.out().printf("%-22s %s%n", scenario.name(), scenario.title());
            } catch (ScenarioException e) {
                output.out().printf("%-22s INVALID: %s%n", file.getFileName(), e.errors().getFirst());
            }
        }
        return 0;
    }
}
