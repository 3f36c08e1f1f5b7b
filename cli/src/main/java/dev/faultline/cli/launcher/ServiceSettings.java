package dev.faultline.cli.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.zip.ZipFile;

import dev.faultline.chaos.model.SettingsFile;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * A learner's settings for the local sandbox's services (a workshop fix step: a shorter timeout, a longer breaker
 * delay): one {@code .properties} file per service under {@code .faultline/settings/}, which its processes read at
 * start over their {@code application.yaml}. Only keys the service's own {@code application.yaml} has are taken, so
 * a typo is an error, not a setting nobody reads.
 */
public final class ServiceSettings {

    private final SandboxPaths paths;
    private final Topology topology;

    public ServiceSettings(SandboxPaths paths, Topology topology) {
        this.paths = paths;
        this.topology = topology;
    }

    /** Every service's settings that differ from its defaults, by service then key. */
    public Map<String, Map<String, String>> all() {
        Map<String, Map<String, String>> all = new TreeMap<>();
        for (String service : services()) {
            Map<String, String> mine = of(service);
            if (!mine.isEmpty()) {
                all.put(service, mine);
            }
        }
        return all;
    }

    /** A service's settings, by key. */
    public Map<String, String> of(String service) {
        Path file = file(service);
        if (!Files.isRegularFile(file)) {
            return Map.of();
        }
        Properties properties = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        }
        Map<String, String> settings = new TreeMap<>();
        properties.forEach((key, value) -> settings.put(key.toString(), value.toString()));
        return settings;
    }

    /**
     * Sets keys of one service; nothing is written unless every key is one the service has.
     *
     * @throws IllegalArgumentException naming the unknown service or key (and the keys that are close)
     */
    public void set(String service, Map<String, String> values) {
        check(service, values);
        Map<String, String> settings = new TreeMap<>(of(service));
        settings.putAll(values);
        write(service, settings);
    }

    /**
     * Checks that the service has every key, changing nothing.
     *
     * @throws IllegalArgumentException naming the unknown service or key (and the keys that are close)
     */
    public void check(String service, Map<String, String> values) {
        Map<String, String> defaults = defaults(service);
        for (String key : values.keySet()) {
            if (!defaults.containsKey(key)) {
                String near = defaults.keySet().stream().filter(k -> k.endsWith(last(key)) || k.startsWith(parent(key)))
                        .limit(8).reduce((a, b) -> a + ", " + b).orElse("see its application.yaml");
                throw new IllegalArgumentException(service + " has no setting '" + key + "'; close ones: " + near);
            }
        }
    }

    /** Back to the defaults; true when there was something to undo. */
    public boolean reset(String service) {
        requireService(service);
        try {
            return Files.deleteIfExists(file(service));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot delete " + file(service), e);
        }
    }

    /** The service's own defaults, from {@code application.yaml} in its jar, as flat keys. */
    public Map<String, String> defaults(String service) {
        ProcessSpec spec = requireService(service);
        Path jar = paths.home().resolve(spec.jar());
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            var entry = Optional.ofNullable(zip.getEntry("application.yaml"))
                    .orElseThrow(() -> new IllegalStateException(jar + " has no application.yaml"));
            try (InputStream in = zip.getInputStream(entry)) {
                return keys(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the defaults of " + service + " from " + jar
                    + " (is it built? ./mvnw -q install -DskipTests)", e);
        }
    }

    private ProcessSpec requireService(String service) {
        return topology.shop().stream().filter(p -> p.service().equals(service)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no service '" + service + "'; services: "
                        + String.join(", ", services())));
    }

    private TreeSet<String> services() {
        TreeSet<String> services = new TreeSet<>();
        topology.shop().forEach(p -> services.add(p.service()));
        return services;
    }

    private Path file(String service) {
        return paths.settings().resolve(SettingsFile.name(service));
    }

    private void write(String service, Map<String, String> settings) {
        Path file = file(service);
        try {
            Files.createDirectories(file.getParent());
            Path partial = file.resolveSibling(file.getFileName() + ".partial");
            Properties properties = new Properties();
            properties.putAll(settings);
            try (Writer out = Files.newBufferedWriter(partial, StandardCharsets.UTF_8)) {
                properties.store(out, "Faultline settings of " + service + " (./faultline settings); read at start");
            }
            Files.move(partial, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + file, e);
        }
    }

    /** An {@code application.yaml}'s keys with their values, flat: {@code orders.payments.resilience.timeout}. */
    public static Map<String, String> keys(InputStream yaml) {
        Map<String, String> flat = new LinkedHashMap<>();
        flatten("", new Load(LoadSettings.builder().build()).loadFromInputStream(yaml), flat);
        return flat;
    }

    private static void flatten(String prefix, Object node, Map<String, String> flat) {
        if (node instanceof Map<?, ?> map) {
            map.forEach((key, value) -> flatten(prefix.isEmpty() ? key.toString() : prefix + "." + key, value, flat));
        } else if (node instanceof java.util.List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                flatten(prefix + "." + i, list.get(i), flat);
            }
        } else {
            flat.put(prefix, String.valueOf(node));
        }
    }

    private static String last(String key) {
        return key.substring(key.lastIndexOf('.') + 1);
    }

    private static String parent(String key) {
        int dot = key.lastIndexOf('.');
        return dot < 0 ? key : key.substring(0, dot);
    }
}
