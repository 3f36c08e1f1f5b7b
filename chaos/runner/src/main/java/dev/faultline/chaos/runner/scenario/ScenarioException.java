package dev.faultline.chaos.runner.scenario;

import java.util.List;
import java.util.stream.Collectors;

/** A scenario file that cannot run: every error with file, line and column. */
public final class ScenarioException extends RuntimeException {

    private final List<ScenarioError> errors;

    public ScenarioException(List<ScenarioError> errors) {
        super(errors.stream().map(ScenarioError::toString).collect(Collectors.joining("\n")));
        this.errors = List.copyOf(errors);
    }

    public List<ScenarioError> errors() {
        return errors;
    }
}
