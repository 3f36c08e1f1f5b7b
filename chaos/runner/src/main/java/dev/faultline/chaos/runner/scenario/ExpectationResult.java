package dev.faultline.chaos.runner.scenario;

/**
 * How one expectation (or a steady-state probe after the rollbacks) came out.
 *
 * @param name    the expectation
 * @param kind    {@code expectation}, {@code steady-state} or {@code measurement}
 * @param held    whether it held (for a measurement: whether it measured anything)
 * @param reading the reading that decided it
 * @param after   seconds from its clock's start to the deciding reading
 * @param rule    how it was judged, for the report ({@code within 10s after payments-down})
 */
public record ExpectationResult(String name, String kind, boolean held, Reading reading, double after, String rule) {

    public static final String MEASUREMENT = "measurement";

    /** Whether it counts toward the verdict: a measurement never does. */
    public boolean judged() {
        return !kind.equals(MEASUREMENT);
    }
}
