package dev.faultline.cli.workshop;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

class CalibrationProperties {

    @Property(seed = "42")
    void theBrierScoreIsBetweenZeroAndOneAndRewardsHonestConfidence(
            @ForAll @Size(min = 1, max = 40) List<@IntRange(min = 0, max = 100) Integer> confidences,
            @ForAll @Size(min = 40, max = 40) List<Boolean> outcomes) {
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

    @Property(seed = "7")
    void fiftyPercentAlwaysScoresAQuarterAndSureAndRightScoresZero(@ForAll @Size(min = 1, max = 30) List<Boolean> outcomes) {
        assertThat(Calibration.of(outcomes.stream().map(o -> grade(50, o)).toList()).brier()).isCloseTo(0.25,
                org.assertj.core.api.Assertions.within(1e-9));
        assertThat(Calibration.of(outcomes.stream().map(o -> grade(o ? 100 : 0, o)).toList()).brier()).isZero();
    }

    private static Grade grade(int confidence, boolean correct) {
        return new Grade("p", "q", "a", confidence, "m", correct, "d");
    }
}
