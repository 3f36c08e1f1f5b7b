package dev.faultline.cli.top;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import dev.faultline.chaos.runner.control.AdminClient;
import dev.faultline.chaos.runner.control.ControlException;
import dev.faultline.chaos.runner.control.ProcessEndpoint;
import dev.faultline.chaos.runner.control.SandboxEndpoints;
import dev.faultline.chaos.runner.load.LoadReport;
import dev.faultline.chaos.runner.metrics.MetricsText;
import dev.faultline.chaos.runner.metrics.ProcessSnapshot;
import dev.faultline.chaos.runner.metrics.Rates;

/**
 * The live table of {@code faultline top}: per process the request rate, error share and p99 since the last
 * refresh, each breaker's state, and the active faults with the time they have left.
 */
public final class LiveView {

    private static final String ROW = "%-11s %8s %7s %9s  %-36s %s%n";

    private final SandboxEndpoints endpoints;
    private final AdminClient admin;
    private final Map<String, ProcessSnapshot> previous = new HashMap<>();
    private long previousNanos;

    public LiveView(SandboxEndpoints endpoints) {
        this.endpoints = endpoints;
        this.admin = new AdminClient(endpoints.adminToken());
    }

    /** Scrapes every process and renders the table; rates need two refreshes (the first shows the totals so far). */
    public String refresh() {
        long now = System.nanoTime();
        double seconds = previousNanos == 0 ? Double.NaN : (now - previousNanos) / 1e9;
        previousNanos = now;
        StringBuilder table = new StringBuilder(String.format(ROW, "PROCESS", "RPS", "ERR %", "P99", "BREAKERS",
                "FAULTS (time left)"));
        for (ProcessEndpoint process : endpoints.processes()) {
            ProcessSnapshot current;
            try {
                current = ProcessSnapshot.of(MetricsText.parse(admin.metrics(process)));
            } catch (ControlException | IllegalArgumentException e) {
                previous.remove(process.name());
                table.append(String.format(ROW, process.name(), "-", "-", "-", "DOWN", ""));
                continue;
            }
            ProcessSnapshot before = previous.put(process.name(), current);
            String rps = "-";
            String errors = "-";
            String p99 = "-";
            Rates rates = Rates.served(before, current, seconds);
            if (rates != Rates.NONE) {
                rps = String.format("%.1f", rates.rps());
                errors = String.format("%.1f", rates.errorPercent());
                p99 = rates.p99Millis() == null ? "-" : LoadReport.millis(rates.p99Millis());
            }
            table.append(String.format(ROW, process.name(), rps, errors, p99, breakers(current), faults(process)));
        }
        return table.toString().stripTrailing();
    }

    private static String breakers(ProcessSnapshot snapshot) {
        return snapshot.breakers().entrySet().stream()
                .map(e -> e.getKey() + ":" + (e.getValue().equals("closed") ? "closed" : e.getValue().toUpperCase()))
                .collect(Collectors.joining(" "));
    }

    private String faults(ProcessEndpoint process) {
        if (endpoints.adminToken().isEmpty()) {
            return "(no admin token)";
        }
        try {
            List<String> faults = new ArrayList<>();
            for (JsonNode fault : admin.faults(process)) {
                faults.add(fault.path("kind").asText() + " " + Math.round(fault.path("remainingMs").asLong() / 1000.0) + "s");
            }
            return String.join(", ", faults);
        } catch (ControlException e) {
            return "?";
        }
    }
}
