package dev.faultline.chaos.runner.scenario;

/**
 * One thing wrong in a scenario file.
 *
 * @param file    the file as given
 * @param line    1-based
 * @param column  1-based
 * @param message what is wrong and what was expected
 */
public record ScenarioError(String file, int line, int column, String message) {

    @Override
    public String toString() {
        return file + ":" + line + ":" + column + ": " + message;
    }
}
