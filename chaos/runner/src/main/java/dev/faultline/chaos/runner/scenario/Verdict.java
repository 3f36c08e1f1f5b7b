package dev.faultline.chaos.runner.scenario;

/** How a run ended, and the exit code it gives. */
public enum Verdict {
    /** Every expectation held and the steady state came back. */
    PASSED(0),
    /** An expectation did not hold, or the steady state did not come back. */
    FAILED(1),
    /** The scenario could not run as written (a fault a process refuses, a probe without its Prometheus). */
    INVALID(2),
    /** The sandbox was not in its steady state before the method, or did not answer: nothing was judged. */
    ABORTED(3),
    /** Stopped by Ctrl-C; the rollbacks ran. */
    INTERRUPTED(130);

    private final int exitCode;

    Verdict(int exitCode) {
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}
