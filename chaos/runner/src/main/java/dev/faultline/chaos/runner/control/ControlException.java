package dev.faultline.chaos.runner.control;

/** A process refused or did not answer a control call; the message says which and why. */
public final class ControlException extends RuntimeException {

    /** {@link #status()} when the process did not answer at all. */
    public static final int NO_ANSWER = 0;

    private final int status;

    public ControlException(String message, Throwable cause) {
        super(message, cause);
        this.status = NO_ANSWER;
    }

    public ControlException(int status, String message) {
        super(message);
        this.status = status;
    }

    /** The HTTP status the process answered with, or {@link #NO_ANSWER}. */
    public int status() {
        return status;
    }

    /** Whether the process answered and refused (a 4xx): the request is wrong, not the sandbox. */
    public boolean refused() {
        return status >= 400 && status < 500;
    }
}
