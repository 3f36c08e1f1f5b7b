package dev.faultline.cli.workshop;

/**
 * One run of an exercise's fix step, as stored.
 *
 * @param setting  {@code service: key=value} as it was when the run started
 * @param before   the measured number in the learner's last run before the fix
 * @param after    the same number in this run (NaN when not measured)
 * @param improved whether it got better by the fix's margin
 * @param verdict  the scenario's verdict of this run
 * @param journal  this run's journal file
 */
public record FixAttempt(String exercise, String learner, String at, String setting, double before, double after,
                         boolean improved, String verdict, String journal) {
}
