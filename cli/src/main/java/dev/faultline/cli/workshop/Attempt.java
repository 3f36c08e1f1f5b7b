package dev.faultline.cli.workshop;

import java.util.List;

/**
 * One go at an exercise, as stored: the predictions locked before anything was injected, then the run and grades.
 *
 * @param exercise   the exercise's id
 * @param learner    whose
 * @param lockedAt   when the predictions were locked (before the run started)
 * @param answers    the locked predictions
 * @param finishedAt when the run ended; null while it runs (or if it never ended)
 * @param verdict    the scenario's verdict; null until it ended
 * @param lesson     whether the exercise's own checks held
 * @param journal    the run's journal file
 * @param grades     each prediction against the run
 */
public record Attempt(String exercise, String learner, String lockedAt, List<Answer> answers, String finishedAt,
                      String verdict, boolean lesson, String journal, List<Grade> grades) {

    public Attempt {
        answers = List.copyOf(answers);
        grades = grades == null ? List.of() : List.copyOf(grades);
    }

    /** Graded points: one per right prediction. */
    public long right() {
        return grades.stream().filter(g -> Boolean.TRUE.equals(g.correct())).count();
    }
}
