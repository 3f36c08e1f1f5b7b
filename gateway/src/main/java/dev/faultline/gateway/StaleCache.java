package dev.faultline.gateway;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The last good response to each GET of routes with {@code stale-if-error} (RFC 5861): served, marked, when the
 * upstream fails, as long as it is younger than the route allows. Bounded in entries and in body size.
 */
final class StaleCache {

    static final int MAX_ENTRIES = 1_000;
    static final int MAX_BODY = 256 * 1024;

    private final Clock clock;
    private final Map<String, Cached> entries = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Cached> eldest) {
            return size() > MAX_ENTRIES;
        }
    };

    StaleCache(Clock clock) {
        this.clock = clock;
    }

    synchronized void put(String key, String contentType, byte[] body) {
        if (body.length <= MAX_BODY) {
            entries.put(key, new Cached(contentType, body, clock.instant()));
        }
    }

    /** The entry for the key, if younger than {@code maxAge}. */
    synchronized Optional<Stale> get(String key, Duration maxAge) {
        Cached entry = entries.get(key);
        if (entry == null) {
            return Optional.empty();
        }
        Duration age = Duration.between(entry.storedAt(), clock.instant());
        return age.compareTo(maxAge) <= 0 ? Optional.of(new Stale(entry.contentType(), entry.body(), age)) : Optional.empty();
    }

    private record Cached(String contentType, byte[] body, Instant storedAt) {
    }

    /**
     * A response served stale.
     *
     * @param contentType its media type
     * @param body        its body
     * @param age         how old it is
     */
    record Stale(String contentType, byte[] body, Duration age) {
    }
}
