package dev.faultline.gateway.identity;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Tokens this gateway verified, kept until they expire so a client presenting the same token again costs a lookup,
 * not a signature check (an ECDSA verification is most of a token's cost at the gateway). Only the exact token that
 * passed every check is found: a changed byte is another token and is checked in full. Its expiry is judged again
 * at every use, with the same allowance for clocks. A refused token is never kept. Bounded: past {@code capacity}
 * the expired are dropped, and everything if that is not enough (a flood of distinct tokens costs a full check each,
 * as without the cache).
 */
final class VerifiedTokens {

    private final int capacity;
    private final Clock clock;
    private final Duration skew;
    private final ConcurrentHashMap<String, AccessToken> verified = new ConcurrentHashMap<>();

    VerifiedTokens(int capacity, Clock clock, Duration skew) {
        this.capacity = capacity;
        this.clock = clock;
        this.skew = skew;
    }

    /** The token's caller, if this exact token was verified and has not expired since. */
    Optional<AccessToken> find(String token) {
        if (capacity == 0) {
            return Optional.empty();
        }
        AccessToken known = verified.get(token);
        if (known == null) {
            return Optional.empty();
        }
        if (expired(known, clock.instant())) {
            verified.remove(token, known);
            return Optional.empty();
        }
        return Optional.of(known);
    }

    /** Keeps a token that passed every check. */
    void remember(String token, AccessToken caller) {
        if (capacity == 0) {
            return;
        }
        if (verified.size() >= capacity) {
            Instant now = clock.instant();
            verified.values().removeIf(known -> expired(known, now));
            if (verified.size() >= capacity) {
                verified.clear();
            }
        }
        verified.put(token, caller);
    }

    private boolean expired(AccessToken caller, Instant now) {
        return !now.isBefore(caller.expiresAt().plus(skew));
    }
}
