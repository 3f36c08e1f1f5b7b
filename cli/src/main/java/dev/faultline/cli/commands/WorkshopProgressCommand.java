package dev.faultline.cli.commands;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import dev.faultline.chaos.runner.scenario.ScenarioException;
import dev.faultline.cli.workshop.Attempt;
import dev.faultline.cli.workshop.Calibration;
import dev.faultline.cli.workshop.Exercise;
import dev.faultline.cli.workshop.Grade;
import dev.faultline.cli.workshop.MysteryCase;
import dev.faultline.cli.workshop.Progress;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code faultline workshop progress}. */
@Command(name = "progress", mixinStandardHelpOptions = true, description = "Exercises done, predictions right, "
        + "calibration (how well confidence matched being right: the Brier score) and mysteries solved.")
final class WorkshopProgressCommand implements Callable<Integer> {

    @Mixin
    private Output output;

    @Mixin
    private LearnerOptions options;

    @Override
    public Integer call() {
        try {
            Progress progress = options.progress();
            List<Attempt> attempts = progress.attempts();
            List<Exercise> exercises = options.workshop().exercises();
            output.out().println("Learner: " + progress.learner() + "\n");
            List<dev.faultline.cli.workshop.FixAttempt> fixes = progress.fixes();
            output.out().printf("%-26s %-5s %-9s %-6s %-7s %s%n", "EXERCISE", "LEVEL", "ATTEMPTS", "DONE", "FIXED",
                    "LAST PREDICTIONS");
            int done = 0;
            List<Grade> grades = new ArrayList<>();
            for (Exercise exercise : exercises) {
                List<Attempt> mine = attempts.stream().filter(a -> a.exercise().equals(exercise.id())).toList();
                boolean passed = mine.stream().anyMatch(Attempt::lesson);
                done += passed ? 1 : 0;
                mine.forEach(a -> grades.addAll(a.grades()));
                String last = mine.isEmpty() ? "-" : mine.getLast().right() + " of "
                        + mine.getLast().grades().stream().filter(Grade::graded).count() + " right";
                String fixed = exercise.fix().isEmpty() ? "" : fixes.stream().anyMatch(f -> f.exercise()
                        .equals(exercise.id()) && f.improved()) ? "yes" : "-";
                output.out().printf("%-26s %-5d %-9d %-6s %-7s %s%n", exercise.id(), exercise.level(), mine.size(),
                        passed ? "yes" : "-", fixed, last);
            }
            Calibration calibration = Calibration.of(grades);
            output.out().printf("%nDone: %d of %d exercises.%n", done, exercises.size());
            if (calibration.graded() > 0) {
                output.out().printf(Locale.ROOT, "Predictions: %d of %d right (%.0f %%), mean confidence %.0f %%.%n",
                        calibration.right(), calibration.graded(), calibration.accuracy() * 100,
                        calibration.confidence() * 100);
                output.out().printf(Locale.ROOT, "Calibration: Brier score %.3f (0 is perfect; always saying 50 %% "
                        + "scores 0.250). %s%n", calibration.brier(), calibration.verdict());
                for (Calibration.Band band : calibration.bands()) {
                    if (band.count() > 0) {
                        output.out().printf(Locale.ROOT, "  when %3d-%3d %% sure: right %.0f %% of %d%n", band.from(),
                                band.to(), band.accuracy() * 100, band.count());
                    }
                }
            } else {
                output.out().println(calibration.verdict());
            }
            List<MysteryCase> mysteries = progress.mysteries();
            long solved = mysteries.stream().filter(m -> m.outcome().equals("solved")).count();
            output.out().printf("%nMysteries: %d solved, %d revealed, %d points.%n", solved, mysteries.size() - solved,
                    mysteries.stream().mapToInt(MysteryCase::score).sum());
            return 0;
        } catch (ScenarioException | IllegalArgumentException e) {
            output.err().println(e.getMessage());
            return 2;
        }
    }
}
