package dev.faultline.chaos.runner.control;

import java.util.List;

/**
 * The processes a driver (a CLI command, the console) talks to and the admin token it presents; the launcher says
 * where they are ({@code LocalEndpoints} in the CLI).
 *
 * @param processes  every process, in start order, the gateway last
 * @param adminToken the chaos admin token; empty when none is known
 */
public record SandboxEndpoints(List<ProcessEndpoint> processes, String adminToken) {

    /** Environment variable that names the admin token, as the processes read it. */
    public static final String TOKEN_VARIABLE = "FAULTLINE_ADMIN_TOKEN";
    /** The process every request enters through. */
    public static final String GATEWAY = "gateway";
    /** The process that issues access tokens (a local OAuth 2.0 authorization server). */
    public static final String ISSUER = "auth";

    public SandboxEndpoints {
        processes = List.copyOf(processes);
    }

    /** The processes that are a service's instances, or the one process of that name. */
    public List<ProcessEndpoint> select(String serviceOrProcess) {
        return processes.stream()
                .filter(p -> p.service().equals(serviceOrProcess) || p.name().equals(serviceOrProcess))
                .toList();
    }

    /** Like {@link #select} but never empty. */
    public List<ProcessEndpoint> require(String serviceOrProcess) {
        List<ProcessEndpoint> selected = select(serviceOrProcess);
        if (selected.isEmpty()) {
            throw new IllegalArgumentException("no process or service named '" + serviceOrProcess + "'; known: "
                    + names());
        }
        return selected;
    }

    public ProcessEndpoint gateway() {
        return require(GATEWAY).getFirst();
    }

    /** Every service and process name, for error messages. */
    public List<String> names() {
        return processes.stream().flatMap(p -> java.util.stream.Stream.of(p.service(), p.name())).distinct().toList();
    }
}
