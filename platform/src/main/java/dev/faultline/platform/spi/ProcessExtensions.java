package dev.faultline.platform.spi;

import java.util.List;
import java.util.Objects;
import java.util.ServiceLoader;

import io.helidon.config.Config;
import io.helidon.webclient.spi.WebClientService;
import io.helidon.webserver.http.HttpRouting;

/** The {@link ProcessExtension}s on the classpath, loaded once per JVM. */
public final class ProcessExtensions {

    private static final List<ProcessExtension> LOADED = ServiceLoader.load(ProcessExtension.class).stream()
            .map(ServiceLoader.Provider::get).toList();
    private static volatile boolean initialized;

    private ProcessExtensions() {
    }

    /** Initializes every extension for this process (the first call wins). */
    public static synchronized void init(String service, Config config) {
        if (!initialized) {
            LOADED.forEach(extension -> extension.init(service, config));
            initialized = true;
        }
    }

    public static void api(HttpRouting.Builder routing) {
        LOADED.forEach(extension -> extension.api(routing));
    }

    public static void admin(HttpRouting.Builder routing) {
        LOADED.forEach(extension -> extension.admin(routing));
    }

    /** The client services of every extension for calls to a peer. */
    public static List<WebClientService> clients(String peer) {
        return LOADED.stream().map(extension -> extension.client(peer)).filter(Objects::nonNull).toList();
    }
}
