package dev.faultline.cli.commands;

import dev.faultline.cli.workshop.Progress;
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

    dev.faultline.cli.workshop.Workshop workshop() {
        return new dev.faultline.cli.workshop.Workshop(sandbox.paths().home());
    }
}
