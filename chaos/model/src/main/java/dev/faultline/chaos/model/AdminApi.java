package dev.faultline.chaos.model;

/**
 * The chaos admin API every process serves on its admin socket (never on its API port), as paths. The engine
 * routes them; the CLI calls them.
 */
public final class AdminApi {

    /** {@code GET} the active faults, {@code POST} one (JSON envelope). */
    public static final String FAULTS = "/chaos/faults";
    /** {@code GET} or {@code DELETE} one fault. */
    public static final String FAULT = FAULTS + "/{id}";
    /** {@code POST}: end every fault of the process. */
    public static final String RESET = "/chaos/reset";
    /** Query parameter of {@code POST} {@link #FAULTS}: {@code true} checks the envelope and applies nothing. */
    public static final String DRY_RUN = "dry-run";

    private AdminApi() {
    }

    /** The path of one fault. */
    public static String fault(String id) {
        return FAULTS + "/" + id;
    }
}
