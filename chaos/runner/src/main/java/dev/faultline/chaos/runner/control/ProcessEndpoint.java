package dev.faultline.chaos.runner.control;

import java.net.URI;

/**
 * Where one process of the sandbox answers.
 *
 * @param name      the process ({@code payments-2}), as in {@code FAULTLINE_INSTANCE}
 * @param service   the service it is an instance of ({@code payments})
 * @param host      where it listens: 127.0.0.1 in local mode, its container's name in compose
 * @param port      its API port
 * @param adminPort its admin port: health, metrics, the chaos API
 */
public record ProcessEndpoint(String name, String service, String host, int port, int adminPort) {

    /** A process of the local sandbox, on the loopback. */
    public ProcessEndpoint(String name, String service, int port, int adminPort) {
        this(name, service, "127.0.0.1", port, adminPort);
    }

    /** A path on the admin socket. */
    public URI admin(String path) {
        return URI.create("http://" + host + ":" + adminPort + path);
    }

    /** A path on the API port. */
    public URI api(String path) {
        return URI.create("http://" + host + ":" + port + path);
    }
}
