package dev.faultline.cli.workshop;

import java.util.List;
import java.util.Optional;

import dev.faultline.chaos.runner.scenario.Step;

/**
 * A break-fix mystery: one hidden fault and the symptom a learner is told.
 *
 * @param symptom     all the learner is told at the start
 * @param fault       the hidden fault (its duration is the lease: it ends by itself)
 * @param answer      what a right diagnosis names
 * @param explanation shown when it is solved or revealed
 * @param hints       in order; each one taken costs {@link MysteryCase#HINT_COST} points
 */
public record Mystery(String id, String file, int level, String title, String symptom, Step.Inject fault,
                      Diagnosis answer, String explanation, List<String> hints) {

    public Mystery {
        hints = List.copyOf(hints);
    }

    /**
     * What was wrong, or what a learner says was.
     *
     * @param instance the one process it hit, when that matters; empty when the whole service was hit
     */
    public record Diagnosis(String service, String kind, Optional<String> instance) {

        @Override
        public String toString() {
            return kind + " on " + instance.orElse(service);
        }
    }
}
