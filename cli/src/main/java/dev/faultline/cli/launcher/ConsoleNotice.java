package dev.faultline.cli.launcher;

/** What {@code up} and {@code demo} say first: where the console is, and where the processes' telemetry goes. */
public final class ConsoleNotice {

    private ConsoleNotice() {
    }

    /**
     * The console's address; before the sandbox starts, also a warning when its OTLP port is taken (once it runs, the
     * console itself holds that port).
     */
    public static String of(Sandbox sandbox, int portOffset) {
        String notice = "Console: http://127.0.0.1:" + sandbox.topology().console().port()
                + "  (map, charts, faults, scenarios, traces, logs)";
        return sandbox.runningState().isPresent() ? notice : notice + telemetryWarning(portOffset);
    }

    private static String telemetryWarning(int portOffset) {
        String configured = System.getenv("OTEL_EXPORTER_OTLP_ENDPOINT");
        int otlp = Topology.OTLP_PORT + portOffset;
        if (configured != null && !configured.isBlank()) {
            return "\nTraces and logs go to " + configured + " (OTEL_EXPORTER_OTLP_ENDPOINT), not to the console.";
        }
        if (!LoopbackPorts.free(otlp)) {
            return "\nPort " + otlp + " is taken (another OpenTelemetry collector?): the processes' traces and "
                    + "logs go there, and the console's trace and log pages stay empty.";
        }
        return "";
    }
}
