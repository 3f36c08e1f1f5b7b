package dev.faultline.cli.commands;

import java.nio.file.Path;

import dev.faultline.chaos.runner.control.SandboxEndpoints;
import dev.faultline.cli.launcher.Hosting;
import dev.faultline.cli.launcher.LocalEndpoints;
import dev.faultline.cli.launcher.Sandbox;
import dev.faultline.cli.launcher.SandboxPaths;
import dev.faultline.cli.launcher.Topology;
import dev.faultline.pki.TlsMode;
import picocli.CommandLine.Option;

/** Options every sandbox command takes: which checkout, which ports. */
final class SandboxOptions {

    @Option(names = "--home", description = "The Faultline checkout (default: ${DEFAULT-VALUE}).",
            defaultValue = "${sys:faultline.home:-.}")
    Path home;

    @Option(names = "--state-dir", description = "Where state, logs and data go (default: <home>/.faultline).")
    Path stateDir;

    @Option(names = "--port-offset", description = "Shift every port by this much, to run beside another sandbox "
            + "(default: ${DEFAULT-VALUE}).", defaultValue = "${env:FAULTLINE_PORT_OFFSET:-0}")
    int portOffset;

    SandboxPaths paths() {
        SandboxPaths defaults = SandboxPaths.of(home);
        return stateDir == null ? defaults : new SandboxPaths(defaults.home(), stateDir.toAbsolutePath().normalize());
    }

    /** The processes to talk to and the admin token: works for a sandbox this checkout did not start too. */
    SandboxEndpoints endpoints() {
        return LocalEndpoints.of(paths(), portOffset);
    }

    /** The sandbox, with a new admin token for a new start (the running one keeps its own). */
    Sandbox sandbox() {
        SandboxPaths paths = paths();
        return new Sandbox(paths, Topology.local(paths, portOffset, newToken()));
    }

    /**
     * The same, its processes where {@code hosting} says, its console listening on {@code consoleHost} when given
     * (and then asking for the admin token).
     */
    Sandbox sandbox(java.util.Optional<String> consoleHost, Hosting hosting) {
        return sandbox(consoleHost, hosting, TlsMode.OFF);
    }

    /** The same, with TLS as {@code tls} says. */
    Sandbox sandbox(java.util.Optional<String> consoleHost, Hosting hosting, TlsMode tls) {
        SandboxPaths paths = paths();
        Topology topology = Topology.local(paths, portOffset, newToken(), tls);
        return new Sandbox(paths, consoleHost.map(topology::withConsoleOn).orElse(topology), hosting);
    }

    /** A new admin token: 24 random bytes, hex. */
    static String newToken() {
        byte[] bytes = new byte[24];
        new java.security.SecureRandom().nextBytes(bytes);
        return java.util.HexFormat.of().formatHex(bytes);
    }

    /** The API port of a process of this sandbox. */
    int port(String process) {
        return Topology.local(paths(), portOffset).process(process).port();
    }

    /** The console of this sandbox. */
    java.net.URI console() {
        return java.net.URI.create("http://127.0.0.1:" + Topology.local(paths(), portOffset).console().port());
    }

    /** Where a trace's page is, its id appended: the console of this sandbox. */
    String traces() {
        return console() + "/traces/";
    }
}
