package dev.faultline.chaos.runner.scenario;

/**
 * How one expectation (or a steady-state probe after the rollbacks) came out.
 *
 * @param name    the expectation
 * @param kind    {@code expectation} or {@code steady-state}
 * @param held    whether it held
 * @param reading the reading that decided it
 * @param after   seconds from its clock's start to the deciding reading
 * @param rule    how it was judged, for the report ({@code within 10s after payments-down})
 */
public record ExpectationResult(String name, String kind, boolean held, Reading reading, double after, String rule) {
}
