package dev.faultline.cli.workshop;

import java.util.ArrayList;
import java.util.List;

/**
 * A learner's mystery, open or closed, as stored: which one, the faults it applied (to end them), the hints taken,
 * every solution tried and how it ended.
 *
 * @param faults    each applied fault, to end it
 * @param outcome   {@code open}, {@code solved} or {@code revealed}
 * @param score     points when closed: {@link #FULL_SCORE} less hints and wrong solutions; 0 when revealed
 */
public record MysteryCase(String mystery, String learner, long seed, String startedAt, List<AppliedFault> faults,
                          int hints, List<Solution> solutions, String outcome, int score) {

    public static final int FULL_SCORE = 100;
    public static final int HINT_COST = 20;
    public static final int WRONG_COST = 10;

    public MysteryCase {
        faults = List.copyOf(faults);
        solutions = List.copyOf(solutions);
    }

    /**
     * A fault the mystery applied.
     *
     * @param process the process holding it
     * @param id      its id there
     */
    public record AppliedFault(String process, String id) {
    }

    /**
     * One solution a learner tried.
     *
     * @param said     what they named
     * @param evidence the trace id they gave, or null
     * @param right    whether it was graded right
     * @param why      the grade, in words
     */
    public record Solution(String said, String evidence, boolean right, String why) {
    }

    public boolean open() {
        return outcome.equals("open");
    }

    public MysteryCase withHint() {
        return new MysteryCase(mystery, learner, seed, startedAt, faults, hints + 1, solutions, outcome, score);
    }

    /** With this solution added; closed as solved when it is right. */
    public MysteryCase tried(Solution solution) {
        List<Solution> all = new ArrayList<>(solutions);
        all.add(solution);
        if (!solution.right()) {
            return new MysteryCase(mystery, learner, seed, startedAt, faults, hints, all, outcome, score);
        }
        long wrong = all.stream().filter(s -> !s.right()).count();
        int points = (int) Math.max(0, FULL_SCORE - (long) HINT_COST * hints - WRONG_COST * wrong);
        return new MysteryCase(mystery, learner, seed, startedAt, faults, hints, all, "solved", points);
    }

    public MysteryCase revealed() {
        return new MysteryCase(mystery, learner, seed, startedAt, faults, hints, solutions, "revealed", 0);
    }
}
