package dev.faultline.cli.commands;

import java.time.Duration;
import java.util.concurrent.Callable;

import dev.faultline.cli.launcher.ConsoleNotice;
import dev.faultline.cli.launcher.Hosting;
import dev.faultline.cli.launcher.Sandbox;
import dev.faultline.cli.launcher.SandboxException;
import dev.faultline.cli.launcher.SandboxPki;
import dev.faultline.cli.launcher.SandboxState;
import dev.faultline.cli.launcher.Topology;
import dev.faultline.pki.TlsMode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code faultline up}. */
@Command(name = "up", mixinStandardHelpOptions = true,
        description = {"Start every service as its own process on 127.0.0.1 under a supervisor that restarts "
                + "crashed processes, wait until all are ready, and print where they are.",
                "Logs go to .faultline/logs/<process>.log, data to .faultline/data/<service>."})
final class UpCommand implements Callable<Integer> {

    @Mixin
    private Output output;

    @Mixin
    private SandboxOptions options;

    @Option(names = "--timeout", description = "How long to wait for readiness (default: ${DEFAULT-VALUE}).",
            defaultValue = "PT2M")
    private Duration timeout;

    @Option(names = "--console-bind", description = "Address the console listens on (default: 127.0.0.1). Beyond "
            + "the loopback every request must show the admin token: open it once as /?token=<.faultline/admin-token>.")
    private String consoleBind;

    @Option(names = "--one-jvm", description = "Run every process in the supervisor's JVM, each with its own ports, "
            + "data, telemetry and chaos engine: under a third of the memory, half the start-up CPU. A crash fault stops its process "
            + "alone, but cpu and memory faults act on all, and no process can be killed from outside. Logs go to "
            + ".faultline/logs/supervisor.log.")
    private boolean oneJvm;

    @Option(names = "--tls", paramLabel = "off|edge|mtls", converter = TlsModeConverter.class,
            description = "TLS (default: ${DEFAULT-VALUE}). edge: the gateway also serves HTTPS (TLS 1.3) on 8443. "
                    + "mtls: edge, and every service's API asks its callers for a certificate from the sandbox's own "
                    + "authority (made under .faultline/secrets/pki) and enforces who may call whom.",
            defaultValue = "off")
    private TlsMode tls;

    @Override
    public Integer call() {
        Sandbox sandbox = options.sandbox(java.util.Optional.ofNullable(consoleBind),
                oneJvm ? Hosting.ONE_JVM : Hosting.JVM_PER_PROCESS, tls);
        boolean wasRunning = sandbox.runningState().isPresent();
        output.out().println(ConsoleNotice.of(sandbox, options.portOffset));
        long started = System.nanoTime();
        try {
            SandboxState state = sandbox.up(timeout);
            output.out().println(StatusTable.render(state, sandbox.runningTopology(), false));
            if (wasRunning) {
                output.out().println("The sandbox was already running. Stop it with ./faultline down.");
            } else {
                output.out().printf("All %d processes ready in %.1f s. Logs: %s. Stop: ./faultline down%n",
                        state.processes().size(), (System.nanoTime() - started) / 1e9, sandbox.paths().logs());
                Topology running = sandbox.runningTopology();
                running.httpsPort().ifPresent(port -> output.out().printf(
                        "TLS %s: the gateway's HTTPS is https://127.0.0.1:%d (trust %s).%n", running.tls(),
                        port, new SandboxPki(sandbox.paths()).layout().authorityCertificate()));
            }
            return 0;
        } catch (SandboxException e) {
            output.err().println(e.getMessage());
            return e.exitCode();
        }
    }
}
