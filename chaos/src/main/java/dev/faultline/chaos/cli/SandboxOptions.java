package dev.faultline.chaos.cli;

import java.nio.file.Path;

import dev.faultline.chaos.launcher.Sandbox;
import dev.faultline.chaos.launcher.SandboxPaths;
import dev.faultline.chaos.launcher.Topology;
import picocli.CommandLine.Option;

/** Options every sandbox command takes: which checkout, which ports. */
final class SandboxOptions {

    @Option(names = "--home", description = "The Faultline checkout (default: ${DEFAULT-VALUE}).",
            defaultValue = "${sys:faultline.home:-.}")
    Path home;

    @Option(names = "--port-offset", description = "Shift every port by this much, to run beside another sandbox "
            + "(default: ${DEFAULT-VALUE}).", defaultValue = "${env:FAULTLINE_PORT_OFFSET:-0}")
    int portOffset;

    Sandbox sandbox() {
        SandboxPaths paths = SandboxPaths.of(home);
        return new Sandbox(paths, Topology.local(paths, portOffset));
    }
}
