package dev.faultline.cli.workshop;

/**
 * An exercise's fix step: after the run, the learner changes one setting of a service and runs it again; the second
 * run must show the improvement in one measured number.
 *
 * @param ask     what to change and why, for the learner
 * @param service whose setting
 * @param key     the setting (a key of the service's {@code application.yaml})
 * @param value   the value the exercise suggests (any other value is tried as given)
 * @param check   the measurement or expectation that shows the improvement
 * @param field   which of its numbers
 * @param lower   whether better is lower (a latency) or higher (a success ratio)
 * @param by      how much better it must be, in the measurement's own unit
 */
public record Fix(String ask, String service, String key, String value, String check, Prediction.Field field,
                  boolean lower, double by) {

    /** The measured number of a result, as this fix compares it. */
    public double of(dev.faultline.chaos.runner.scenario.ExpectationResult result) {
        return field == Prediction.Field.AFTER ? result.after() : result.reading().value();
    }

    /** Whether {@code after} is better than {@code before} by at least {@link #by}. */
    public boolean improved(double before, double after) {
        return lower ? after <= before - by : after >= before + by;
    }
}
