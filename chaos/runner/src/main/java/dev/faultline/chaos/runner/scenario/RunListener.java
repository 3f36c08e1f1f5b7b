package dev.faultline.chaos.runner.scenario;

import java.io.IOException;

import dev.faultline.chaos.runner.control.ProcessEndpoint;

/**
 * A side channel of a scenario run, told of each fault as the run applies and ends it (Grafana's annotations; a
 * workshop's grader). A listener that fails costs a warning in the journal, never the run.
 */
public interface RunListener {

    /** The run applied a fault on one process. */
    default void faultStarted(Scenario scenario, Step.Inject inject, ProcessEndpoint process, String id)
            throws IOException {
    }

    /** The run ended that fault (or found it already over). */
    default void faultEnded(String name, ProcessEndpoint process, String id) throws IOException {
    }
}
