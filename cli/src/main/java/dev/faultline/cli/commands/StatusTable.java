package dev.faultline.cli.commands;

import java.time.Duration;

import dev.faultline.cli.launcher.Sandbox;
import dev.faultline.cli.launcher.SandboxState;
import dev.faultline.cli.launcher.Topology;

/** The table {@code up} and {@code status} print. */
final class StatusTable {

    private static final String ROW = "%-11s %-23s %-23s %-8s %-11s %9s %8s %8s%n";

    private StatusTable() {
    }

    /** One row per process; with {@code probe}, the state column is what readiness answers now. */
    static String render(SandboxState state, Topology topology, boolean probe) {
        StringBuilder table = new StringBuilder(String.format(ROW, "PROCESS", "URL", "ADMIN", "PID", "STATE",
                "READY IN", "RESTARTS", "UPTIME"));
        long now = System.currentTimeMillis();
        for (SandboxState.Process process : state.processes()) {
            String current = probe && process.state() == SandboxState.Process.State.READY && !Sandbox.isReady(process)
                    ? "NOT READY" : process.state().name();
            table.append(String.format(ROW, process.name(), topology.apiUrl(process.name()),
                    "http://127.0.0.1:" + process.adminPort(), process.pid(), current, process.readyMillis() + " ms",
                    process.restarts(), uptime(Duration.ofMillis(now - process.startedAt()))));
        }
        return table.toString().stripTrailing();
    }

    private static String uptime(Duration duration) {
        long seconds = duration.toSeconds();
        return seconds < 60 ? seconds + "s" : seconds < 3600 ? seconds / 60 + "m" + seconds % 60 + "s"
                : seconds / 3600 + "h" + seconds % 3600 / 60 + "m";
    }
}
