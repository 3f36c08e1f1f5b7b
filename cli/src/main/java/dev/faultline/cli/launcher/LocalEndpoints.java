package dev.faultline.cli.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.Optional;

import dev.faultline.chaos.runner.control.ProcessEndpoint;
import dev.faultline.chaos.runner.control.SandboxEndpoints;

/**
 * The processes of a checkout's sandbox as a driver talks to them. The ports are the topology's (local mode and
 * compose publish the same ones), so commands work whether or not this checkout started the sandbox.
 */
public final class LocalEndpoints {

    private LocalEndpoints() {
    }

    /**
     * The sandbox of a checkout: its topology's ports, and the token from {@code FAULTLINE_ADMIN_TOKEN} when set,
     * else from {@code .faultline/admin-token}.
     */
    public static SandboxEndpoints of(SandboxPaths paths, int portOffset) {
        Topology topology = Topology.local(paths, portOffset);
        String token = Optional.ofNullable(System.getenv(SandboxEndpoints.TOKEN_VARIABLE)).filter(t -> !t.isBlank())
                .orElseGet(() -> readToken(paths));
        return new SandboxEndpoints(topology.shop().stream()
                .map(p -> new ProcessEndpoint(p.name(), p.service(), p.port(), p.adminPort())).toList(), token);
    }

    private static String readToken(SandboxPaths paths) {
        try {
            return Files.exists(paths.adminToken()) ? Files.readString(paths.adminToken()).strip() : "";
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + paths.adminToken(), e);
        }
    }
}
