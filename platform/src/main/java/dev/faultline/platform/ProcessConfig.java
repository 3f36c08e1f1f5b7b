package dev.faultline.platform;

import java.nio.file.Path;
import java.util.Optional;

import dev.faultline.chaos.model.SettingsFile;
import io.helidon.config.Config;
import io.helidon.config.ConfigSources;

/**
 * Where a real process's configuration comes from, highest first: system properties, environment variables, the
 * learner's settings file ({@link SettingsFile}, when the variable names one; a workshop's fix step changes a
 * setting there), then {@code application.yaml}, which has every key with its default.
 */
public final class ProcessConfig {

    private ProcessConfig() {
    }

    /** The configuration of this process, from its environment. */
    static Config load() {
        return load(Optional.ofNullable(System.getenv(SettingsFile.VARIABLE)).filter(v -> !v.isBlank()).map(Path::of));
    }

    /** @param settings the learner's settings file; it need not exist */
    static Config load(Optional<Path> settings) {
        Config.Builder builder = Config.builder();
        settings.ifPresent(file -> builder.addSource(ConfigSources.file(file).optional(true)));
        return builder.addSource(ConfigSources.classpath("application.yaml").optional(true)).build();
    }
}
