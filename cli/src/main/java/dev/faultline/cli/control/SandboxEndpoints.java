package dev.faultline.cli.control;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Optional;

import dev.faultline.cli.launcher.SandboxPaths;
import dev.faultline.cli.launcher.Topology;

/**
 * The processes a command talks to and the admin token it presents. The ports are the topology's (local mode and
 * compose publish the same ones), so commands work whether or not this checkout started the sandbox.
 *
 * @param processes  every process, in start order, the gateway last
 * @param adminToken the chaos admin token; empty when none is known
 */
public record SandboxEndpoints(List<ProcessEndpoint> processes, String adminToken) {

    /** Environment variable that names the admin token, as the processes read it. */
    public static final String TOKEN_VARIABLE = "FAULTLINE_ADMIN_TOKEN";
    /** The process every request enters through. */
    public static final String GATEWAY = "gateway";

    public SandboxEndpoints {
        processes = List.copyOf(processes);
    }

    /**
     * The sandbox of a checkout: its topology's ports, and the token from {@code FAULTLINE_ADMIN_TOKEN} when set,
     * else from {@code .faultline/admin-token}.
     */
    public static SandboxEndpoints of(SandboxPaths paths, int portOffset) {
        Topology topology = Topology.local(paths, portOffset);
        String token = Optional.ofNullable(System.getenv(TOKEN_VARIABLE)).filter(t -> !t.isBlank())
                .orElseGet(() -> readToken(paths));
        return new SandboxEndpoints(topology.processes().stream()
                .map(p -> new ProcessEndpoint(p.name(), p.service(), p.port(), p.adminPort())).toList(), token);
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

    private static String readToken(SandboxPaths paths) {
        try {
            return Files.exists(paths.adminToken()) ? Files.readString(paths.adminToken()).strip() : "";
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + paths.adminToken(), e);
        }
    }
}
