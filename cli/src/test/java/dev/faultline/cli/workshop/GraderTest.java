package dev.faultline.cli.workshop;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;

import dev.faultline.chaos.runner.scenario.ExpectationResult;
import dev.faultline.chaos.runner.scenario.Reading;
import org.junit.jupiter.api.Test;

class GraderTest {

    private static final List<ExpectationResult> RUN = List.of(
            new ExpectationResult("opens", "expectation", true, new Reading(true, 1, "1"), 0.8, "rule"),
            new ExpectationResult("failed orders", ExpectationResult.MEASUREMENT, true, new Reading(true, 91, "91"), 0, "r"),
            new ExpectationResult("ratio before", ExpectationResult.MEASUREMENT, true, new Reading(true, 0.99, "x"), 0, "r"),
            new ExpectationResult("ratio during", ExpectationResult.MEASUREMENT, true, new Reading(true, 0.42, "x"), 0, "r"),
            new ExpectationResult("no data", ExpectationResult.MEASUREMENT, false, new Reading(false, Double.NaN, "none"), 0, "r"));

    private static final Prediction.Choice OPENS = new Prediction.Choice("opens", "q", List.of(
            new Prediction.Option("yes", "opens", true), new Prediction.Option("no", "opens", false)));

    @Test
    void aChoiceIsRightWhenItsCheckCameOutAsItSays() {
        assertThat(Grader.grade(OPENS, new Answer("opens", "YES", 80), RUN).correct()).isTrue();
        assertThat(Grader.grade(OPENS, new Answer("opens", "no", 80), RUN).correct()).isFalse();
        assertThat(Grader.grade(OPENS, new Answer("opens", "no", 80), RUN).difference()).contains("the run says yes");
    }

    @Test
    void aNumberIsRightWithinItsToleranceOfTheMeasuredValueOrTime() {
        Prediction.Estimate count = new Prediction.Estimate("n", "q", "orders", 0.25, true, "failed orders",
                Prediction.Field.VALUE);
        assertThat(Grader.grade(count, new Answer("n", "70", 50), RUN).correct()).isTrue();
        assertThat(Grader.grade(count, new Answer("n", "60", 50), RUN).correct()).isFalse();
        Prediction.Estimate seconds = new Prediction.Estimate("s", "q", "s", 2, false, "opens", Prediction.Field.AFTER);
        assertThat(Grader.grade(seconds, new Answer("s", "2.8", 50), RUN).correct()).isTrue();
        assertThat(Grader.grade(seconds, new Answer("s", "3", 50), RUN).difference()).contains("2.20 s too high");
        Prediction.Estimate share = new Prediction.Estimate("p", "q", "%", 5, false, "ratio during", Prediction.Field.VALUE);
        assertThat(Grader.grade(share, new Answer("p", "45", 50), RUN).correct()).isTrue();
    }

    @Test
    void aDirectionComparesWithItsBaselineAndNothingMeasuredIsNotGraded() {
        Prediction.Direction ratio = new Prediction.Direction("d", "q", "ratio during", Optional.of("ratio before"), 0.01);
        assertThat(Grader.grade(ratio, new Answer("d", "down", 50), RUN).correct()).isTrue();
        assertThat(Grader.grade(ratio, new Answer("d", "flat", 50), RUN).correct()).isFalse();
        Prediction.Direction none = new Prediction.Direction("d", "q", "no data", Optional.empty(), 0);
        assertThat(Grader.grade(none, new Answer("d", "up", 50), RUN).graded()).isFalse();
    }
}
