package dev.faultline.chaos.runner.scenario;

import java.util.List;

/**
 * A chaos experiment as a file describes it.
 *
 * @param name         the file's name without {@code .yaml}
 * @param file         where it came from, as given
 * @param title        one line
 * @param description  what happens
 * @param exercise     what a learner should look at and try
 * @param load         traffic for the whole run
 * @param steadyState  probes that must hold before the method, and again after the rollbacks
 * @param method       the timeline
 * @param expectations what must happen
 * @param measurements what the run measures without judging it (a workshop grades predictions against them)
 * @param rollbacks    steps that always run at the end (the runner also ends every fault it started)
 */
public record Scenario(String name, String file, String title, String description, String exercise, LoadProfile load,
                       List<Probe> steadyState, List<Step> method, List<Expectation> expectations, List<Expectation> measurements,
                       List<Step> rollbacks) {

    public Scenario {
        steadyState = List.copyOf(steadyState);
        method = List.copyOf(method);
        expectations = List.copyOf(expectations);
        measurements = List.copyOf(measurements);
        rollbacks = List.copyOf(rollbacks);
    }
}
