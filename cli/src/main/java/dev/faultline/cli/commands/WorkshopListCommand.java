package dev.faultline.cli.commands;

import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

import dev.faultline.chaos.runner.scenario.ScenarioException;
import dev.faultline.cli.workshop.Attempt;
import dev.faultline.cli.workshop.Exercise;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code faultline workshop list}. */
@Command(name = "list", mixinStandardHelpOptions = true, description = "The exercises: id, level, title, done or not.")
final class WorkshopListCommand implements Callable<Integer> {

    @Mixin
    private Output output;

    @Mixin
    private LearnerOptions options;

    @Override
    public Integer call() {
        try {
            Set<String> done = options.progress().attempts().stream().filter(Attempt::lesson).map(Attempt::exercise)
                    .collect(Collectors.toSet());
            output.out().printf("%-26s %-5s %-52s %s%n", "EXERCISE", "LEVEL", "TITLE", "DONE");
            for (Exercise exercise : options.workshop().exercises()) {
                output.out().printf("%-26s %-5d %-52s %s%n", exercise.id(), exercise.level(), exercise.title(),
                        done.contains(exercise.id()) ? "done" : "-");
            }
            output.out().println("\nStart one: ./faultline workshop run ID (./faultline up first). Mysteries: ./faultline mystery start");
            return 0;
        } catch (ScenarioException | IllegalArgumentException e) {
            output.err().println(e.getMessage());
            return 2;
        }
    }
}
