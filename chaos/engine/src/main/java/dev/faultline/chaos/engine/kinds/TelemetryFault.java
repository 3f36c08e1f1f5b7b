package dev.faultline.chaos.engine.kinds;

import java.util.Set;

import dev.faultline.chaos.engine.Effect;
import dev.faultline.chaos.engine.FaultKind;
import dev.faultline.chaos.engine.Params;

/**
 * {@code telemetry}: breaks observability itself. {@code mode} {@code drop-context} drops the incoming trace
 * context of matching requests (their spans start a new trace: broken traces); {@code exporter-outage} makes every
 * OTLP export of the process fail while it lasts (counted in {@code faultline_telemetry_dropped_total}).
 */
public final class TelemetryFault implements FaultKind {

    @Override
    public String name() {
        return "telemetry";
    }

    @Override
    public Effect parse(Params params) {
        String mode = params.choice("mode", Set.of("drop-context", "exporter-outage"), null);
        if ("exporter-outage".equals(mode)) {
            return new ExportOutage();
        }
        return new Effect.DropTraceContext() {
        };
    }

    /** The exporter outage: a process-wide effect that the exporters consult while it is active. */
    public static final class ExportOutage implements Effect.Process {

        @Override
        public AutoCloseable start(dev.faultline.chaos.engine.Fault fault) {
            return () -> { };
        }
    }
}
