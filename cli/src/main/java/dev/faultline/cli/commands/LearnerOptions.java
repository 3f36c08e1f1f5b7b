package dev.faultline.cli.commands;

import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;

import dev.faultline.chaos.runner.scenario.ScenarioReport;
import dev.faultline.chaos.runner.scenario.ScenarioRunner;
import dev.faultline.cli.workshop.Exercise;
import dev.faultline.cli.workshop.Progress;
import dev.faultline.cli.workshop.Workshop;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Whose workshop record a command reads and writes: several learners on one machine stay apart. */
final class LearnerOptions {

    @Mixin
    SandboxOptions sandbox;

    @Option(names = "--learner", description = "Whose progress (default: ${DEFAULT-VALUE}).",
            defaultValue = "${env:FAULTLINE_LEARNER:-me}")
    String learner;

    /** @throws IllegalArgumentException for a name that is no plain directory name */
    Progress progress() {
        return Progress.of(sandbox.paths().state(), learner);
    }

    Workshop workshop() {
        return new Workshop(sandbox.paths().home());
    }

    /**
     * Runs an exercise's scenario against the sandbox with the live timeline, its journal kept beside the learner's
     * record of the run; the exercise's settings hold for the run only.
     *
     * @param record the attempt's (or fix run's) file
     */
    ScenarioRunCommand.Run run(Exercise exercise, Progress progress, Path record, Optional<URI> prometheus,
                               java.io.PrintWriter out) {
        try (ExerciseSettings applied = ExerciseSettings.apply(sandbox.sandbox(), exercise, out)) {
            return ScenarioRunCommand.execute(exercise.scenario(), sandbox.endpoints(),
                    ScenarioRunner.Options.defaults().withPrometheus(prometheus),
                    progress.journal(record), sandbox.paths().state(), sandbox.traces(), out,
                    entry -> out.println(ScenarioReport.line(entry)));
        }
    }
}
