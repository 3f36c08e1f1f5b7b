package dev.faultline.cli.launcher;

/** The sandbox cannot do what was asked; the message says why and what to do. */
public final class SandboxException extends RuntimeException {

    /** Exit code for a sandbox that failed to come up or is not running. */
    public static final int FAILED = 1;
    /** Exit code when something outside the sandbox is in the way (a busy port, a missing build). */
    public static final int BLOCKED = 3;

    private final int exitCode;

    public SandboxException(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}
