package dev.faultline.cli.launcher;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** What {@code up} and {@code demo} say first: where the console is, and where the processes' telemetry goes. */
public final class ConsoleNotice {

    private ConsoleNotice() {
    }

    /** The console's address, and a warning when its OTLP port is taken before the sandbox starts. */
    public static String before(Topology topology, int portOffset) {
        ProcessSpec console = topology.console();
        String notice = "Console: http://127.0.0.1:" + console.port() + "  (map, charts, faults, scenarios, traces, logs)";
        String configured = System.getenv("OTEL_EXPORTER_OTLP_ENDPOINT");
        int otlp = Topology.OTLP_PORT + portOffset;
        if (configured != null && !configured.isBlank()) {
            return notice + "\nTraces and logs go to " + configured + " (OTEL_EXPORTER_OTLP_ENDPOINT), not to the console.";
        }
        if (!free(otlp)) {
            return notice + "\nPort " + otlp + " is taken (another OpenTelemetry collector?): the processes' traces and "
                    + "logs go there, and the console's trace and log pages stay empty.";
        }
        return notice;
    }

    private static boolean free(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
