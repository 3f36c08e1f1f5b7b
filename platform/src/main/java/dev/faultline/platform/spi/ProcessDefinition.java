package dev.faultline.platform.spi;

import dev.faultline.platform.ProcessContext;
import dev.faultline.platform.ServiceServer;

/**
 * A kind of Faultline process (users, gateway, broker...): how it is built from its context. Each module's
 * {@code Main} runs its definition in a JVM of its own; {@code ./faultline up --one-jvm} finds every definition with
 * {@link java.util.ServiceLoader} and runs them all in one.
 */
public interface ProcessDefinition {

    /** The service's name, as the topology and the telemetry call it. */
    String name();

    /** Builds the process from its context: opens its database, starts its background work, names its routes. */
    ServiceServer.Parts parts(ProcessContext context) throws Exception;

    /** Whether its spans and logs go out by OTLP; the console receives everyone else's and keeps its own. */
    default boolean exportsTelemetry() {
        return true;
    }
}
