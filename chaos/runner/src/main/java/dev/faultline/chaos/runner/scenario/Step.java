package dev.faultline.chaos.runner.scenario;

import java.time.Duration;
import java.util.Optional;

import dev.faultline.chaos.model.FaultSpec;

/** One step of a scenario's method or rollbacks. */
public sealed interface Step {

    /** What expectations refer to it by ({@code after: payments-down}). */
    String name();

    /**
     * Applies a fault on every process of the target service (or the one instance named).
     *
     * @param name     the fault's name in the scenario
     * @param instance one process of the service, or null for all
     * @param fault    the fault as the admin API takes it
     * @param location {@code file:line:column} of the step, for errors the processes find in it
     */
    record Inject(String name, String service, String instance, FaultSpec fault, String location) implements Step {
    }

    /**
     * Ends a fault the scenario injected, or all of them ({@link #ALL}).
     */
    record Clear(String name, String fault) implements Step {

        public static final String ALL = "all";
    }

    /** Waits. */
    record Wait(String name, Duration duration) implements Step {
    }

    /** Changes the load's arrival rate from now on. */
    record Load(String name, double rate) implements Step {
    }

    /**
     * Rotates the token issuer's signing key: a new key published now, signing after {@code lead} (the issuer's own
     * lead when empty; zero is the wrong way a lesson shows). Nothing to roll back: keys are not taken back.
     */
    record RotateSigningKey(String name, Optional<Duration> lead) implements Step {
    }
}
