package dev.faultline.cli.commands;

import java.util.Optional;
import java.util.concurrent.Callable;

import dev.faultline.cli.workshop.Mystery;
import dev.faultline.cli.workshop.MysteryCase;
import dev.faultline.cli.workshop.Progress;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code faultline mystery hint}. */
@Command(name = "hint", mixinStandardHelpOptions = true, description = "The next hint for the open mystery; "
        + "each costs " + MysteryCase.HINT_COST + " points.")
final class MysteryHintCommand implements Callable<Integer> {

    @Mixin
    private Output output;

    @Mixin
    private LearnerOptions options;

    @Override
    public Integer call() {
        Optional<MysteryDesk.OpenCase> found = MysteryDesk.require(options, output.err());
        if (found.isEmpty()) {
            return 2;
        }
        Progress progress = found.get().progress();
        MysteryCase open = found.get().open();
        Mystery mystery = found.get().mystery();
        int taken = open.hints();
        if (taken >= mystery.hints().size()) {
            output.out().println("No more hints (" + taken + " taken). ./faultline mystery reveal ends it.");
            return 0;
        }
        progress.save(progress.openMystery(), open.withHint());
        output.out().printf("Hint %d of %d (-%d points): %s%n", taken + 1, mystery.hints().size(), MysteryCase.HINT_COST,
                mystery.hints().get(taken));
        return 0;
    }
}
