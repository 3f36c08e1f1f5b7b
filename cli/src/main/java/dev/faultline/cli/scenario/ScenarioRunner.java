package dev.faultline.cli.scenario;

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
import dev.faultline.cli.control.AdminClient;
import dev.faultline.cli.control.ControlException;
import dev.faultline.cli.control.ProcessEndpoint;
import dev.faultline.cli.control.SandboxEndpoints;
import dev.faultline.cli.load.LoadGenerator;
import dev.faultline.cli.load.LoadStats;
import dev.faultline.cli.load.ShopTraffic;

/**
 * Runs a scenario against the sandbox: checks everything it can before starting anything, drives the load, checks
 * the steady state, plays the method while judging the expectations, and always rolls back (success, failure,
 * error or interrupt), ending every fault it started. Everything goes into the {@link Journal}.
 */
public final class ScenarioRunner {

    /**
     * @param prometheus for {@code promql} probes
     * @param grafana    to annotate each fault's start and end
     * @param settle     how long the steady state may take to come back after the rollbacks
     * @param apiKey     the key the load and HTTP probes present to the gateway
     */
    public record Options(Optional<URI> prometheus, Optional<GrafanaAnnotations> grafana, Duration settle, String apiKey) {

        public static Options defaults() {
            return new Options(Optional.empty(), Optional.empty(), Duration.ofSeconds(30), ShopTraffic.DEMO_KEY);
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
        journal.record("run", scenario.name(), "started", Map.of("title", scenario.title(), "file", scenario.file()));
        Preflight preflight = preflight(scenario);
        if (!preflight.problems().isEmpty()) {
            journal.record("run", scenario.name(), "invalid", Map.of("problems", preflight.problems()));
            running = null;
            return new RunResult(scenario, preflight.unreachable() ? Verdict.ABORTED : Verdict.INVALID,
                    String.join("\n", preflight.problems()), List.of(), Optional.empty(), journal.elapsed());
        }
        LoadStats stats = new LoadStats();
        HttpClient http = LoadGenerator.newClient();
        ShopTraffic traffic = new ShopTraffic(endpoints.gateway().api("/"), options.apiKey(), REQUEST_TIMEOUT);
        LoadGenerator generator = scenario.load().rate() > 0
                ? new LoadGenerator(traffic, http, stats, MAX_IN_FLIGHT) : null;
        ProbeRunner probes = new ProbeRunner(endpoints, admin, options.prometheus(), stats);
        List<ActiveFault> faults = new CopyOnWriteArrayList<>();
        List<ExpectationResult> results = new ArrayList<>();
        Verdict verdict = null;
        String reason = "";
        ExpectationTracker tracker = null;
        try {
            if (generator != null) {
                traffic.prepare(http);
                generator.start(scenario.load().rate(), scenario.load().mix());
                journal.record("load", "traffic", "started", Map.of("rate", scenario.load().rate(),
                        "mix", scenario.load().mix().toString(), "warmUpSeconds", scenario.load().warmUp().toSeconds()));
                pause(scenario.load().warmUp());
            }
            for (Probe probe : scenario.steadyState()) {
                Reading reading = probes.read(probe, ProbeRunner.Baseline.ZERO);
                journal.record("steady-state", probe.name(), reading.holds() ? "held" : "failed",
                        Map.of("phase", "before", "detail", reading.detail()));
                if (!reading.holds()) {
                    verdict = Verdict.ABORTED;
                    reason = "the sandbox was not in its steady state before the method (" + probe.name() + ": "
                            + reading.detail() + "); nothing was injected";
                    return result(scenario, verdict, reason, results, generator, journal);
                }
            }
            tracker = new ExpectationTracker(scenario.expectations(), probes, journal);
            tracker.methodStarted();
            for (Step step : scenario.method()) {
                tracker.stepStarted(step.name());
                execute(scenario, step, generator, faults, journal);
                if (interrupted) {
                    throw new InterruptedException();
                }
            }
            tracker.methodFinished();
            tracker.awaitDecided();
            results.addAll(tracker.results());
        } catch (InterruptedException e) {
            verdict = Verdict.INTERRUPTED;
            reason = "interrupted; the rollbacks ran";
        } catch (ControlException | IllegalStateException e) {
            verdict = interrupted ? Verdict.INTERRUPTED : Verdict.ABORTED;
            reason = interrupted ? "interrupted; the rollbacks ran" : e.getMessage();
            journal.record("run", scenario.name(), "error", Map.of("error", e.getMessage()));
        } finally {
            if (tracker != null) {
                tracker.close();
            }
            boolean wasInterrupted = Thread.interrupted() || interrupted;
            rollback(scenario, faults, generator, journal);
            if (verdict == null && !wasInterrupted) {
                results.addAll(steadyStateAfter(scenario, probes, journal));
            }
            if (wasInterrupted && verdict != Verdict.ABORTED) {
                verdict = Verdict.INTERRUPTED;
                reason = "interrupted; the rollbacks ran";
            }
            if (generator != null) {
                generator.stop(REQUEST_TIMEOUT);
            }
            running = null;
        }
        if (verdict == null) {
            long failed = results.stream().filter(r -> !r.held()).count();
            verdict = failed == 0 ? Verdict.PASSED : Verdict.FAILED;
            reason = failed == 0 ? "every expectation held and the steady state came back"
                    : failed + " of " + results.size() + " checks did not hold";
        }
        return result(scenario, verdict, reason, results, generator, journal);
    }

    private RunResult result(Scenario scenario, Verdict verdict, String reason, List<ExpectationResult> results,
                             LoadGenerator generator, Journal journal) {
        journal.record("run", scenario.name(), verdict.name().toLowerCase(java.util.Locale.ROOT), Map.of("reason", reason));
        return new RunResult(scenario, verdict, reason, results, Optional.ofNullable(generator), journal.elapsed());
    }

    /**
     * What would stop the scenario, found before anything starts.
     *
     * @param problems    nothing is injected or sent when there are any
     * @param unreachable a process did not answer (the sandbox is down), rather than refusing
     */
    private record Preflight(List<String> problems, boolean unreachable) {
    }

    private Preflight preflight(Scenario scenario) {
        List<String> problems = new ArrayList<>();
        boolean unreachable = false;
        List<Probe> probes = new ArrayList<>(scenario.steadyState());
        scenario.expectations().forEach(e -> probes.add(e.probe()));
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

    private void execute(Scenario scenario, Step step, LoadGenerator generator, List<ActiveFault> faults, Journal journal)
            throws InterruptedException {
        switch (step) {
            case Step.Inject inject -> inject(scenario, inject, faults, journal);
            case Step.Clear clear -> clear(clear.fault(), faults, journal, "step");
            case Step.Wait wait -> {
                journal.record("step", wait.name(), "started", Map.of("seconds", wait.duration().toMillis() / 1000.0));
                pause(wait.duration());
            }
            case Step.Load load -> {
                if (generator == null) {
                    journal.record("warning", load.name(), "skipped", Map.of("reason", "the scenario has no load profile"));
                } else {
                    generator.rate(load.rate());
                    journal.record("step", load.name(), "done", Map.of("rate", load.rate()));
                }
            }
        }
    }

    private void inject(Scenario scenario, Step.Inject inject, List<ActiveFault> faults, Journal journal) {
        List<String> ids = new ArrayList<>();
        for (ProcessEndpoint target : targets(inject)) {
            JsonNode applied = uninterruptibly(() -> admin.inject(target, inject.fault()));
            String id = applied.path("id").asText();
            ids.add(target.name() + ":" + id);
            faults.add(new ActiveFault(inject.name(), target, id, annotate(scenario, inject, journal)));
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("fault", inject.fault().wire());
        details.put("ids", ids);
        journal.record("fault", inject.name(), "injected", details);
    }

    private Optional<Long> annotate(Scenario scenario, Step.Inject inject, Journal journal) {
        if (options.grafana().isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(options.grafana().get().start(System.currentTimeMillis(), scenario.title() + ": "
                    + inject.name() + " (" + inject.fault().kind() + " on " + inject.service() + ")",
                    inject.fault().kind(), inject.service(), scenario.name()));
        } catch (IOException e) {
            journal.record("warning", inject.name(), "not annotated", Map.of("reason", e.getMessage()));
            return Optional.empty();
        }
    }

    /** Ends the named fault (or all the run started) wherever it was applied; a fault already gone is fine. */
    private void clear(String name, List<ActiveFault> faults, Journal journal, String type) {
        List<String> cleared = new ArrayList<>();
        for (ActiveFault fault : faults) {
            if (!Step.Clear.ALL.equals(name) && !fault.name().equals(name)) {
                continue;
            }
            faults.remove(fault);
            try {
                boolean held = uninterruptibly(() -> admin.clear(fault.process(), fault.id()));
                cleared.add(fault.process().name() + ":" + fault.id() + (held ? "" : " (already ended)"));
            } catch (ControlException e) {
                cleared.add(fault.process().name() + ":" + fault.id() + " (" + e.getMessage() + ")");
            }
            fault.annotation().ifPresent(id -> {
                try {
                    options.grafana().orElseThrow().end(id, System.currentTimeMillis());
                } catch (IOException e) {
                    journal.record("warning", fault.name(), "annotation not ended", Map.of("reason", e.getMessage()));
                }
            });
        }
        journal.record(type, "clear " + name, "done", Map.of("cleared", cleared));
    }

    private void rollback(Scenario scenario, List<ActiveFault> faults, LoadGenerator generator, Journal journal) {
        for (Step step : scenario.rollbacks()) {
            try {
                switch (step) {
                    case Step.Clear clear -> clear(clear.fault(), faults, journal, "rollback");
                    case Step.Load load -> {
                        if (generator != null) {
                            generator.rate(load.rate());
                        }
                        journal.record("rollback", load.name(), "done", Map.of("rate", load.rate()));
                    }
                    case Step.Wait wait -> {
                        journal.record("rollback", wait.name(), "started", Map.of());
                        pause(wait.duration());
                    }
                    case Step.Inject inject -> inject(scenario, inject, faults, journal);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (RuntimeException e) {
                journal.record("rollback", step.name(), "error", Map.of("error", String.valueOf(e.getMessage())));
            }
        }
        if (!faults.isEmpty()) {
            clear(Step.Clear.ALL, faults, journal, "rollback");
        }
        Thread.interrupted();
    }

    private List<ExpectationResult> steadyStateAfter(Scenario scenario, ProbeRunner probes, Journal journal) {
        List<ExpectationResult> results = new ArrayList<>();
        long start = System.nanoTime();
        for (Probe probe : scenario.steadyState()) {
            Reading reading = probes.read(probe, ProbeRunner.Baseline.ZERO);
            while (!reading.holds() && System.nanoTime() - start < options.settle().toNanos() && !interrupted) {
                try {
                    pause(Duration.ofMillis(500));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
                reading = probes.read(probe, ProbeRunner.Baseline.ZERO);
            }
            double after = (System.nanoTime() - start) / 1e9;
            journal.record("steady-state", probe.name(), reading.holds() ? "held" : "failed",
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

    private static void pause(Duration duration) throws InterruptedException {
        Thread.sleep(duration.toMillis());
    }

    /** A fault the run applied on one process. */
    private record ActiveFault(String name, ProcessEndpoint process, String id, Optional<Long> annotation) {
    }
}
