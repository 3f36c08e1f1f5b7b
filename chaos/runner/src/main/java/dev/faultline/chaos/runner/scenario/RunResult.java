package dev.faultline.chaos.runner.scenario;

import java.util.List;
import java.util.Optional;

import dev.faultline.chaos.runner.load.LoadGenerator;

/**
 * How a scenario run came out.
 *
 * @param verdict the verdict
 * @param reason  why, in one sentence
 * @param results every expectation and steady-state check after the rollbacks
 * @param load    the load generator, for its summary, when the scenario had load
 * @param seconds how long the run took
 */
public record RunResult(Scenario scenario, Verdict verdict, String reason, List<ExpectationResult> results,
                        Optional<LoadGenerator> load, double seconds) {

    public RunResult {
        results = List.copyOf(results);
    }
}
