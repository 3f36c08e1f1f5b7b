package dev.faultline.cli.workshop;

/**
 * A learner's answer to one prediction.
 *
 * @param prediction the prediction's id
 * @param value      as typed: an option, a number, up/down/flat
 * @param confidence how sure the learner was that it is right, 0 to 100 (%)
 */
public record Answer(String prediction, String value, int confidence) {
}
