package dev.faultline.console;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The recent log records of every process, in memory: a ring of {@code capacity}, the oldest let go and counted. */
public final class LogStore {

    private final int capacity;
    private final ArrayDeque<LogRecord> records = new ArrayDeque<>();
    private long evicted;

    public LogStore(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("a log store holds at least one record");
        }
        this.capacity = capacity;
    }

    public synchronized void add(List<LogRecord> batch) {
        for (LogRecord record : batch) {
            records.addLast(record);
            if (records.size() > capacity) {
                records.removeFirst();
                evicted++;
            }
        }
    }

    /**
     * The records that match, newest first, at most {@code limit}.
     *
     * @param process  a process ({@code service.instance.id}) or service
     * @param severity the lowest severity shown ({@code WARN} shows warnings and errors)
     * @param text     text the message contains, any case
     * @param traceId  only this trace's records
     */
    public synchronized List<LogRecord> find(Optional<String> process, Optional<String> severity, Optional<String> text,
                                             Optional<String> traceId, int limit) {
        int lowest = severity.map(LogStore::rank).orElse(0);
        String needle = text.map(t -> t.toLowerCase(Locale.ROOT)).orElse("");
        List<LogRecord> found = new ArrayList<>();
        Iterator<LogRecord> newest = records.descendingIterator();
        while (newest.hasNext() && found.size() < limit) {
            LogRecord record = newest.next();
            if (process.map(p -> p.equals(record.instance()) || p.equals(record.service())).orElse(true)
                    && rank(record.severity()) >= lowest
                    && record.body().toLowerCase(Locale.ROOT).contains(needle)
                    && traceId.map(record.traceId()::equals).orElse(true)) {
                found.add(record);
            }
        }
        return found;
    }

    public synchronized Stats stats() {
        return new Stats(records.size(), capacity, evicted);
    }

    /**
     * @param records  records held
     * @param capacity the most it holds
     * @param evicted  records let go to make room
     */
    public record Stats(int records, int capacity, long evicted) {
    }

    /** Severity as OpenTelemetry orders it (TRACE lowest, FATAL highest); unknown text ranks lowest. */
    static int rank(String severity) {
        return switch (severity.toUpperCase(Locale.ROOT)) {
            case "FATAL" -> 5;
            case "ERROR" -> 4;
            case "WARN", "WARNING" -> 3;
            case "INFO" -> 2;
            case "DEBUG" -> 1;
            default -> 0;
        };
    }
}
