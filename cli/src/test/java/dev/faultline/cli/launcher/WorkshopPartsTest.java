package dev.faultline.cli.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import dev.faultline.cli.workshop.Exercise;
import dev.faultline.cli.workshop.Workshop;
import org.junit.jupiter.api.Test;

/** The workshop's system-test classes between them take every exercise exactly once, and the parts are balanced. */
class WorkshopPartsTest {

    private static final List<Exercise> ALL = new Workshop(FaultlineScript.HOME).exercises();
    private static final List<WorkshopRuns> CLASSES = List.of(new WorkshopPartOneIT(), new WorkshopPartTwoIT(),
            new WorkshopPartThreeIT(), new WorkshopOnOwnJvmsIT(), new WorkshopOnTlsIT());

    @Test
    void everyExerciseRunsInExactlyOneClass() {
        List<String> taken = new ArrayList<>();
        CLASSES.forEach(runs -> runs.exercises(ALL).forEach(exercise -> taken.add(exercise.id())));

        assertThat(taken).containsExactlyInAnyOrderElementsOf(ALL.stream().map(Exercise::id).toList());
        assertThat(new WorkshopOnOwnJvmsIT().exercises(ALL)).isNotEmpty().allMatch(WorkshopRuns::crashesAProcess);
        assertThat(new WorkshopOnTlsIT().exercises(ALL)).isNotEmpty().allMatch(WorkshopRuns::needsTls);
    }

    @Test
    void theOneJvmPartsExpectTimesWithinTheLongestExerciseOfEachOther() {
        List<Double> seconds = CLASSES.stream().filter(runs -> runs.hosting() == Hosting.ONE_JVM)
                .filter(runs -> !(runs instanceof WorkshopOnTlsIT))
                .map(runs -> runs.exercises(ALL).stream().mapToDouble(WorkshopRuns::expectedSeconds).sum()).toList();
        double longest = ALL.stream().mapToDouble(WorkshopRuns::expectedSeconds).max().orElseThrow();

        assertThat(seconds).hasSize(WorkshopRuns.ONE_JVM_PARTS);
        assertThat(seconds.stream().mapToDouble(Double::doubleValue).max().orElseThrow()
                - seconds.stream().mapToDouble(Double::doubleValue).min().orElseThrow()).isLessThanOrEqualTo(longest);
    }
}
