package dev.faultline.chaos.runner.scenario;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import com.fasterxml.jackson.databind.JsonNode;
import dev.faultline.chaos.runner.control.AdminClient;
import dev.faultline.chaos.runner.control.ControlException;
import dev.faultline.chaos.runner.control.ProcessEndpoint;
import dev.faultline.chaos.runner.control.SandboxEndpoints;
import dev.faultline.chaos.runner.load.LoadGenerator;
import dev.faultline.chaos.runner.load.LoadIdentity;
import dev.faultline.chaos.runner.load.LoadStats;
import dev.faultline.chaos.runner.load.ShopTraffic;

/**
 * Runs a scenario against the sandbox in Chaos Toolkit's phases, each ending in an {@link Outcome}: preflight (checks
 * everything it can before starting anything), warm-up (the load), the steady state before, the method (while the
 * expectations are judged), the rollbacks (always: after success, failure, error or interrupt, ending every fault
 * the run started) and the steady state again. Everything goes into the {@link Journal}; side channels such as
 * Grafana's annotations are {@link RunListener}s.
 */
public final class ScenarioRunner {

    /**
     * @param prometheus for {@code promql} probes
     * @param listeners  told of each fault's start and end (Grafana's annotations)
     * @param settle     how long the steady state may take to come back after the rollbacks
     * @param apiKey     the key the load and HTTP probes present to the gateway
     * @param steadyWait how long the steady state may take to hold before the method (zero: checked once, as Chaos
     *                   Toolkit does); a sandbox started a moment ago is still compiling its hot paths under the load
     */
    public record Options(Optional<URI> prometheus, List<RunListener> listeners, Duration settle, String apiKey,
                          Duration steadyWait) {

        public Options {
            listeners = List.copyOf(listeners);
        }

        public static Options defaults() {
            return new Options(Optional.empty(), List.of(), Duration.ofSeconds(30), ShopTraffic.DEMO_KEY, Duration.ZERO);
        }

        public Options withPrometheus(Optional<URI> prometheus) {
            return new Options(prometheus, listeners, settle, apiKey, steadyWait);
        }

        public Options withListeners(List<RunListener> listeners) {
            return new Options(prometheus, listeners, settle, apiKey, steadyWait);
        }

        public Options withSettle(Duration settle) {
            return new Options(prometheus, listeners, settle, apiKey, steadyWait);
        }

        public Options withSteadyWait(Duration steadyWait) {
            return new Options(prometheus, listeners, settle, apiKey, steadyWait);
        }
    }

    private static final int MAX_IN_FLIGHT = 512;
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

    private final SandboxEndpoints endpoints;
    private final AdminClient admin;
    private final Options options;
    private volatile Thread running;
    private volatile boolean interrupted;

    public ScenarioRunner(SandboxEndpoints endpoints, Options options) {
        this.endpoints = endpoints;
        this.admin = new AdminClient(endpoints.adminToken());
        this.options = options;
    }

    /**
     * Stops a run now (from a Ctrl-C handler): the method ends, the rollbacks run, the verdict is
     * {@link Verdict#INTERRUPTED}.
     */
    public void interrupt() {
        interrupted = true;
        Thread thread = running;
        if (thread != null) {
            thread.interrupt();
        }
    }

    /** Runs the scenario on this thread. */
    public RunResult run(Scenario scenario, Journal journal) {
        running = Thread.currentThread();
        try {
            journal.record("run", scenario.name(), "started", Map.of("title", scenario.title(), "file", scenario.file()));
            Outcome checked = preflight(scenario, journal);
            if (!checked.goesOn()) {
                return finish(scenario, journal, checked, List.of(), null);
            }
            return result(scenario, journal);
        } finally {
            running = null;
        }
    }

    private RunResult result(Scenario scenario, Journal journal) {
        Run run = new Run(scenario, journal);
        Outcome outcome = Outcome.GO_ON;
        try {
            outcome = warmUp(run);
            if (outcome.goesOn()) {
                outcome = steadyStateBefore(run);
            }
            if (outcome.goesOn()) {
                outcome = method(run);
            }
        } catch (ControlException | IllegalStateException e) {
            // the sandbox stopped answering or refused: no verdict on the scenario can be given
            run.journal.record("run", scenario.name(), "error", Map.of("error", e.getMessage()));
            outcome = new Outcome(Verdict.ABORTED, e.getMessage());
        } finally {
            // whatever happened (a failure, an error, Ctrl-C): the rollbacks run, and the steady state is checked
            // again only after a method that ran to its end
            boolean wasInterrupted = isInterrupted();
            Thread.interrupted();
            rollbacks(run);
            if (wasInterrupted && outcome.verdict() != Verdict.ABORTED) {
                outcome = Outcome.INTERRUPTED;
            } else if (outcome.goesOn()) {
                run.results.addAll(steadyStateAfter(run));
            }
            if (run.generator != null) {
                run.generator.stop(REQUEST_TIMEOUT);
            }
        }
        return result(run, outcome.goesOn() ? judged(run.results) : outcome);
    }

    private boolean isInterrupted() {
        return interrupted || Thread.currentThread().isInterrupted();
    }

    /** Phase: the load starts and warms up (when the scenario has load). */
    private Outcome warmUp(Run run) {
        if (run.generator == null) {
            return Outcome.GO_ON;
        }
        run.traffic.prepare(run.http);
        run.generator.start(run.scenario.load().rate(), run.scenario.load().mix());
        run.journal.record("load", "traffic", "started", Map.of("rate", run.scenario.load().rate(),
                "mix", run.scenario.load().mix().toString(), "warmUpSeconds", run.scenario.load().warmUp().toSeconds(),
                "auth", run.scenario.load().identity().toString()));
        return pausing(run.scenario.load().warmUp());
    }

    /** Phase: every steady-state probe holds (given until {@code steadyWait}), or nothing is injected. */
    private Outcome steadyStateBefore(Run run) {
        long start = System.nanoTime();
        for (Probe probe : run.scenario.steadyState()) {
            Reading reading = readUntilHeld(run, probe, start, options.steadyWait());
            run.journal.record("steady-state", probe.name(), reading.holds() ? "held" : "failed",
                    Map.of("phase", "before", "detail", reading.detail()));
            if (!reading.holds()) {
                return new Outcome(Verdict.ABORTED, "the sandbox was not in its steady state before the method ("
                        + probe.name() + ": " + reading.detail() + "); nothing was injected");
            }
        }
        return Outcome.GO_ON;
    }

    /** Reads a probe until it holds, every half second while {@code limit} since {@code start} lasts. */
    private Reading readUntilHeld(Run run, Probe probe, long start, Duration limit) {
        Reading reading = run.probes.read(probe, ProbeRunner.Baseline.ZERO);
        while (!reading.holds() && System.nanoTime() - start < limit.toNanos() && !isInterrupted()) {
            try {
                pause(Duration.ofMillis(500));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            reading = run.probes.read(probe, ProbeRunner.Baseline.ZERO);
        }
        return reading;
    }

    /** Phase: the method's steps in order, while the expectations are judged. */
    private Outcome method(Run run) {
        try (ExpectationTracker tracker = new ExpectationTracker(run.scenario.expectations(),
                run.scenario.measurements(), run.probes, run.journal)) {
            tracker.methodStarted();
            for (Step step : run.scenario.method()) {
                tracker.stepStarted(step.name());
                execute(run, step);
                if (isInterrupted()) {
                    return Outcome.INTERRUPTED;
                }
            }
            tracker.methodFinished();
            tracker.awaitDecided();
            run.results.addAll(tracker.results());
            return Outcome.GO_ON;
        } catch (InterruptedException e) {
            return Outcome.INTERRUPTED;
        }
    }

    private static Outcome judged(List<ExpectationResult> results) {
        List<ExpectationResult> checks = results.stream().filter(ExpectationResult::judged).toList();
        long failed = checks.stream().filter(r -> !r.held()).count();
        return failed == 0 ? new Outcome(Verdict.PASSED, "every expectation held and the steady state came back")
                : new Outcome(Verdict.FAILED, failed + " of " + checks.size() + " checks did not hold");
    }

    private RunResult result(Run run, Outcome outcome) {
        return finish(run.scenario, run.journal, outcome, run.results, run.generator);
    }

    private static RunResult finish(Scenario scenario, Journal journal, Outcome outcome, List<ExpectationResult> results,
                                    LoadGenerator generator) {
        journal.record("run", scenario.name(), outcome.verdict().name().toLowerCase(java.util.Locale.ROOT),
                Map.of("reason", outcome.reason()));
        return new RunResult(scenario, outcome.verdict(), outcome.reason(), results, Optional.ofNullable(generator),
                journal.elapsed());
    }

    /**
     * How a phase ended: the run goes on to the next phase, or has its verdict.
     *
     * @param verdict null while the run goes on
     */
    private record Outcome(Verdict verdict, String reason) {

        static final Outcome GO_ON = new Outcome(null, "");
        static final Outcome INTERRUPTED = new Outcome(Verdict.INTERRUPTED, "interrupted; the rollbacks ran");

        boolean goesOn() {
            return verdict == null;
        }
    }

    /** What one run works with: its load, probes, the faults it applied and what it found. */
    private final class Run {

        final Scenario scenario;
        final Journal journal;
        final LoadStats stats = new LoadStats();
        final HttpClient http;
        final ShopTraffic traffic;
        final LoadGenerator generator;
        final ProbeRunner probes;
        final List<ActiveFault> faults = new CopyOnWriteArrayList<>();
        final List<ExpectationResult> results = new ArrayList<>();

        Run(Scenario scenario, Journal journal) {
            this.scenario = scenario;
            this.journal = journal;
            boolean load = scenario.load().rate() > 0;
            this.http = load ? LoadGenerator.newClient() : null;
            // the issuer is there whenever the load wants tokens: the preflight says so before a run gets here
            URI tokens = endpoints.select(SandboxEndpoints.ISSUER).stream().findFirst().map(p -> p.api("/token")).orElse(null);
            this.traffic = new ShopTraffic(endpoints.gateway().api("/"),
                    scenario.load().identity().credentials(options.apiKey(), tokens), REQUEST_TIMEOUT);
            this.generator = load ? new LoadGenerator(traffic, http, stats, MAX_IN_FLIGHT) : null;
            this.probes = new ProbeRunner(endpoints, admin, options.prometheus(), stats);
        }
    }

    /**
     * Phase: what would stop the scenario, found before anything starts. Any problem ends the run: invalid when a
     * process refuses a fault or a probe names nothing, aborted when the sandbox does not answer.
     */
    private Outcome preflight(Scenario scenario, Journal journal) {
        Preflight found = problems(scenario);
        if (found.problems().isEmpty()) {
            return Outcome.GO_ON;
        }
        journal.record("run", scenario.name(), "invalid", Map.of("problems", found.problems()));
        return new Outcome(found.unreachable() ? Verdict.ABORTED : Verdict.INVALID, String.join("\n", found.problems()));
    }

    /**
     * What would stop the scenario.
     *
     * @param problems    nothing is injected or sent when there are any
     * @param unreachable a process did not answer (the sandbox is down), rather than refusing
     */
    private record Preflight(List<String> problems, boolean unreachable) {
    }

    private Preflight problems(Scenario scenario) {
        List<String> problems = new ArrayList<>();
        boolean unreachable = false;
        List<Probe> probes = new ArrayList<>(scenario.steadyState());
        scenario.expectations().forEach(e -> probes.add(e.probe()));
        scenario.measurements().forEach(e -> probes.add(e.probe()));
        for (Probe probe : probes) {
            if (probe instanceof Probe.Promql && options.prometheus().isEmpty()) {
                problems.add(scenario.file() + ": probe '" + probe.name() + "' is a promql probe: run with --prometheus URL");
            }
            String process = switch (probe) {
                case Probe.Http p -> p.process();
                case Probe.Metric p -> p.process();
                default -> null;
            };
            if (process != null && endpoints.select(process).isEmpty()) {
                problems.add(scenario.file() + ": probe '" + probe.name() + "' reads '" + process
                        + "', which is no process or service here; known: " + endpoints.names());
            }
        }
        boolean rotates = scenario.method().stream().anyMatch(step -> step instanceof Step.RotateSigningKey);
        if (rotates && endpoints.select(SandboxEndpoints.ISSUER).isEmpty()) {
            problems.add(scenario.file() + ": the method rotates the signing key, and there is no '"
                    + SandboxEndpoints.ISSUER + "' process here; known: " + endpoints.names());
        }
        if (scenario.load().identity().kind() == LoadIdentity.Kind.JWT && endpoints.select(SandboxEndpoints.ISSUER).isEmpty()) {
            problems.add(scenario.file() + ": the load asks for access tokens, and there is no '" + SandboxEndpoints.ISSUER
                    + "' process here to issue them; known: " + endpoints.names());
        }
        List<Step> steps = new ArrayList<>(scenario.method());
        steps.addAll(scenario.rollbacks());
        for (Step step : steps) {
            if (step instanceof Step.Inject inject) {
                List<ProcessEndpoint> targets = targets(inject);
                if (targets.isEmpty()) {
                    problems.add(inject.location() + ": no process of service '" + inject.service() + "'"
                            + (inject.instance() == null ? "" : " named '" + inject.instance() + "'") + "; known: "
                            + endpoints.names());
                }
                if (endpoints.adminToken().isEmpty()) {
                    problems.add("no admin token: start the sandbox with ./faultline up (it writes .faultline/admin-token) "
                            + "or set " + SandboxEndpoints.TOKEN_VARIABLE);
                    return new Preflight(problems, false);
                }
                for (ProcessEndpoint target : targets) {
                    try {
                        admin.check(target, inject.fault());
                    } catch (ControlException e) {
                        problems.add(e.refused() ? inject.location() + ": fault '" + inject.name() + "': " + e.getMessage()
                                : e.getMessage());
                        unreachable |= e.status() == ControlException.NO_ANSWER;
                    }
                }
            }
        }
        return new Preflight(problems, unreachable);
    }

    private void execute(Run run, Step step) throws InterruptedException {
        switch (step) {
            case Step.Inject inject -> inject(run, inject);
            case Step.Clear clear -> clear(run, clear.fault(), "step");
            case Step.Wait wait -> {
                run.journal.record("step", wait.name(), "started", Map.of("seconds", wait.duration().toMillis() / 1000.0));
                pause(wait.duration());
            }
            case Step.Load load -> {
                if (run.generator == null) {
                    run.journal.record("warning", load.name(), "skipped", Map.of("reason", "the scenario has no load profile"));
                } else {
                    run.generator.rate(load.rate());
                    run.journal.record("step", load.name(), "done", Map.of("rate", load.rate()));
                }
            }
            case Step.RotateSigningKey rotate -> {
                JsonNode rotation = uninterruptibly(() -> admin.rotateSigningKey(
                        endpoints.require(SandboxEndpoints.ISSUER).getFirst(), rotate.lead()));
                run.journal.record("step", rotate.name(), "done", Map.of("kid", rotation.path("kid").asText(),
                        "signsFrom", rotation.path("signsFrom").asText(), "previousKid", rotation.path("previousKid").asText(),
                        "previousRetires", rotation.path("previousRetires").asText()));
            }
        }
    }

    private void inject(Run run, Step.Inject inject) {
        List<String> ids = new ArrayList<>();
        for (ProcessEndpoint target : targets(inject)) {
            JsonNode applied = uninterruptibly(() -> admin.inject(target, inject.fault()));
            String id = applied.path("id").asText();
            ids.add(target.name() + ":" + id);
            run.faults.add(new ActiveFault(inject.name(), target, id));
            tell(run, inject.name(), "not annotated", listener -> listener.faultStarted(run.scenario, inject, target, id));
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("fault", inject.fault().wire());
        details.put("ids", ids);
        run.journal.record("fault", inject.name(), "injected", details);
    }

    /** Ends the named fault (or all the run started) wherever it was applied; a fault already gone is fine. */
    private void clear(Run run, String name, String type) {
        List<String> cleared = new ArrayList<>();
        for (ActiveFault fault : run.faults) {
            if (!Step.Clear.ALL.equals(name) && !fault.name().equals(name)) {
                continue;
            }
            run.faults.remove(fault);
            try {
                boolean held = uninterruptibly(() -> admin.clear(fault.process(), fault.id()));
                cleared.add(fault.process().name() + ":" + fault.id() + (held ? "" : " (already ended)"));
            } catch (ControlException e) {
                cleared.add(fault.process().name() + ":" + fault.id() + " (" + e.getMessage() + ")");
            }
            tell(run, fault.name(), "annotation not ended", listener -> listener.faultEnded(fault.name(), fault.process(),
                    fault.id()));
        }
        run.journal.record(type, "clear " + name, "done", Map.of("cleared", cleared));
    }

    /** Tells every listener; one that fails is a warning in the journal. */
    private void tell(Run run, String step, String failure, ListenerCall call) {
        for (RunListener listener : options.listeners()) {
            try {
                call.on(listener);
            } catch (IOException | RuntimeException e) {
                run.journal.record("warning", step, failure, Map.of("reason", String.valueOf(e.getMessage())));
            }
        }
    }

    @FunctionalInterface
    private interface ListenerCall {
        void on(RunListener listener) throws IOException;
    }

    /** Phase: the scenario's rollbacks, then the end of every fault the run still holds. Always runs. */
    private void rollbacks(Run run) {
        for (Step step : run.scenario.rollbacks()) {
            try {
                switch (step) {
                    case Step.Clear clear -> clear(run, clear.fault(), "rollback");
                    case Step.Load load -> {
                        if (run.generator != null) {
                            run.generator.rate(load.rate());
                        }
                        run.journal.record("rollback", load.name(), "done", Map.of("rate", load.rate()));
                    }
                    case Step.Wait wait -> {
                        run.journal.record("rollback", wait.name(), "started", Map.of());
                        pause(wait.duration());
                    }
                    case Step.Inject inject -> inject(run, inject);
                    case Step.RotateSigningKey rotate -> run.journal.record("warning", rotate.name(), "skipped",
                            Map.of("reason", "a rotation is no rollback: keys are not taken back"));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (RuntimeException e) {
                run.journal.record("rollback", step.name(), "error", Map.of("error", String.valueOf(e.getMessage())));
            }
        }
        if (!run.faults.isEmpty()) {
            clear(run, Step.Clear.ALL, "rollback");
        }
        Thread.interrupted();
    }

    /** Phase: the steady state again, each probe given until {@code settle} to hold. */
    private List<ExpectationResult> steadyStateAfter(Run run) {
        List<ExpectationResult> results = new ArrayList<>();
        long start = System.nanoTime();
        for (Probe probe : run.scenario.steadyState()) {
            Reading reading = readUntilHeld(run, probe, start, options.settle());
            double after = (System.nanoTime() - start) / 1e9;
            run.journal.record("steady-state", probe.name(), reading.holds() ? "held" : "failed",
                    Map.of("phase", "after", "detail", reading.detail(), "afterSeconds", Math.round(after * 10) / 10.0));
            results.add(new ExpectationResult(probe.name(), "steady-state", reading.holds(), reading, after,
                    "steady state again within " + options.settle().toSeconds() + "s of the rollbacks"));
        }
        return results;
    }

    private List<ProcessEndpoint> targets(Step.Inject inject) {
        return endpoints.select(inject.instance() != null ? inject.instance() : inject.service()).stream()
                .filter(p -> p.service().equals(inject.service()))
                .toList();
    }

    /**
     * Runs a control call to its end even when Ctrl-C interrupts the run meanwhile: an inject cut short could leave
     * a fault applied whose id the rollback never learned. The interrupt is honoured after the call.
     */
    private static <T> T uninterruptibly(java.util.function.Supplier<T> call) {
        try {
            return java.util.concurrent.CompletableFuture.supplyAsync(call).join();
        } catch (java.util.concurrent.CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }

    /** Waits in a phase: Ctrl-C meanwhile ends it as interrupted. */
    private static Outcome pausing(Duration duration) {
        try {
            pause(duration);
            return Outcome.GO_ON;
        } catch (InterruptedException e) {
            return Outcome.INTERRUPTED;
        }
    }

    private static void pause(Duration duration) throws InterruptedException {
        Thread.sleep(duration.toMillis());
    }

    /** A fault the run applied on one process. */
    private record ActiveFault(String name, ProcessEndpoint process, String id) {
    }
}
