package dev.faultline.observability;

import java.util.function.BiPredicate;
import java.util.function.BooleanSupplier;

import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;

/**
 * Where the chaos engine breaks a process's telemetry on purpose, to teach "is my observability lying?": a request's
 * incoming trace context can be dropped (its spans start a new, broken trace), and exports can fail (an outage of the
 * pipeline, counted and logged like a real one). One per {@link Telemetry}; nothing breaks until the engine installs
 * its decisions.
 */
public final class TelemetryFaults {

    private volatile BiPredicate<RoutingRequest, RoutingResponse> dropContext = (req, res) -> false;
    private volatile BooleanSupplier exportOutage = () -> false;

    TelemetryFaults() {
    }

    /** Installs the engine's decisions (once, when the process's routes are built). */
    public void install(BiPredicate<RoutingRequest, RoutingResponse> dropContext, BooleanSupplier exportOutage) {
        this.dropContext = dropContext;
        this.exportOutage = exportOutage;
    }

    boolean dropsContext(RoutingRequest req, RoutingResponse res) {
        return dropContext.test(req, res);
    }

    boolean exportFails() {
        return exportOutage.getAsBoolean();
    }
}
