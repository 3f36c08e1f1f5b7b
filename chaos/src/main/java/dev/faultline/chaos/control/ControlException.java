package dev.faultline.chaos.control;

/** A process refused or did not answer a control call; the message says which and why. */
public final class ControlException extends RuntimeException {

    public ControlException(String message) {
        super(message);
    }

    public ControlException(String message, Throwable cause) {
        super(message, cause);
    }
}
