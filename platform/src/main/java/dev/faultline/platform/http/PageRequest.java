package dev.faultline.platform.http;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.helidon.common.parameters.Parameters;

/**
 * Which page of a list a caller asked for: {@code ?page=} (1-based, default 1) and {@code ?size=}
 * (1 to 100, default 20).
 *
 * @param page 1-based page number
 * @param size entries per page
 */
public record PageRequest(int page, int size) {

    public static final int DEFAULT_SIZE = 20;
    public static final int MAX_SIZE = 100;

    /** Reads {@code page} and {@code size} from the query; a bad value is a 400 naming the parameter. */
    public static PageRequest from(Parameters query) {
        List<Problem.FieldError> errors = new ArrayList<>();
        int page = read(query, "page", 1, 1, 1_000_000, errors);
        int size = read(query, "size", DEFAULT_SIZE, 1, MAX_SIZE, errors);
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        return new PageRequest(page, size);
    }

    /** Rows to skip before this page. */
    public long offset() {
        return (long) (page - 1) * size;
    }

    /** Wraps the entries of this page. */
    public <T> Page<T> of(List<T> items, long total) {
        return new Page<>(items, page, size, total);
    }

    private static int read(Parameters query, String name, int fallback, int min, int max, List<Problem.FieldError> errors) {
        Optional<String> raw = query.first(name).asOptional();
        if (raw.isEmpty()) {
            return fallback;
        }
        try {
            int value = Integer.parseInt(raw.get());
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException ignored) {
            // reported below with the expected range
        }
        errors.add(new Problem.FieldError(name, "must be an integer between " + min + " and " + max));
        return fallback;
    }

    /**
     * One page of a list, the shape every list endpoint returns.
     *
     * @param items the entries
     * @param page  1-based page number
     * @param size  requested page size
     * @param total entries in the whole list
     */
    public record Page<T>(List<T> items, int page, int size, long total) {
    }
}
