package dev.faultline.cli.commands;

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
    private LearnerOptions options;

    @Override
    public Integer call() {
        Progress progress = options.progress();
        var open = MysteryDesk.open(progress);
        if (open.isEmpty()) {
            return MysteryDesk.noCase(progress);
        }
        Mystery mystery = options.workshop().mystery(open.get().mystery()).orElseThrow();
        int taken = open.get().hints();
        if (taken >= mystery.hints().size()) {
            System.out.println("No more hints (" + taken + " taken). ./faultline mystery reveal ends it.");
            return 0;
        }
        progress.save(progress.openMystery(), open.get().withHint());
        System.out.printf("Hint %d of %d (-%d points): %s%n", taken + 1, mystery.hints().size(), MysteryCase.HINT_COST,
                mystery.hints().get(taken));
        return 0;
    }
}
