package dev.faultline.platform.peer;

/** A peer could not be reached or gave no usable answer (connection refused, timeout, 5xx). */
public final class PeerUnavailableException extends RuntimeException {

    private final String peer;

    public PeerUnavailableException(String peer, String message, Throwable cause) {
        super(peer + " unavailable: " + message, cause);
        this.peer = peer;
    }

    public String peer() {
        return peer;
    }
}
