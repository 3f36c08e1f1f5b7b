package dev.faultline.platform;

import java.net.MalformedURLException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import dev.faultline.chaos.model.SettingsFile;
import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import io.helidon.config.EnvironmentVariables;
import io.helidon.config.spi.ConfigSource;

/**
 * Where a real process's configuration comes from, highest first: system properties, environment variables, the
 * learner's settings file ({@link SettingsFile}, when the variable names one; a workshop's fix step changes a
 * setting there), then {@code application.yaml}, which has every key with its default.
 */
public final class ProcessConfig {

    /** Every process's defaults: each key with its default value and what it means. */
    static final String DEFAULTS = "application.yaml";

    private ProcessConfig() {
    }

    /** The configuration of this process, from its environment. */
    static Config load() {
        return load(Optional.ofNullable(System.getenv(SettingsFile.VARIABLE)).filter(v -> !v.isBlank()).map(Path::of));
    }

    /**
     * The {@code application.yaml} that ships with a process's {@code Main} (in its jar, or its classes directory):
     * where several processes' jars share one classpath (a test running one beside another), the classpath's would
     * be whichever comes first.
     */
    public static ConfigSource defaults(Class<?> main) {
        try {
            URL location = main.getProtectionDomain().getCodeSource().getLocation();
            Path path = Path.of(location.toURI());
            if (Files.isDirectory(path)) {
                return ConfigSources.file(path.resolve(DEFAULTS)).build();
            }
            return ConfigSources.url(URI.create("jar:" + location + "!/" + DEFAULTS).toURL()).build();
        } catch (URISyntaxException | MalformedURLException e) {
            throw new IllegalStateException("Cannot find the " + DEFAULTS + " of " + main.getName(), e);
        }
    }

    /**
     * A setting every process's {@code application.yaml} states: its value, or an error naming its key when a
     * learner's settings or a test's overrides left it out.
     */
    public static <T> T required(Config node, Class<T> type) {
        return node.as(type).orElseThrow(() -> new IllegalStateException(node.key() + " is missing"));
    }

    /**
     * The configuration of a process that shares its JVM with others: {@code environment} is what its own process's
     * environment would be (read as Helidon reads one: {@code SERVER_PORT} is {@code server.port}), then the learner's
     * settings file it names, then the {@code application.yaml} beside {@code owner}. The JVM's system properties and
     * environment are not read: they are every process's.
     */
    public static Config of(Class<?> owner, Map<String, String> environment) {
        Config.Builder builder = Config.builder().disableEnvironmentVariablesSource().disableSystemPropertiesSource()
                .addSource(ConfigSources.create(EnvironmentVariables.expand(environment), "environment"));
        Optional.ofNullable(environment.get(SettingsFile.VARIABLE)).filter(v -> !v.isBlank()).map(Path::of)
                .ifPresent(file -> builder.addSource(ConfigSources.file(file).optional(true)));
        return builder.addSource(defaults(owner)).build();
    }

    /** @param settings the learner's settings file; it need not exist */
    static Config load(Optional<Path> settings) {
        Config.Builder builder = Config.builder();
        settings.ifPresent(file -> builder.addSource(ConfigSources.file(file).optional(true)));
        return builder.addSource(ConfigSources.classpath(DEFAULTS).optional(true)).build();
    }
}
