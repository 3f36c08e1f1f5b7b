package dev.faultline.platform.spi;

import io.helidon.config.Config;
import io.helidon.webclient.spi.WebClientService;
import io.helidon.webserver.http.HttpRouting;

/**
 * Something every Faultline process gains by having it on the classpath (found with {@link java.util.ServiceLoader}),
 * so cross-cutting modules such as the chaos engine need no per-service wiring.
 */
public interface ProcessExtension {

    /** Called once per process before its routes are built. */
    void init(String service, Config config);

    /** Adds filters or routes to the API socket (before the process's own routes). */
    default void api(HttpRouting.Builder routing) {
    }

    /** Adds routes to the admin socket. */
    default void admin(HttpRouting.Builder routing) {
    }

    /** A client service for every outbound call to the named peer, or null. */
    default WebClientService client(String peer) {
        return null;
    }
}
