package dev.faultline.observability;

/**
 * What a failure was at bottom, in one wording for spans, logs and problems. Helidon wraps I/O failures in unchecked
 * exceptions, so the useful part (a refused connection, a reset, a read timeout) is the innermost cause.
 */
public final class Causes {

    private Causes() {
    }

    /** The innermost cause. */
    public static Throwable root(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root;
    }

    /** The innermost cause as {@code Type: message}, e.g. {@code ConnectException: Connection refused}. */
    public static String describe(Throwable e) {
        Throwable root = root(e);
        return root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage());
    }
}
