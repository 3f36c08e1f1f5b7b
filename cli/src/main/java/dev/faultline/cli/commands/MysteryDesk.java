package dev.faultline.cli.commands;

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

    static void explain(Mystery mystery) {
        System.out.println("\nIt was: " + mystery.answer() + " (" + mystery.title() + ").");
        System.out.println(mystery.explanation());
    }

    static int noCase(Progress progress) {
        System.err.println("No open mystery for " + progress.learner() + ": ./faultline mystery start");
        return 2;
    }
}
