package dev.faultline.cli.workshop;

import java.util.ArrayList;
import java.util.List;

/**
 * How well a learner's confidence matched how often they were right, over graded predictions: the Brier score
 * (mean squared distance between confidence and outcome: 0 is perfect, 0.25 is always saying 50 %, 1 is sure and
 * always wrong) and, per confidence band, how often they were right.
 *
 * @param graded     how many predictions were graded
 * @param right      how many of those were right
 * @param brier      the Brier score; NaN when nothing was graded
 * @param confidence the mean confidence, 0 to 1
 * @param bands      per band of confidence
 */
public record Calibration(int graded, int right, double brier, double confidence, List<Band> bands) {

    private static final int[][] BANDS = {{0, 59}, {60, 79}, {80, 100}};

    /**
     * One band of confidence.
     *
     * @param from     lowest confidence in it, %
     * @param to       highest, %
     * @param count    predictions in it
     * @param accuracy the share of them that were right; NaN when empty
     */
    public record Band(int from, int to, int count, double accuracy) {
    }

    public static Calibration of(List<Grade> grades) {
        List<Grade> graded = grades.stream().filter(Grade::graded).toList();
        double squares = 0;
        double sure = 0;
        int right = 0;
        for (Grade grade : graded) {
            double p = grade.confidence() / 100.0;
            int outcome = grade.correct() ? 1 : 0;
            squares += (p - outcome) * (p - outcome);
            sure += p;
            right += outcome;
        }
        List<Band> bands = new ArrayList<>();
        for (int[] band : BANDS) {
            List<Grade> in = graded.stream().filter(g -> g.confidence() >= band[0] && g.confidence() <= band[1]).toList();
            double accuracy = in.isEmpty() ? Double.NaN : in.stream().filter(Grade::correct).count() / (double) in.size();
            bands.add(new Band(band[0], band[1], in.size(), accuracy));
        }
        int n = graded.size();
        return new Calibration(n, right, n == 0 ? Double.NaN : squares / n, n == 0 ? Double.NaN : sure / n, bands);
    }

    /** Right share, 0 to 1; NaN when nothing was graded. */
    public double accuracy() {
        return graded == 0 ? Double.NaN : right / (double) graded;
    }

    /** What the numbers say, in one sentence. */
    public String verdict() {
        if (graded == 0) {
            return "No graded predictions yet.";
        }
        double gap = confidence - accuracy();
        if (Math.abs(gap) < 0.1) {
            return "Well calibrated: your confidence matches how often you are right.";
        }
        return gap > 0 ? String.format(java.util.Locale.ROOT, "Overconfident: you were %.0f %% sure on average and "
                + "right %.0f %% of the time.", confidence * 100, accuracy() * 100)
                : String.format(java.util.Locale.ROOT, "Underconfident: you were right %.0f %% of the time but only "
                + "%.0f %% sure on average.", accuracy() * 100, confidence * 100);
    }
}
