package dev.faultline.cli.commands;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.faultline.cli.launcher.Sandbox;
import dev.faultline.cli.launcher.ServiceSettings;
import dev.faultline.cli.workshop.Exercise;

/**
 * The sandbox an exercise runs against: its settings written and its services restarted before the run, and each
 * service's own settings (the learner's, or its defaults) put back and restarted after, whatever the run did.
 */
final class ExerciseSettings implements AutoCloseable {

    private static final Duration RESTART_TIMEOUT = Duration.ofSeconds(60);

    private final Sandbox sandbox;
    private final ServiceSettings settings;
    private final PrintWriter out;
    /** Each changed service's settings before the exercise. */
    private final Map<String, Map<String, String>> before = new LinkedHashMap<>();

    private ExerciseSettings(Sandbox sandbox, PrintWriter out) {
        this.sandbox = sandbox;
        this.settings = new ServiceSettings(sandbox.paths(), sandbox.topology());
        this.out = out;
    }

    /**
     * Applies the exercise's settings and restarts their services.
     *
     * @throws IllegalArgumentException for an unknown service or key, with nothing changed
     */
    static ExerciseSettings apply(Sandbox sandbox, Exercise exercise, PrintWriter out) {
        ExerciseSettings applied = new ExerciseSettings(sandbox, out);
        exercise.settings().forEach(applied.settings::check);
        try {
            for (Map.Entry<String, Map<String, String>> service : exercise.settings().entrySet()) {
                applied.before.put(service.getKey(), applied.settings.of(service.getKey()));
                applied.settings.set(service.getKey(), service.getValue());
                out.println("This exercise runs with " + service.getKey() + ": " + service.getValue() + "; restarting "
                        + String.join(", ", sandbox.restart(service.getKey(), RESTART_TIMEOUT)) + ".");
            }
        } catch (RuntimeException e) {
            // a restart that failed (the sandbox is down) leaves no setting of the exercise behind
            try {
                applied.close();
            } catch (RuntimeException again) {
                e.addSuppressed(again);
            }
            throw e;
        }
        return applied;
    }

    /** Every service's own settings back first (so a failed restart leaves none of the exercise's), then restarts. */
    @Override
    public void close() {
        before.forEach((service, values) -> {
            settings.reset(service);
            if (!values.isEmpty()) {
                settings.set(service, values);
            }
        });
        RuntimeException failed = null;
        for (String service : before.keySet()) {
            try {
                out.println(service + " back to its own settings; restarting "
                        + String.join(", ", sandbox.restart(service, RESTART_TIMEOUT)) + ".");
            } catch (RuntimeException e) {
                if (failed == null) {
                    failed = e;
                } else {
                    failed.addSuppressed(e);
                }
            }
        }
        if (failed != null) {
            throw failed;
        }
    }
}
