package dev.faultline.platform.spi;

import java.util.List;
import java.util.Objects;
import java.util.ServiceLoader;

import dev.faultline.platform.ProcessContext;
import io.helidon.webclient.spi.WebClientService;
import io.helidon.webserver.http.HttpRouting;

/** The {@link ProcessExtension}s on the classpath, one set per process context. */
public final class ProcessExtensions {

    private final List<ProcessExtension> loaded;

    private ProcessExtensions(List<ProcessExtension> loaded) {
        this.loaded = loaded;
    }

    /** New instances of every extension on the classpath; the context initializes them. */
    public static ProcessExtensions load() {
        return new ProcessExtensions(ServiceLoader.load(ProcessExtension.class).stream()
                .map(ServiceLoader.Provider::get).toList());
    }

    /** Initializes every extension for its process; called once, by the context that owns them. */
    public void init(ProcessContext context) {
        loaded.forEach(extension -> extension.init(context));
    }

    public void api(HttpRouting.Builder routing) {
        loaded.forEach(extension -> extension.api(routing));
    }

    public void admin(HttpRouting.Builder routing, InstanceDirectory directory) {
        loaded.forEach(extension -> extension.admin(routing, directory));
    }

    /** The messaging faults of every extension, as one. */
    public MessagingFaults messaging() {
        return MessagingFaults.all(loaded.stream().map(ProcessExtension::messaging).filter(Objects::nonNull).toList());
    }

    /** The client services of every extension for calls to a peer. */
    public List<WebClientService> clients(String peer) {
        return loaded.stream().map(extension -> extension.client(peer)).filter(Objects::nonNull).toList();
    }
}
