package dev.faultline.cli.commands;

import java.util.concurrent.Callable;

import dev.faultline.cli.workshop.Mystery;
import dev.faultline.cli.workshop.Progress;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code faultline mystery reveal}. */
@Command(name = "reveal", mixinStandardHelpOptions = true, description = "Give up: end the open mystery's fault "
        + "and say what it was (no points).")
final class MysteryRevealCommand implements Callable<Integer> {

    @Mixin
    private LearnerOptions options;

    @Override
    public Integer call() throws Exception {
        Progress progress = options.progress();
        var open = MysteryDesk.open(progress);
        if (open.isEmpty()) {
            return MysteryDesk.noCase(progress);
        }
        Mystery mystery = options.workshop().mystery(open.get().mystery()).orElseThrow();
        MysteryDesk.close(options, progress, open.get().revealed());
        System.out.println("The fault has been ended.");
        MysteryDesk.explain(mystery);
        return 0;
    }
}
