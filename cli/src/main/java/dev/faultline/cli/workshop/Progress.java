package dev.faultline.cli.workshop;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * One learner's workshop record in the state directory ({@code workshop/<learner>/}): each attempt at an exercise
 * and each mystery, as JSON files, so several learners on one machine stay apart.
 */
public final class Progress {

    private static final Pattern LEARNER = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,39}");
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmssSSS'Z'")
            .withZone(ZoneOffset.UTC);
    static final ObjectMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    private final Path directory;
    private final String learner;

    private Progress(Path directory, String learner) {
        this.directory = directory;
        this.learner = learner;
    }

    /** @throws IllegalArgumentException when the name would not make a plain directory name */
    public static Progress of(Path stateDir, String learner) {
        if (!LEARNER.matcher(learner).matches()) {
            throw new IllegalArgumentException("learner '" + learner + "': use letters, digits, '.', '_' or '-' "
                    + "(at most 40, starting with a letter or digit)");
        }
        return new Progress(stateDir.resolve("workshop").resolve(learner), learner);
    }

    public String learner() {
        return learner;
    }

    public Path directory() {
        return directory;
    }

    /** Where a new attempt goes, named by the exercise and the moment its predictions were locked. */
    public Path newAttempt(String exercise, Instant lockedAt) {
        return directory.resolve("attempts").resolve(exercise + "-" + STAMP.format(lockedAt) + ".json");
    }

    /** Where the journal of the run a record (an attempt, a fix run) describes goes. */
    public Path journal(Path record) {
        return directory.resolve("journals").resolve(record.getFileName());
    }

    /** Where a fix step's run goes. */
    public Path newFix(String exercise, Instant at) {
        return directory.resolve("fixes").resolve(exercise + "-" + STAMP.format(at) + ".json");
    }

    /** Every fix step's run, by exercise, oldest first. */
    public List<FixAttempt> fixes() {
        return readAll(directory.resolve("fixes"), FixAttempt.class);
    }

    public void save(Path file, Object record) {
        try {
            Files.createDirectories(file.getParent());
            Path partial = file.resolveSibling(file.getFileName() + ".partial");
            JSON.writeValue(partial.toFile(), record);
            Files.move(partial, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + file, e);
        }
    }

    /** Every attempt, by exercise, oldest first. */
    public List<Attempt> attempts() {
        return readAll(directory.resolve("attempts"), Attempt.class);
    }

    /** Every finished mystery, oldest first. */
    public List<MysteryCase> mysteries() {
        return readAll(directory.resolve("mysteries"), MysteryCase.class);
    }

    /** Where the open mystery's case is kept (one at a time per learner). */
    public Path openMystery() {
        return directory.resolve("mystery.json");
    }

    public Path closedMystery(MysteryCase closed) {
        return directory.resolve("mysteries").resolve(closed.mystery() + "-" + closed.startedAt().replace(":", "") + ".json");
    }

    /** The case stored in a file. */
    public static MysteryCase readCase(Path file) {
        return read(file, MysteryCase.class);
    }

    static <T> T read(Path file, Class<T> type) {
        try {
            return JSON.readValue(file.toFile(), type);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        }
    }

    private static <T> List<T> readAll(Path folder, Class<T> type) {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(folder)) {
            List<T> all = new ArrayList<>();
            files.filter(f -> f.getFileName().toString().endsWith(".json")).sorted(Comparator.naturalOrder())
                    .forEach(f -> all.add(read(f, type)));
            return all;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list " + folder, e);
        }
    }
}
