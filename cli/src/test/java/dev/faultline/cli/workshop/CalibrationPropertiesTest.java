package dev.faultline.cli.workshop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.booleans;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The Brier score's promises over a thousand random sets of graded predictions each, from fixed seeds. */
class CalibrationPropertiesTest {

    @Test
    void theBrierScoreIsBetweenZeroAndOneAndRewardsHonestConfidence() {
        qt().withFixedSeed(42).withExamples(1_000)
                .forAll(lists().of(integers().between(0, 100)).ofSizeBetween(1, 40), lists().of(booleans().all()).ofSize(40))
                .checkAssert(CalibrationPropertiesTest::scoresHonestConfidenceBest);
    }

    private static void scoresHonestConfidenceBest(List<Integer> confidences, List<Boolean> outcomes) {
        List<Grade> grades = new ArrayList<>();
        for (int i = 0; i < confidences.size(); i++) {
            grades.add(grade(confidences.get(i), outcomes.get(i)));
        }
        Calibration calibration = Calibration.of(grades);
        assertThat(calibration.brier()).isBetween(0.0, 1.0);
        // saying how sure you are beats saying the opposite: flipping every confidence never scores better
        List<Grade> flipped = grades.stream().map(g -> grade(100 - g.confidence(), g.correct())).toList();
        double honest = calibration.brier();
        double contrary = Calibration.of(flipped).brier();
        boolean leaningRight = grades.stream().allMatch(g -> g.correct() == g.confidence() >= 50);
        if (leaningRight) {
            assertThat(honest).isLessThanOrEqualTo(contrary);
        }
        assertThat(calibration.bands().stream().mapToInt(Calibration.Band::count).sum()).isEqualTo(grades.size());
    }

    @Test
    void fiftyPercentAlwaysScoresAQuarterAndSureAndRightScoresZero() {
        qt().withFixedSeed(7).withExamples(1_000).forAll(lists().of(booleans().all()).ofSizeBetween(1, 30))
                .checkAssert(CalibrationPropertiesTest::scoresAQuarterAtFiftyAndZeroWhenSureAndRight);
    }

    private static void scoresAQuarterAtFiftyAndZeroWhenSureAndRight(List<Boolean> outcomes) {
        assertThat(Calibration.of(outcomes.stream().map(o -> grade(50, o)).toList()).brier()).isCloseTo(0.25,
                org.assertj.core.api.Assertions.within(1e-9));
        assertThat(Calibration.of(outcomes.stream().map(o -> grade(o ? 100 : 0, o)).toList()).brier()).isZero();
    }

    private static Grade grade(int confidence, boolean correct) {
        return new Grade("p", "q", "a", confidence, "m", correct, "d");
    }
}
