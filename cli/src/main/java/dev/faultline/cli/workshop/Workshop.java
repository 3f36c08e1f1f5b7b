package dev.faultline.cli.workshop;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The workshop of a checkout: the exercises in {@code docs/workshop/exercises/} and the mysteries in
 * {@code docs/workshop/mysteries/}, each one YAML file, the exercises in level order.
 */
public final class Workshop {

    private final Path home;

    public Workshop(Path home) {
        this.home = home;
    }

    public Path home() {
        return home;
    }

    public Path exercisesDir() {
        return home.resolve("docs/workshop/exercises");
    }

    public Path mysteriesDir() {
        return home.resolve("docs/workshop/mysteries");
    }

    /** Every exercise, by level then id. @throws dev.faultline.chaos.runner.scenario.ScenarioException for a bad file */
    public List<Exercise> exercises() {
        return yamlFiles(exercisesDir()).stream().map(f -> ExerciseParser.parse(home, f))
                .sorted(Comparator.comparingInt(Exercise::level).thenComparing(Exercise::id)).toList();
    }

    public Optional<Exercise> exercise(String id) {
        Path file = exercisesDir().resolve(id + ".yaml");
        return Files.isRegularFile(file) ? Optional.of(ExerciseParser.parse(home, file)) : Optional.empty();
    }

    /** Every mystery, by level then id. */
    public List<Mystery> mysteries() {
        return yamlFiles(mysteriesDir()).stream().map(MysteryParser::parse)
                .sorted(Comparator.comparingInt(Mystery::level).thenComparing(Mystery::id)).toList();
    }

    public Optional<Mystery> mystery(String id) {
        return mysteries().stream().filter(m -> m.id().equals(id)).findFirst();
    }

    /** Where an exercise's generated page goes: beside its file. */
    public Path page(Exercise exercise) {
        return exercisesDir().resolve(exercise.id() + ".md");
    }

    private static List<Path> yamlFiles(Path folder) {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".yaml")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list " + folder, e);
        }
    }
}
