package dev.faultline.cli.commands;

import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.Callable;

import dev.faultline.cli.workshop.Mystery;
import dev.faultline.cli.workshop.MysteryCase;
import dev.faultline.cli.workshop.MysteryJudge;
import dev.faultline.cli.workshop.Progress;
import dev.faultline.cli.workshop.TraceLookup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code faultline mystery solve}. */
@Command(name = "solve", mixinStandardHelpOptions = true, description = "Name what is wrong: the service, the "
        + "fault's kind, the "
        + "instance where it matters, and a trace that shows it.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:Right: the mystery is solved and its fault ended.", "1:Not right (try again, or reveal).",
                "2:No open mystery, or bad options.", "3:The evidence could not be checked: the console did not answer."})
final class MysterySolveCommand implements Callable<Integer> {

    @Mixin
    private Output output;

    @Mixin
    private LearnerOptions options;

    @Option(names = "--service", required = true, description = "The service that is broken.")
    private String service;

    @Option(names = "--kind", required = true, completionCandidates = FaultKindCandidates.class,
            description = "What kind of fault it is: ${COMPLETION-CANDIDATES}.")
    private String kind;

    @Option(names = "--instance", description = "The one instance it is on, e.g. payments-2.")
    private String instance;

    @Option(names = "--evidence", paramLabel = "TRACE_ID", description = "A trace that shows it (checked).")
    private String evidence;

    @Override
    public Integer call() throws Exception {
        Optional<MysteryDesk.OpenCase> found = MysteryDesk.require(options, output.err());
        if (found.isEmpty()) {
            return 2;
        }
        Progress progress = found.get().progress();
        MysteryCase open = found.get().open();
        Mystery mystery = found.get().mystery();
        MysteryJudge judge = new MysteryJudge(new TraceLookup(options.sandbox.console(),
                options.sandbox.endpoints().adminToken()));
        MysteryCase.Solution solution;
        try {
            solution = judge.judge(mystery, new Mystery.Diagnosis(service.strip(), kind.strip(),
                    Optional.ofNullable(instance).map(String::strip)), Optional.ofNullable(evidence).map(String::strip));
        } catch (IOException e) {
            output.err().println("The evidence could not be checked: the console did not answer (" + e.getMessage()
                    + "). Nothing was recorded.");
            return 3;
        }
        MysteryCase updated = open.tried(solution);
        output.out().println(solution.why());
        if (!solution.right()) {
            progress.save(progress.openMystery(), updated);
            output.out().println("Keep looking (a wrong answer costs " + MysteryCase.WRONG_COST
                    + " points), take a hint, or ./faultline mystery reveal.");
            return 1;
        }
        MysteryDesk.close(options, progress, updated);
        output.out().printf("Solved: %d points (%d hints, %d wrong tries). The fault has been ended.%n", updated.score(),
                updated.hints(), updated.solutions().size() - 1);
        MysteryDesk.explain(mystery, output.out());
        return 0;
    }
}
