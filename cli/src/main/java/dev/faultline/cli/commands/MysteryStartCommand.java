package dev.faultline.cli.commands;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.Callable;

import dev.faultline.chaos.model.FaultDurations;
import dev.faultline.chaos.runner.control.ControlException;
import dev.faultline.chaos.runner.scenario.ScenarioException;
import dev.faultline.cli.workshop.Mystery;
import dev.faultline.cli.workshop.MysteryCase;
import dev.faultline.cli.workshop.MysteryFaults;
import dev.faultline.cli.workshop.Progress;
import dev.faultline.cli.workshop.TlsRequirement;
import dev.faultline.pki.TlsMode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code faultline mystery start}. */
@Command(name = "start", mixinStandardHelpOptions = true, description = "Apply one hidden fault from the pool "
        + "(under a lease: it ends by itself) and tell only the symptom.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:Started.", "1:The sandbox refused or did not answer; nothing was applied.",
                "2:Bad options, or a mystery is already open."})
final class MysteryStartCommand implements Callable<Integer> {

    @Mixin
    private Output output;

    @Mixin
    private LearnerOptions options;

    @Option(names = "--level", description = "Draw from this level only (1 is the easiest).")
    private Integer level;

    @Option(names = "--seed", description = "Draw with this seed: the same seed gives the same mystery.")
    private Long seed;

    @Option(names = "--pick", paramLabel = "ID", description = "For a leader: this mystery, not a drawn one.")
    private String pick;

    @Override
    public Integer call() throws Exception {
        Progress progress;
        List<Mystery> pool;
        try {
            progress = options.progress();
            pool = options.workshop().mysteries();
        } catch (ScenarioException | IllegalArgumentException e) {
            output.err().println(e.getMessage());
            return 2;
        }
        Optional<MysteryCase> open = MysteryDesk.open(progress);
        if (open.isPresent()) {
            output.err().println("A mystery is already open for " + progress.learner() + " (started "
                    + open.get().startedAt() + "): solve it or ./faultline mystery reveal");
            return 2;
        }
        long draw = seed != null ? seed : new Random().nextLong();
        TlsMode tls = options.sandbox.sandbox().runningTopology().tls();
        Optional<Mystery> picked = pool.stream().filter(m -> m.id().equals(pick)).findFirst();
        if (picked.isPresent() && !picked.get().runsOn(tls)) {
            output.err().println(TlsRequirement.refusal("The mystery '" + pick + "'", picked.get().tls(), tls));
            return 2;
        }
        // a drawn mystery is one this sandbox can show: those that need TLS are drawn only where it runs
        List<Mystery> eligible = pool.stream().filter(m -> pick != null ? m.id().equals(pick)
                : (level == null || m.level() == level) && m.runsOn(tls)).toList();
        if (eligible.isEmpty()) {
            output.err().println(pick != null ? "No mystery '" + pick + "' in the pool"
                    : "No mystery of level " + level + " in the pool (levels: "
                    + pool.stream().map(Mystery::level).distinct().sorted().toList() + ")");
            return 2;
        }
        Mystery mystery = eligible.get(new Random(draw).nextInt(eligible.size()));
        List<MysteryCase.AppliedFault> faults;
        try {
            faults = new MysteryFaults(options.sandbox.endpoints()).apply(mystery.fault());
        } catch (ControlException | IllegalStateException e) {
            output.err().println("The sandbox did not take the mystery's fault: " + e.getMessage()
                    + "\nNothing was applied. Is it running? ./faultline up");
            return 1;
        }
        progress.save(progress.openMystery(), new MysteryCase(mystery.id(), progress.learner(), draw,
                Instant.now().toString(), faults, 0, List.of(), "open", 0));
        output.out().printf("A mystery (level %d) has begun; it ends by itself in %s.%n%nSymptom: %s%n%n", mystery.level(),
                FaultDurations.format(mystery.fault().fault().duration()), mystery.symptom());
        output.out().println("""
                Investigate with what an on-call engineer has: the console (traces, logs, the map and charts),
                ./faultline top, the processes' /metrics. Send traffic if the shop is quiet:
                  ./faultline %s
                Then name it:
                  ./faultline mystery solve --service S --kind K [--instance I] [--evidence TRACE_ID]
                ./faultline mystery hint gives a hint (it costs %d points); ./faultline mystery reveal gives up."""
                .formatted(String.join(" ", mystery.load("5m")), MysteryCase.HINT_COST));
        return 0;
    }
}
