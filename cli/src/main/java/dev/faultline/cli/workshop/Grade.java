package dev.faultline.cli.workshop;

/**
 * How one prediction came out against the run.
 *
 * @param prediction the prediction's id
 * @param ask        the question
 * @param answer     what the learner said
 * @param confidence how sure they were, 0 to 100
 * @param measured   what the run measured, for people ({@code opened after 0.8 s}); or why nothing was
 * @param correct    whether the answer matched the measurement; null when the run measured nothing to grade by
 * @param difference the answer against the measurement, in one sentence
 */
public record Grade(String prediction, String ask, String answer, int confidence, String measured, Boolean correct,
                    String difference) {

    public boolean graded() {
        return correct != null;
    }
}
