package dev.faultline.cli.commands;

import picocli.CommandLine.Mixin;

import java.nio.file.Files;
import java.util.Optional;

import dev.faultline.cli.workshop.Mystery;
import dev.faultline.cli.workshop.MysteryCase;
import dev.faultline.cli.workshop.MysteryFaults;
import dev.faultline.cli.workshop.Progress;

/** What the mystery commands share: the learner's open case, and closing it. */
final class MysteryDesk {

    private MysteryDesk() {
    }

    /**
     * The learner's open case and its mystery.
     *
     * @param progress whose
     */
    record OpenCase(Progress progress, MysteryCase open, Mystery mystery) {
    }

    /** The open case, or empty after telling the learner there is none. */
    static Optional<OpenCase> require(LearnerOptions options, java.io.PrintWriter err) {
        Progress progress = options.progress();
        Optional<MysteryCase> open = open(progress);
        if (open.isEmpty()) {
            err.println("No open mystery for " + progress.learner() + ": ./faultline mystery start");
            return Optional.empty();
        }
        return Optional.of(new OpenCase(progress, open.get(), options.workshop().mystery(open.get().mystery())
                .orElseThrow(() -> new IllegalStateException("the open mystery '" + open.get().mystery()
                        + "' is no longer in the pool; delete " + progress.openMystery()))));
    }

    static Optional<MysteryCase> open(Progress progress) {
        return Files.isRegularFile(progress.openMystery())
                ? Optional.of(dev.faultline.cli.workshop.Progress.readCase(progress.openMystery())) : Optional.empty();
    }

    /** Ends the faults and files the case among the finished ones. */
    static void close(LearnerOptions options, Progress progress, MysteryCase closed) throws java.io.IOException {
        new MysteryFaults(options.sandbox.endpoints()).end(closed.faults());
        progress.save(progress.closedMystery(closed), closed);
        Files.deleteIfExists(progress.openMystery());
    }

    static void explain(Mystery mystery, java.io.PrintWriter out) {
        out.println("\nIt was: " + mystery.answer() + " (" + mystery.title() + ").");
        out.println(mystery.explanation());
    }
}
