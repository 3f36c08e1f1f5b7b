package dev.faultline.chaos.runner.scenario;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import dev.faultline.chaos.model.FaultDurations;

/**
 * Judges a scenario's expectations while its method runs: starts each one's clock at its step, polls those with a
 * deadline four times a second until they hold or time out, checks the others at their step or at the end.
 * Measurements are timed the same way and recorded, but never judged.
 */
final class ExpectationTracker implements AutoCloseable {

    private static final Duration POLL = Duration.ofMillis(250);

    private final ProbeRunner probes;
    private final Journal journal;
    private final List<Tracked> tracked = new ArrayList<>();
    private final ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("faultline-expectations").daemon().factory());

    ExpectationTracker(List<Expectation> expectations, List<Expectation> measurements, ProbeRunner probes,
                       Journal journal) {
        this.probes = probes;
        this.journal = journal;
        expectations.forEach(e -> tracked.add(new Tracked(e, "expectation")));
        measurements.forEach(e -> tracked.add(new Tracked(e, ExpectationResult.MEASUREMENT)));
        poller.scheduleWithFixedDelay(this::poll, POLL.toMillis(), POLL.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The method starts: clocks without an {@code after} start now. */
    void methodStarted() {
        for (Tracked each : tracked) {
            if (each.expectation.after().isEmpty() && each.expectation.at().isEmpty()) {
                start(each);
            }
        }
    }

    /** A step starts: one-time checks at it run now, clocks after it start. */
    void stepStarted(String step) {
        for (Tracked each : tracked) {
            if (each.expectation.after().filter(step::equals).isPresent()) {
                start(each);
            }
            if (each.expectation.at().filter(step::equals).isPresent()) {
                if (!each.started) {
                    start(each);
                }
                judge(each, probes.read(each.expectation.probe(), each.baseline));
            }
        }
    }

    /** The method is over: expectations without a deadline are checked now. */
    void methodFinished() {
        for (Tracked each : tracked) {
            if (each.expectation.within().isEmpty() && !each.resolved()) {
                judge(each, probes.read(each.expectation.probe(), each.baseline));
            }
        }
    }

    /** Waits until every expectation is decided (the last deadline at most). */
    void awaitDecided() throws InterruptedException {
        synchronized (this) {
            while (tracked.stream().anyMatch(t -> !t.resolved())) {
                wait(POLL.toMillis());
            }
        }
    }

    /** Every decided expectation, in the scenario's order. */
    List<ExpectationResult> results() {
        synchronized (this) {
            return tracked.stream().filter(Tracked::resolved).map(t -> t.result).toList();
        }
    }

    @Override
    public void close() {
        poller.shutdownNow();
    }

    private void start(Tracked each) {
        each.startNanos = System.nanoTime();
        each.baseline = probes.baseline(each.expectation.probe());
        each.started = true;
    }

    private void poll() {
        for (Tracked each : tracked) {
            if (each.started && each.expectation.within().isPresent() && !each.resolved()) {
                Reading reading = probes.read(each.expectation.probe(), each.baseline);
                boolean late = System.nanoTime() - each.startNanos > each.expectation.within().get().toNanos();
                if (reading.holds() || late) {
                    judge(each, reading);
                }
            }
        }
    }

    private void judge(Tracked each, Reading reading) {
        double after = (System.nanoTime() - each.startNanos) / 1e9;
        ExpectationResult result = new ExpectationResult(each.expectation.name(), each.kind, reading.holds(),
                reading, after, rule(each.expectation));
        String outcome = result.judged() ? reading.holds() ? "held" : "failed"
                : reading.holds() ? "measured" : "not seen";
        synchronized (this) {
            if (each.resolved()) {
                return;
            }
            // in the journal before anyone waiting learns of it: a run that ends right after a deadline's decision
            // saved its journal without the entry once (a fresh-clone run, 2026-12-07)
            journal.record(each.kind, result.name(), outcome, Map.of(
                    "rule", result.rule(), "value", Double.isNaN(reading.value()) ? "none" : reading.value(),
                    "detail", reading.detail(), "afterSeconds", Math.round(after * 10) / 10.0));
            each.result = result;
            notifyAll();
        }
    }

    static String rule(Expectation expectation) {
        String condition = switch (expectation.probe()) {
            case Probe.Http p -> p.method() + " " + p.path() + " answers " + p.status() + " with latency " + p.latency();
            case Probe.Metric p -> p.series() + p.per().map(per -> " per " + per).orElse("")
                    + (p.increase() ? " (increase) " : " ") + p.expect() + " on " + p.process();
            case Probe.Promql p -> p.query() + " " + p.expect();
            case Probe.Load p -> p.measure() + p.endpoint().map(e -> " of " + e.key()).orElse("")
                    + p.per().map(e -> " per " + p.measure() + " of " + e.key()).orElse("") + " over "
                    + FaultDurations.format(p.over()) + " " + p.expect();
        };
        String after = expectation.after().map(a -> " after " + a).orElse("");
        if (expectation.at().isPresent()) {
            return condition + ", at " + expectation.at().get() + (after.isEmpty() ? "" : " (counted from" + after + ")");
        }
        return expectation.within().map(w -> condition + ", within " + FaultDurations.format(w) + after)
                .orElse(condition + ", at the end" + (after.isEmpty() ? "" : " (counted from" + after + ")"));
    }

    private static final class Tracked {
        private final Expectation expectation;
        private final String kind;
        private volatile long startNanos;
        private volatile boolean started;
        private volatile ProbeRunner.Baseline baseline = ProbeRunner.Baseline.ZERO;
        private volatile ExpectationResult result;

        Tracked(Expectation expectation, String kind) {
            this.expectation = expectation;
            this.kind = kind;
        }

        boolean resolved() {
            return result != null;
        }
    }
}
