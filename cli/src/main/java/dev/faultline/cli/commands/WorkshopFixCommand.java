package dev.faultline.cli.commands;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;

import dev.faultline.chaos.runner.scenario.ExpectationResult;
import dev.faultline.chaos.runner.scenario.ScenarioException;
import dev.faultline.chaos.runner.scenario.Verdict;
import dev.faultline.cli.launcher.Sandbox;
import dev.faultline.cli.launcher.ServiceSettings;
import dev.faultline.cli.workshop.Attempt;
import dev.faultline.cli.workshop.Exercise;
import dev.faultline.cli.workshop.Fix;
import dev.faultline.cli.workshop.FixAttempt;
import dev.faultline.cli.workshop.JournalResults;
import dev.faultline.cli.workshop.Progress;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code faultline workshop fix ID}. */
@Command(name = "fix", mixinStandardHelpOptions = true,
        description = {"An exercise's fix step: after you changed the setting it asks for (./faultline settings set "
                + "...), run the exercise again and compare its measured number with your last run's."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:The fix improved the number by the exercise's margin.", "1:It did not improve enough.",
                "2:No fix step, no earlier run, or the setting is still the default; nothing was run.",
                "3:The sandbox was not in its steady state or did not answer.", "130:Interrupted; the rollbacks ran."})
final class WorkshopFixCommand implements Callable<Integer> {

    @Mixin
    private Output output;

    @Mixin
    private LearnerOptions options;

    @Parameters(paramLabel = "ID", description = "The exercise (./faultline workshop list).")
    private String id;

    @Override
    public Integer call() {
        Exercise exercise;
        Progress progress;
        try {
            progress = options.progress();
            exercise = options.workshop().exercise(id).orElseThrow(() -> new IllegalArgumentException(
                    "No exercise '" + id + "' (./faultline workshop list shows them)"));
        } catch (ScenarioException | IllegalArgumentException e) {
            output.err().println(e.getMessage());
            return Verdict.INVALID.exitCode();
        }
        if (exercise.fix().isEmpty()) {
            output.err().println(exercise.id() + " has no fix step.");
            return Verdict.INVALID.exitCode();
        }
        Fix fix = exercise.fix().get();
        Optional<Attempt> last = progress.attempts().stream()
                .filter(a -> a.exercise().equals(exercise.id()) && a.lesson()).reduce((a, b) -> b);
        if (last.isEmpty()) {
            output.err().println("Run the exercise first, to have a number to improve: ./faultline workshop run " + id);
            return Verdict.INVALID.exitCode();
        }
        Optional<Double> before = measured(fix, JournalResults.read(Path.of(last.get().journal())));
        Sandbox sandbox = options.sandbox.sandbox();
        ServiceSettings settings = new ServiceSettings(sandbox.paths(), sandbox.topology());
        String now = settings.of(fix.service()).get(fix.key());
        output.out().printf("%nFix: %s%n", fix.ask());
        if (now == null) {
            output.err().printf("%nThe setting is still %s's default (%s=%s). Change it, then run this again:%n"
                            + "  ./faultline settings set %s %s=%s%n", fix.service(), fix.key(),
                    settings.defaults(fix.service()).get(fix.key()), fix.service(), fix.key(), fix.value());
            return Verdict.INVALID.exitCode();
        }
        if (before.isEmpty()) {
            output.err().println("Your last run did not measure '" + fix.check() + "': run the exercise again first.");
            return Verdict.INVALID.exitCode();
        }
        String setting = fix.service() + ": " + fix.key() + "=" + now;
        output.out().println("With " + setting + ", the same run again.\n");
        Instant at = Instant.now();
        Path file = progress.newFix(exercise.id(), at);
        ScenarioRunCommand.Run run = options.run(exercise, progress, file, Optional.empty(), output.out());
        if (run.result().verdict() == Verdict.ABORTED || run.result().verdict() == Verdict.INTERRUPTED) {
            return run.result().verdict().exitCode();
        }
        double after = measured(fix, run.result().results()).orElse(Double.NaN);
        boolean improved = !Double.isNaN(after) && fix.improved(before.get(), after);
        progress.save(file, new FixAttempt(exercise.id(), progress.learner(), at.toString(), setting, before.get(),
                after, improved, run.result().verdict().name(), run.journal().toString()));
        output.out().printf(Locale.ROOT, "%n'%s' before the fix: %.2f; after: %.2f. %s%n", fix.check(), before.get(),
                after, improved ? "Improved by " + String.format(Locale.ROOT, "%.2f", Math.abs(before.get() - after))
                        + ": the fix works."
                        : "Not better by " + fix.by() + " (" + (fix.lower() ? "lower" : "higher") + " is better): try "
                        + "another value.");
        output.out().println("Back to the defaults: ./faultline settings reset " + fix.service());
        return improved ? 0 : 1;
    }

    private static Optional<Double> measured(Fix fix, List<ExpectationResult> results) {
        return results.stream().filter(r -> r.name().equals(fix.check()) && !r.kind().equals("steady-state"))
                .findFirst().filter(r -> fix.field() == dev.faultline.cli.workshop.Prediction.Field.AFTER ? r.held()
                        : !Double.isNaN(r.reading().value())).map(fix::of);
    }
}
