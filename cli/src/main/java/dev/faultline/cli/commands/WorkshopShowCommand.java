package dev.faultline.cli.commands;

import java.util.concurrent.Callable;

import dev.faultline.chaos.runner.scenario.ScenarioException;
import dev.faultline.cli.workshop.Dashboards;
import dev.faultline.cli.workshop.ExercisePage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code faultline workshop show ID}. */
@Command(name = "show", mixinStandardHelpOptions = true, description = "An exercise's page: goal, briefing, "
        + "the predictions it will ask, where to look, hints (the same text as docs/workshop/exercises/ID.md).")
final class WorkshopShowCommand implements Callable<Integer> {

    @Mixin
    private Output output;

    @Mixin
    private SandboxOptions options;

    @Parameters(paramLabel = "ID", description = "The exercise (./faultline workshop list).")
    private String id;

    @Override
    public Integer call() {
        try {
            var workshop = new dev.faultline.cli.workshop.Workshop(options.paths().home());
            var exercise = workshop.exercise(id);
            if (exercise.isEmpty()) {
                output.err().println("No exercise '" + id + "' (./faultline workshop list shows them)");
                return 2;
            }
            output.out().print(ExercisePage.render(exercise.get(), new Dashboards(options.paths().home())));
            return 0;
        } catch (ScenarioException | IllegalArgumentException e) {
            output.err().println(e.getMessage());
            return 2;
        }
    }
}
