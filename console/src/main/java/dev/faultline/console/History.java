package dev.faultline.console;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The last {@code points} samples of every series on one time axis (one point a poll), as uPlot draws them: a
 * series that was missing at a point has null there. Faults are kept as spans of time to draw on the axis.
 */
final class History {

    private final int points;
    private final ArrayDeque<Long> times = new ArrayDeque<>();
    /** Lists, not deques: a missing value is a null, which ArrayDeque refuses. */
    private final Map<String, List<Double>> series = new LinkedHashMap<>();
    private final Map<String, FaultSpan> faults = new LinkedHashMap<>();

    History(int points) {
        this.points = points;
    }

    /** Adds one point in time with the values of the series seen then. */
    synchronized void add(long epochMillis, Map<String, Double> values) {
        times.addLast(epochMillis);
        values.keySet().forEach(key -> series.computeIfAbsent(key, k -> {
            List<Double> backfill = new ArrayList<>();
            for (int i = 0; i < times.size() - 1; i++) {
                backfill.add(null);
            }
            return backfill;
        }));
        series.forEach((key, column) -> column.add(values.get(key)));
        if (times.size() > points) {
            times.removeFirst();
            series.values().forEach(column -> column.removeFirst());
        }
        long oldest = times.getFirst();
        faults.values().removeIf(fault -> fault.end() != null && fault.end() < oldest);
    }

    /** A fault seen active at this time: its span starts (or goes on). */
    synchronized void faultSeen(String id, String kind, String process, long epochMillis) {
        faults.putIfAbsent(process + ":" + id, new FaultSpan(id, kind, process, epochMillis, null));
    }

    /** Every fault not in {@code active} (process:id) has ended by now. */
    synchronized void faultsEnded(java.util.Set<String> active, long epochMillis) {
        faults.replaceAll((key, fault) -> fault.end() == null && !active.contains(key)
                ? new FaultSpan(fault.id(), fault.kind(), fault.process(), fault.start(), epochMillis) : fault);
    }

    synchronized Snapshot snapshot() {
        Map<String, List<Double>> columns = new LinkedHashMap<>();
        series.forEach((key, column) -> columns.put(key, new ArrayList<>(column)));
        return new Snapshot(new ArrayList<>(times), columns, new ArrayList<>(faults.values()));
    }

    /**
     * @param times  epoch milliseconds of each point
     * @param series each series' values at those points (null where it had none)
     * @param faults the faults in that time, with their start and end (null while active)
     */
    record Snapshot(List<Long> times, Map<String, List<Double>> series, List<FaultSpan> faults) {
    }

    record FaultSpan(String id, String kind, String process, long start, Long end) {
    }
}
