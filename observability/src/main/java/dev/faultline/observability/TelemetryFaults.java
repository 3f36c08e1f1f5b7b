package dev.faultline.observability;

import java.util.function.BiPredicate;
import java.util.function.BooleanSupplier;

import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;

/**
 * Where the chaos engine breaks telemetry on purpose, to teach "is my observability lying?": a request's incoming
 * trace context can be dropped (its spans start a new, broken trace), and exports can fail (an outage of the
 * pipeline, counted and logged like a real one).
 */
public final class TelemetryFaults {

    private static volatile BiPredicate<RoutingRequest, RoutingResponse> dropContext = (req, res) -> false;
    private static volatile BooleanSupplier exportOutage = () -> false;

    private TelemetryFaults() {
    }

    /** Installs the engine's decisions (once, at start). */
    public static void install(BiPredicate<RoutingRequest, RoutingResponse> dropContext, BooleanSupplier exportOutage) {
        TelemetryFaults.dropContext = dropContext;
        TelemetryFaults.exportOutage = exportOutage;
    }

    static boolean dropsContext(RoutingRequest req, RoutingResponse res) {
        return dropContext.test(req, res);
    }

    static boolean exportFails() {
        return exportOutage.getAsBoolean();
    }
}
