package dev.faultline.chaos.model;

import java.net.URI;

/**
 * The admin socket every Faultline process has (never its API port): where it is, and the chaos admin API's paths.
 * The platform opens it and checks readiness there, the engine routes the chaos API, the CLI and the gateway's
 * fan-out call it.
 */
public final class AdminApi {

    /** The admin socket of every process listens on its API port plus this. */
    public static final int PORT_DISTANCE = 1000;

    /** {@code GET} the active faults, {@code POST} one (JSON envelope). */
    public static final String FAULTS = "/chaos/faults";
    /** {@code GET} or {@code DELETE} one fault. */
    public static final String FAULT = FAULTS + "/{id}";
    /** {@code POST}: end every fault of the process. */
    public static final String RESET = "/chaos/reset";
    /** Query parameter of {@code POST} {@link #FAULTS}: {@code true} checks the envelope and applies nothing. */
    public static final String DRY_RUN = "dry-run";

    /** Query parameter of {@code GET} {@link #FAULTS}: {@code true} lists hidden faults too. */
    public static final String INCLUDE_HIDDEN = "hidden";

    /** On the token issuer's admin socket: {@code GET} its signing keys, which signs, the rotation under way. */
    public static final String KEYS = "/admin/keys";
    /** {@code POST} (admin token): rotate the signing key; body {@code {"leadSeconds": n}} or none for the issuer's lead. */
    public static final String KEYS_ROTATE = KEYS + "/rotate";

    /** On the users service's admin socket: {@code GET} its personal-data keys and how many rows each seals. */
    public static final String PERSONAL_DATA = "/admin/personal-data";
    /** {@code POST} (admin token): a new personal-data key seals from now on, and every row moves to it. */
    public static final String PERSONAL_DATA_ROTATE = PERSONAL_DATA + "/rotate";

    /**
     * On the gateway's admin socket: {@code GET} who may call what (each route's scopes), how access tokens are checked
     * (issuer metadata, audience, algorithms, limits) and every check's reason: public facts, for the console's
     * Security page.
     */
    public static final String ACCESS_POLICY = "/admin/access-policy";

    private AdminApi() {
    }

    /**
     * The admin socket's base URI of the process whose API is at {@code api}: plain HTTP even when the API speaks TLS
     * (admin sockets stay on the loopback behind the admin token).
     */
    public static URI socket(URI api) {
        return URI.create("http://" + api.getHost() + ":" + (api.getPort() + PORT_DISTANCE));
    }

    /** The path of one fault. */
    public static String fault(String id) {
        return FAULTS + "/" + id;
    }
}
