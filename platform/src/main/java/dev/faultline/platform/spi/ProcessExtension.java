package dev.faultline.platform.spi;

import dev.faultline.platform.ProcessContext;
import io.helidon.webclient.spi.WebClientService;
import io.helidon.webserver.http.HttpRouting;

/**
 * Something every Faultline process gains by having it on the classpath (found with {@link java.util.ServiceLoader}),
 * so cross-cutting modules such as the chaos engine need no per-service wiring. A new instance is made for each
 * {@link ProcessContext}, so its state belongs to that process alone.
 */
public interface ProcessExtension {

    /** Called once, when the process's context is made, before any client or route is built. */
    void init(ProcessContext context);

    /** Adds filters or routes to the API socket (before the process's own routes). */
    default void api(HttpRouting.Builder routing) {
    }

    /**
     * Adds routes to the admin socket.
     *
     * @param directory the other services' instances, as far as this process knows them
     */
    default void admin(HttpRouting.Builder routing, InstanceDirectory directory) {
    }

    /** A client service for every outbound call to the named peer, or null. */
    default WebClientService client(String peer) {
        return null;
    }

    /** The faults of this process's messaging, or null. */
    default MessagingFaults messaging() {
        return null;
    }
}
