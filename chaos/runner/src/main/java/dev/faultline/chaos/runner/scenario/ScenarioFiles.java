package dev.faultline.chaos.runner.scenario;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Where scenarios are: a path as given, or a name from the library in {@code chaos/scenarios/}. */
public final class ScenarioFiles {

    private ScenarioFiles() {
    }

    public static Path library(Path home) {
        return home.resolve("chaos/scenarios");
    }

    /** {@code payment-outage} or {@code chaos/scenarios/payment-outage.yaml} or any path. */
    public static Path resolve(Path home, String nameOrPath) {
        Path given = Path.of(nameOrPath);
        if (Files.exists(given) || nameOrPath.contains("/") || nameOrPath.endsWith(".yaml")) {
            return given;
        }
        return library(home).resolve(nameOrPath + ".yaml");
    }

    public static List<Path> all(Path home) {
        try (Stream<Path> files = Files.list(library(home))) {
            return files.filter(f -> f.getFileName().toString().endsWith(".yaml")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list " + library(home), e);
        }
    }
}
