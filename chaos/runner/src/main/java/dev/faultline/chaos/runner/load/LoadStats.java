package dev.faultline.chaos.runner.load;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

import org.HdrHistogram.AbstractHistogram;

/**
 * Everything the load generator measured: per endpoint totals with latency histograms, one-second slices for
 * windowed questions ("success over the last 10 s"), and the trace ids of recent failures. Thread-safe.
 */
public final class LoadStats {

    /** How far back windowed questions may look. */
    public static final Duration HORIZON = Duration.ofMinutes(2);
    private static final int KEPT_FAILURES = 50;

    private final LongSupplier clockMillis;
    private final Map<Endpoint, Totals> totals = new EnumMap<>(Endpoint.class);
    private final ConcurrentSkipListMap<Long, Map<Endpoint, Slice>> seconds = new ConcurrentSkipListMap<>();
    private final Deque<FailedRequest> failures = new ArrayDeque<>();
    private final LongAdder sent = new LongAdder();
    private final LongAdder notSent = new LongAdder();

    public LoadStats() {
        this(System::currentTimeMillis);
    }

    LoadStats(LongSupplier clockMillis) {
        this.clockMillis = clockMillis;
        for (Endpoint endpoint : Endpoint.values()) {
            totals.put(endpoint, new Totals());
        }
    }

    /** Counts a request as sent (or, with {@code false}, as not sent because too many were in flight). */
    void started(boolean wasSent) {
        (wasSent ? sent : notSent).increment();
    }

    /** Records a completed request; latency from its intended start. */
    public void record(Endpoint endpoint, long latencyNanos, Optional<String> failure, String traceId) {
        long now = clockMillis.getAsLong();
        long micros = LatencyHistogram.micros(latencyNanos);
        totals.get(endpoint).record(micros, failure);
        seconds.computeIfAbsent(now / 1000, s -> new ConcurrentHashMap<>())
                .computeIfAbsent(endpoint, e -> new Slice()).record(micros, failure.isPresent());
        if (failure.isPresent()) {
            synchronized (failures) {
                failures.addLast(new FailedRequest(now, endpoint.key(), failure.get(), traceId));
                if (failures.size() > KEPT_FAILURES) {
                    failures.removeFirst();
                }
            }
        }
        seconds.headMap(now / 1000 - HORIZON.toSeconds()).clear();
    }

    /** The last {@code over} (at most {@link #HORIZON}), for one endpoint or, when empty, all. */
    public Window window(Duration over, Optional<Endpoint> endpoint) {
        long now = clockMillis.getAsLong();
        long first = (now - over.toMillis()) / 1000 + 1;
        AbstractHistogram merged = LatencyHistogram.compact();
        long failed = 0;
        for (Map<Endpoint, Slice> second : seconds.subMap(first, true, now / 1000, true).values()) {
            for (Map.Entry<Endpoint, Slice> entry : second.entrySet()) {
                if (endpoint.isEmpty() || endpoint.get() == entry.getKey()) {
                    failed += entry.getValue().addTo(merged);
                }
            }
        }
        return LatencyHistogram.window(over.toMillis() / 1000.0, merged, failed);
    }

    /** Everything so far for one endpoint. */
    public Window total(Endpoint endpoint, double seconds) {
        return totals.get(endpoint).window(seconds);
    }

    /** Everything so far, all endpoints. */
    public Window total(double seconds) {
        AbstractHistogram merged = LatencyHistogram.precise();
        long failed = 0;
        for (Totals each : totals.values()) {
            failed += each.addTo(merged);
        }
        return LatencyHistogram.window(seconds, merged, failed);
    }

    /** Failures of one endpoint by what went wrong. */
    public Map<String, Long> failureCauses(Endpoint endpoint) {
        return totals.get(endpoint).causes();
    }

    /** The most recent failures, oldest first. */
    public List<FailedRequest> recentFailures() {
        synchronized (failures) {
            return new ArrayList<>(failures);
        }
    }

    public long sent() {
        return sent.sum();
    }

    /** Requests that were due but not sent because the in-flight limit was reached. */
    public long notSent() {
        return notSent.sum();
    }

    private static final class Totals {
        private final AbstractHistogram histogram = LatencyHistogram.precise();
        private final ConcurrentHashMap<String, LongAdder> causes = new ConcurrentHashMap<>();
        private long failed;

        synchronized void record(long micros, Optional<String> failure) {
            histogram.recordValue(micros);
            if (failure.isPresent()) {
                failed++;
                causes.computeIfAbsent(failure.get(), c -> new LongAdder()).increment();
            }
        }

        synchronized long addTo(AbstractHistogram target) {
            target.add(histogram);
            return failed;
        }

        synchronized Window window(double seconds) {
            return LatencyHistogram.window(seconds, histogram, failed);
        }

        Map<String, Long> causes() {
            Map<String, Long> copy = new TreeMap<>();
            causes.forEach((cause, count) -> copy.put(cause, count.sum()));
            return copy;
        }
    }

    private static final class Slice {
        private final AbstractHistogram histogram = LatencyHistogram.compact();
        private long failed;

        synchronized void record(long micros, boolean failure) {
            histogram.recordValue(micros);
            if (failure) {
                failed++;
            }
        }

        synchronized long addTo(AbstractHistogram target) {
            target.add(histogram);
            return failed;
        }
    }
}
