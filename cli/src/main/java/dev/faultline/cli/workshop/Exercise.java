package dev.faultline.cli.workshop;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.faultline.chaos.runner.scenario.Scenario;

/**
 * One workshop exercise, as its file says: the single source of the learner's page, the run and the grading.
 *
 * @param file         where it came from
 * @param level        1 (first steps) to 6
 * @param goal         what the learner should understand afterwards
 * @param briefing     the situation, before anything runs
 * @param scenario     what runs (a library scenario or the exercise's own); its checks are the lesson
 * @param look         where to look while it runs
 * @param predictions  asked before anything is injected
 * @param explanation  shown after the run
 * @param hints        in order, each a little more telling
 * @param fix          a setting to change and run again, where the lesson has one
 */
public record Exercise(String id, String file, int level, String title, String goal, String briefing,
                       Scenario scenario, List<Look> look, List<Prediction> predictions, String explanation,
                       List<String> hints, java.util.Optional<Fix> fix, Map<String, Map<String, String>> settings,
                       dev.faultline.pki.TlsMode tls) {

    public Exercise {
        look = List.copyOf(look);
        predictions = List.copyOf(predictions);
        hints = List.copyOf(hints);
        Map<String, Map<String, String>> copied = new LinkedHashMap<>();
        settings.forEach((service, keys) -> copied.put(service, Collections.unmodifiableMap(new LinkedHashMap<>(keys))));
        settings = Collections.unmodifiableMap(copied);
    }
}
