package dev.faultline.console;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Shares equal strings among the records the console keeps: attribute values repeat from span to span (methods,
 * routes, addresses, status codes, service names), and one copy each is what lets the trace store hold a minute of a
 * busy sandbox (bench/console.sh). Bounded: once full, new strings are kept as they are.
 */
final class Strings {

    private static final int LONGEST_SHARED = 120;

    private final int capacity;
    private final ConcurrentHashMap<String, String> shared = new ConcurrentHashMap<>();

    Strings(int capacity) {
        this.capacity = capacity;
    }

    /** The one copy of this string, when it is short and there is room. */
    String share(String value) {
        if (value.length() > LONGEST_SHARED) {
            return value;
        }
        String known = shared.get(value);
        if (known != null) {
            return known;
        }
        if (shared.size() >= capacity) {
            return value;
        }
        String raced = shared.putIfAbsent(value, value);
        return raced != null ? raced : value;
    }
}
