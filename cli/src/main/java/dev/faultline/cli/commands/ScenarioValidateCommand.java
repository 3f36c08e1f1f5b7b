package dev.faultline.cli.commands;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

import dev.faultline.chaos.runner.scenario.ScenarioFiles;
import dev.faultline.chaos.runner.scenario.ScenarioException;
import dev.faultline.chaos.runner.scenario.ScenarioParser;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code faultline scenario validate}. */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = "Check scenario files against the schema without running anything; errors name file, line "
                + "and column. With no file, checks the whole library.",
        exitCodeListHeading = "%nExit codes:%n", exitCodeList = {"0:Every file is valid.", "2:A file is not."})
final class ScenarioValidateCommand implements Callable<Integer> {

    @Mixin
    private Output output;

    @Mixin
    private SandboxOptions options;

    @Parameters(arity = "0..*", paramLabel = "SCENARIO", description = "Files or library names.")
    private List<String> scenarios;

    @Override
    public Integer call() {
        List<Path> files = scenarios == null || scenarios.isEmpty() ? ScenarioFiles.all(options.home)
                : scenarios.stream().map(s -> ScenarioFiles.resolve(options.home, s)).toList();
        int invalid = 0;
        for (Path file : files) {
            if (!Files.isRegularFile(file)) {
                output.err().println(file + ": no such file");
                invalid++;
                continue;
            }
            try {
                var scenario = ScenarioParser.parse(file);
                output.out().printf("%s: valid (%s: %d steps, %d expectations)%n", file, scenario.title(),
                        scenario.method().size(), scenario.expectations().size());
            } catch (ScenarioException e) {
                output.err().println(e.getMessage());
                invalid++;
            }
        }
        return invalid == 0 ? 0 : 2;
    }
}
