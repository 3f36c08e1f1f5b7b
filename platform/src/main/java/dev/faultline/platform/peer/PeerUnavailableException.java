package dev.faultline.platform.peer;

/** A peer could not be reached or gave no usable answer (connection refused, timeout, 5xx, breaker open). */
public final class PeerUnavailableException extends RuntimeException {

    private final String peer;
    private final String reason;
    private final boolean outcomeUnknown;

    /**
     * @param outcomeUnknown true when the request may have been processed all the same (a timeout, a 5xx, a reset,
     *                       in any attempt of the call), false when it surely was not (every attempt refused by the
     *                       breaker, the bulkhead or the network)
     */
    public PeerUnavailableException(String peer, String message, boolean outcomeUnknown, Throwable cause) {
        super(peer + " unavailable: " + message, cause);
        this.peer = peer;
        this.reason = message;
        this.outcomeUnknown = outcomeUnknown;
    }

    public String peer() {
        return peer;
    }

    /** Why, without the peer's name. */
    public String reason() {
        return reason;
    }

    /** Whether the peer may have acted on the request although no answer came. */
    public boolean outcomeUnknown() {
        return outcomeUnknown;
    }
}
