package dev.faultline.cli.commands;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import dev.faultline.chaos.runner.scenario.ScenarioException;
import dev.faultline.cli.workshop.Dashboards;
import dev.faultline.cli.workshop.Exercise;
import dev.faultline.cli.workshop.ExercisePage;
import dev.faultline.cli.workshop.Workshop;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code faultline workshop pages}: the learner's pages from the exercise files. */
@Command(name = "pages", mixinStandardHelpOptions = true, description = "Write each exercise's page "
        + "(docs/workshop/exercises/ID.md) from its YAML file; with --check, only say which differ.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:Written (or, with --check, all up to date).", "1:--check: a page differs from its file.",
                "2:An exercise file is invalid."})
final class WorkshopPagesCommand implements Callable<Integer> {

    @Mixin
    private Output output;

    @Mixin
    private SandboxOptions options;

    @Option(names = "--check", description = "Change nothing; exit 1 when a page is not what its file makes.")
    private boolean check;

    @Override
    public Integer call() throws IOException {
        Workshop workshop = new Workshop(options.paths().home());
        try {
            Dashboards dashboards = new Dashboards(workshop.home());
            int stale = 0;
            for (Exercise exercise : workshop.exercises()) {
                String page = ExercisePage.render(exercise, dashboards);
                Path file = workshop.page(exercise);
                boolean same = Files.isRegularFile(file) && Files.readString(file).equals(page);
                if (!same) {
                    stale++;
                    if (check) {
                        output.out().println("stale: " + file);
                    } else {
                        Files.writeString(file, page);
                        output.out().println("wrote " + file);
                    }
                }
            }
            if (stale == 0) {
                output.out().println("Every page matches its exercise file.");
            }
            return check && stale > 0 ? 1 : 0;
        } catch (ScenarioException | IllegalArgumentException e) {
            output.err().println(e.getMessage());
            return 2;
        }
    }
}
