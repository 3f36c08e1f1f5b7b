package dev.faultline.console;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import dev.faultline.chaos.runner.control.ProcessEndpoint;
import dev.faultline.chaos.runner.control.SandboxEndpoints;
import io.helidon.config.Config;

/**
 * What the console watches and how much it keeps; the launcher sets these for the local sandbox.
 *
 * @param endpoints  the sandbox's processes ({@code faultline.processes}: {@code name=service:port:adminPort,...},
 *                   or {@code name=service@host:port:adminPort} where a process is not on the loopback, as in compose)
 *                   and the admin token ({@code faultline.admin.token})
 * @param home       the checkout, for the scenario library ({@code faultline.home})
 * @param stateDir   where scenario journals go and the supervisor's state file is ({@code faultline.state-dir})
 * @param otlpHost   where the OTLP receiver listens ({@code console.otlp.host})
 * @param otlpPort   its port ({@code console.otlp.port}, 4318 like a collector's; 0 a free one, -1 none)
 * @param maxSpans   spans kept ({@code console.traces.max-spans})
 * @param maxLogs    log records kept ({@code console.logs.max-records})
 * @param requireToken whether every request must show the admin token: the console listens beyond the loopback
 *                   ({@code console.require-token}; by default, when {@code server.host} is not the loopback)
 */
record ConsoleSettings(SandboxEndpoints endpoints, Path home, Path stateDir, String otlpHost, int otlpPort,
                       int maxSpans, int maxLogs, boolean requireToken) {

    static ConsoleSettings from(Config config) {
        List<ProcessEndpoint> processes = new ArrayList<>();
        for (String entry : config.get("faultline.processes").asString().orElse("").split(",")) {
            if (!entry.isBlank()) {
                processes.add(process(entry.strip()));
            }
        }
        Path home = Path.of(config.get("faultline.home").asString().orElse("."));
        return new ConsoleSettings(new SandboxEndpoints(processes, config.get("faultline.admin.token").asString().orElse("")),
                home, Path.of(config.get("faultline.state-dir").asString().orElse(home.resolve(".faultline").toString())),
                config.get("console.otlp.host").asString().orElse("127.0.0.1"),
                config.get("console.otlp.port").asInt().orElse(4318),
                config.get("console.traces.max-spans").asInt().orElse(160_000),
                config.get("console.logs.max-records").asInt().orElse(50_000),
                config.get("console.require-token").asBoolean().orElseGet(() -> !List.of("127.0.0.1", "localhost", "::1")
                        .contains(config.get("server.host").asString().orElse("127.0.0.1"))));
    }

    /** The supervisor's state file, for restarts. */
    Optional<Path> stateFile() {
        return Optional.of(stateDir.resolve("sandbox.json"));
    }

    /** {@code payments-2=payments:8094:9094}, or {@code payments-2=payments@payments-2:8094:9094}. */
    static ProcessEndpoint process(String entry) {
        String[] nameAndRest = entry.split("=", 2);
        String[] parts = nameAndRest.length == 2 ? nameAndRest[1].split(":") : new String[0];
        if (parts.length != 3) {
            throw new IllegalArgumentException("faultline.processes: '" + entry
                    + "' is not name=service:port:adminPort or name=service@host:port:adminPort");
        }
        String[] serviceAndHost = parts[0].split("@", 2);
        String host = serviceAndHost.length == 2 ? serviceAndHost[1] : "127.0.0.1";
        try {
            return new ProcessEndpoint(nameAndRest[0], serviceAndHost[0], host, Integer.parseInt(parts[1]),
                    Integer.parseInt(parts[2]));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("faultline.processes: '" + entry + "' has a port that is no number", e);
        }
    }
}
