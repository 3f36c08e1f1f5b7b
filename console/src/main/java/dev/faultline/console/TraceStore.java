package dev.faultline.console;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The recent traces, in memory and bounded: at most {@code capacity} spans, whole traces evicted oldest first (by
 * when their first span arrived), what was evicted counted. Spans of one trace arrive from several processes in
 * several exports; they are gathered by trace id.
 */
public final class TraceStore {

    private final int capacity;
    private final Map<String, List<SpanRecord>> traces = new LinkedHashMap<>();
    private int spans;
    private long evictedSpans;
    private long evictedTraces;

    public TraceStore(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("a trace store holds at least one span");
        }
        this.capacity = capacity;
    }

    /**
     * Keeps the spans, evicting the oldest traces beyond the capacity. A span's trace id, and its parent's id when the
     * parent is already here, are kept as the one copy its trace already holds: ids are a third of a span's memory.
     */
    public synchronized void add(List<SpanRecord> batch) {
        for (SpanRecord span : batch) {
            List<SpanRecord> trace = traces.get(span.traceId());
            if (trace == null) {
                trace = new ArrayList<>();
                traces.put(span.traceId(), trace);
                trace.add(span);
            } else {
                trace.add(span.sharing(trace.getFirst().traceId(), parentId(trace, span.parentSpanId())));
            }
            spans++;
        }
        Iterator<Map.Entry<String, List<SpanRecord>>> oldest = traces.entrySet().iterator();
        while (spans > capacity && oldest.hasNext()) {
            List<SpanRecord> evicted = oldest.next().getValue();
            oldest.remove();
            spans -= evicted.size();
            evictedSpans += evicted.size();
            evictedTraces++;
        }
    }

    private static String parentId(List<SpanRecord> trace, String parent) {
        for (SpanRecord span : trace) {
            if (span.spanId().equals(parent)) {
                return span.spanId();
            }
        }
        return parent;
    }

    /** One trace's spans in start order. */
    public synchronized Optional<List<SpanRecord>> trace(String traceId) {
        List<SpanRecord> found = traces.get(traceId);
        return found == null ? Optional.empty()
                : Optional.of(found.stream().sorted(Comparator.comparingLong(SpanRecord::startNanos)).toList());
    }

    /** The traces that match, newest first, at most {@code limit}. */
    public synchronized List<TraceSummary> find(TraceQuery query, int limit) {
        List<TraceSummary> found = new ArrayList<>();
        List<List<SpanRecord>> all = new ArrayList<>(traces.values());
        for (int i = all.size() - 1; i >= 0 && found.size() < limit; i--) {
            TraceSummary summary = TraceSummary.of(all.get(i));
            if (query.matches(summary)) {
                found.add(summary);
            }
        }
        return found;
    }

    /** How full the store is and what it had to let go. */
    public synchronized Stats stats() {
        return new Stats(traces.size(), spans, capacity, evictedTraces, evictedSpans);
    }

    /**
     * @param traces        traces held
     * @param spans         spans held
     * @param capacity      the most spans it holds
     * @param evictedTraces traces let go to make room
     * @param evictedSpans  spans let go with them
     */
    public record Stats(int traces, int spans, int capacity, long evictedTraces, long evictedSpans) {
    }

    /**
     * One trace in a list: its root (or earliest) span's name, route and status, and what happened anywhere in it.
     *
     * @param statusCode the root's HTTP status, 0 when it has none
     */
    public record TraceSummary(String traceId, String name, String service, String route, int statusCode,
                               long startNanos, double durationMillis, int spans, List<String> services, boolean error,
                               boolean faulted) {

        static TraceSummary of(List<SpanRecord> spans) {
            SpanRecord root = spans.stream().filter(SpanRecord::root).findFirst()
                    .orElseGet(() -> spans.stream().min(Comparator.comparingLong(SpanRecord::startNanos)).orElseThrow());
            long start = spans.stream().mapToLong(SpanRecord::startNanos).min().orElse(root.startNanos());
            long end = spans.stream().mapToLong(SpanRecord::endNanos).max().orElse(root.endNanos());
            TreeSet<String> services = new TreeSet<>();
            spans.forEach(span -> services.add(span.service()));
            int status;
            try {
                status = Integer.parseInt(root.attributes().getOrDefault("http.response.status_code", "0"));
            } catch (NumberFormatException e) {
                status = 0;
            }
            return new TraceSummary(root.traceId(), root.name(), root.service(),
                    root.attributes().getOrDefault("http.route", ""), status, start, (end - start) / 1e6, spans.size(),
                    List.copyOf(services), spans.stream().anyMatch(SpanRecord::error),
                    spans.stream().anyMatch(SpanRecord::faulted));
        }
    }
}
