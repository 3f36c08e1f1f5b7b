package dev.faultline.platform;

import io.helidon.webserver.WebServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A started process: its server, the parts it closes after the server stopped, and its context (extensions,
 * telemetry). Closing it leaves nothing of the process running, so a JVM can start and stop processes again and
 * again (one-JVM sandboxes and tests); a process of its own closes it from its shutdown hook.
 */
public final class RunningProcess implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RunningProcess.class);

    private final ProcessContext context;
    private final WebServer server;
    private final AutoCloseable resources;
    private final Object closeLock = new Object();
    private boolean closed;

    RunningProcess(ProcessContext context, WebServer server, AutoCloseable resources) {
        this.context = context;
        this.server = server;
        this.resources = resources;
    }

    public String name() {
        return context.name();
    }

    public WebServer server() {
        return server;
    }

    /** Stops the server (requests in flight finish), then closes the process's parts and its context; once. */
    @Override
    public void close() {
        synchronized (closeLock) {
            if (closed) {
                return;
            }
            closed = true;
        }
        long stopping = System.nanoTime();
        server.stop();
        long serverStopped = System.nanoTime();
        try {
            resources.close();
        } catch (Exception e) {
            LOG.warn("Closing {} failed", context.name(), e);
        }
        context.close();
        LOG.info("{} stopped in {} ms (server {} ms)", context.name(), (System.nanoTime() - stopping) / 1_000_000,
                (serverStopped - stopping) / 1_000_000);
    }
}
