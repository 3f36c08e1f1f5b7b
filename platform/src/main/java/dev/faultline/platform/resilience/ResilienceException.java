package dev.faultline.platform.resilience;

/** A call that the fault-tolerance policy stopped: the breaker was open, the bulkhead full, or time ran out. */
public final class ResilienceException extends RuntimeException {

    private final Kind kind;
    private final String upstream;

    ResilienceException(Kind kind, String upstream, Throwable cause) {
        super(upstream + ": " + kind.description, cause);
        this.kind = kind;
        this.upstream = upstream;
    }

    public Kind kind() {
        return kind;
    }

    public String upstream() {
        return upstream;
    }

    /** Why the call was stopped. */
    public enum Kind {
        /** Rejected at once: the circuit breaker is open. */
        BREAKER_OPEN("circuit breaker open"),
        /** Rejected at once: the bulkhead has no room. */
        BULKHEAD_FULL("bulkhead full"),
        /** No answer in time. */
        TIMEOUT("timed out");

        private final String description;

        Kind(String description) {
            this.description = description;
        }

        /** In words, for messages. */
        public String description() {
            return description;
        }
    }
}
