package dev.faultline.chaos.engine;

import java.time.Duration;
import java.time.Instant;
import java.util.Random;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * An injected fault: a lease that ends by itself at {@code expiresAt}.
 *
 * @param id          its identifier
 * @param kind        the kind's name
 * @param target      which requests (or which process) it touches
 * @param probability chance per request, 0 to 1
 * @param seed        seed of its dice, for repeatable runs (absent: random)
 * @param parameters  the kind's parameters, as given
 * @param duration    how long it lasts, as given ({@code 30s})
 * @param createdAt   when it began
 * @param expiresAt   when it ends
 * @param effect      what it does
 * @param dice        its random source
 * @param lease       ends when the fault does, releasing what it holds
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Fault(String id, String kind, FaultTarget target, double probability, Long seed, JsonNode parameters,
                    String duration, Instant createdAt, Instant expiresAt, boolean hidden, @JsonIgnore Effect effect,
                    @JsonIgnore Random dice, @JsonIgnore Lease lease) {

    /** Whether this request is hit (rolls the fault's dice). */
    boolean rolls() {
        if (probability >= 1) {
            return true;
        }
        synchronized (dice) {
            return dice.nextDouble() < probability;
        }
    }

    /** Milliseconds left, for the API. */
    public long remainingMillis() {
        return Math.max(0, Duration.between(Instant.now(), expiresAt).toMillis());
    }
}
