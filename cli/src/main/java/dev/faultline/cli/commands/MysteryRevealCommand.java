package dev.faultline.cli.commands;

import java.util.Optional;
import java.util.concurrent.Callable;

import dev.faultline.cli.workshop.Mystery;
import dev.faultline.cli.workshop.MysteryCase;
import dev.faultline.cli.workshop.Progress;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code faultline mystery reveal}. */
@Command(name = "reveal", mixinStandardHelpOptions = true, description = "Give up: end the open mystery's fault "
        + "and say what it was (no points).")
final class MysteryRevealCommand implements Callable<Integer> {

    @Mixin
    private Output output;

    @Mixin
    private LearnerOptions options;

    @Override
    public Integer call() throws Exception {
        Optional<MysteryDesk.OpenCase> found = MysteryDesk.require(options, output.err());
        if (found.isEmpty()) {
            return 2;
        }
        Progress progress = found.get().progress();
        MysteryCase open = found.get().open();
        Mystery mystery = found.get().mystery();
        MysteryDesk.close(options, progress, open.revealed());
        output.out().println("The fault has been ended.");
        MysteryDesk.explain(mystery, output.out());
        return 0;
    }
}
