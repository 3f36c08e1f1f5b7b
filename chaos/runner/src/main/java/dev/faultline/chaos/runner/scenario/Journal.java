package dev.faultline.chaos.runner.scenario;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * Everything a run did and saw, in order, with timestamps and values: written as JSON at the end, and handed to a
 * listener as it happens (the live timeline). Thread-safe.
 */
public final class Journal {

    private static final ObjectMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    private final Clock clock;
    private final long startNanos = System.nanoTime();
    private final Instant started;
    private final List<Entry> entries = new ArrayList<>();
    private final Consumer<Entry> listener;

    public Journal(Clock clock, Consumer<Entry> listener) {
        this.clock = clock;
        this.started = clock.instant();
        this.listener = listener;
    }

    /** Records one event; {@code details} are JSON-able values. */
    public Entry record(String type, String name, String outcome, Map<String, ?> details) {
        Entry entry = new Entry((System.nanoTime() - startNanos) / 1e9, clock.instant().toString(), type, name, outcome,
                new LinkedHashMap<>(details));
        synchronized (entries) {
            entries.add(entry);
        }
        listener.accept(entry);
        return entry;
    }

    public List<Entry> entries() {
        synchronized (entries) {
            return List.copyOf(entries);
        }
    }

    public Instant started() {
        return started;
    }

    /** Seconds since the run started. */
    public double elapsed() {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    /** Writes the journal with the run's summary. */
    public void write(Path file, Map<String, ?> summary) {
        Map<String, Object> document = new LinkedHashMap<>(summary);
        document.put("startedAt", started.toString());
        document.put("finishedAt", clock.instant().toString());
        document.put("entries", entries());
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            JSON.writeValue(file.toFile(), document);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the journal " + file, e);
        }
    }

    /**
     * One event.
     *
     * @param t       seconds since the run started
     * @param at      wall-clock time
     * @param type    run, load, steady-state, step, fault, expectation, rollback, warning
     * @param name    what it concerns
     * @param outcome started, held, failed, done, ...
     * @param details values measured and sent
     */
    public record Entry(double t, String at, String type, String name, String outcome, Map<String, Object> details) {
    }
}
