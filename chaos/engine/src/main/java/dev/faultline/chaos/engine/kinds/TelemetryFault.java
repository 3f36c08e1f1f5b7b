package dev.faultline.chaos.engine.kinds;

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
        Mode mode = params.choice("mode", Mode.class, null);
        if (mode == Mode.EXPORTER_OUTAGE) {
            return new ExportOutage();
        }
        return new Effect.DropTraceContext() {
        };
    }

    /** What breaks. */
    enum Mode { DROP_CONTEXT, EXPORTER_OUTAGE }

    /** The exporter outage: a process-wide effect that the exporters consult while it is active. */
    public static final class ExportOutage implements Effect.Process {

        @Override
        public AutoCloseable start(dev.faultline.chaos.engine.Fault fault) {
            return () -> { };
        }
    }
}
