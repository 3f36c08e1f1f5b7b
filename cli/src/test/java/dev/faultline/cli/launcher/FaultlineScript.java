package dev.faultline.cli.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.faultline.cli.commands.Faultline;
import picocli.CommandLine;

/**
 * Runs the {@code faultline} commands of this checkout (in this JVM, or the real {@code ./faultline} script where a
 * test needs a process of its own) against a sandbox of its own: a temporary state directory and ports shifted to a
 * free range, so it never meets a sandbox a developer has running. Closing it takes the sandbox down and deletes the
 * state directory.
 */
final class FaultlineScript implements AutoCloseable {

    /** Offsets from 10,000 in steps of 100: the highest sandbox port (payments-2's admin, 9094) stays under 32768. */
    private static final int SLOTS = 129;

    /** The longest any one command may take before the test fails. */
    private static final Duration COMMAND_LIMIT = Duration.ofMinutes(3);

    static final Path HOME = Path.of("").toAbsolutePath().getParent();

    final Path stateDir;
    final int portOffset;
    private final Map<String, String> environment;
    private final Hosting hosting;

    /** A sandbox whose processes each run in a JVM of their own, as in production. */
    FaultlineScript() throws IOException {
        this(Map.of(), Hosting.JVM_PER_PROCESS);
    }

    /** A sandbox whose script (and so its supervisor and processes) also gets these environment variables. */
    FaultlineScript(Map<String, String> environment) throws IOException {
        this(environment, Hosting.JVM_PER_PROCESS);
    }

    /** @param hosting where {@code up} runs the processes ({@code --one-jvm} for {@link Hosting#ONE_JVM}) */
    FaultlineScript(Map<String, String> environment, Hosting hosting) throws IOException {
        this.stateDir = Files.createTempDirectory("faultline-it-");
        this.portOffset = freeOffset();
        this.environment = Map.copyOf(environment);
        this.hosting = hosting;
    }

    /**
     * A sandbox of its own, up, each process in a JVM of its own: for an IT class's set-up. When {@code up} fails, it
     * is taken down again and the test fails with what {@code up} printed.
     */
    static FaultlineScript started() throws IOException, InterruptedException {
        return started(Hosting.JVM_PER_PROCESS);
    }

    /**
     * A sandbox of its own, up, its processes where {@code hosting} says; on JVMs of their own whatever it says when
     * {@code -Dfaultline.it.own-jvms=true} (to measure a one-JVM test the production way); {@code upOptions} go to
     * {@code up} (e.g. {@code --tls mtls}).
     */
    static FaultlineScript started(Hosting hosting, String... upOptions) throws IOException, InterruptedException {
        FaultlineScript script = new FaultlineScript(Map.of(), Boolean.getBoolean("faultline.it.own-jvms")
                ? Hosting.JVM_PER_PROCESS : hosting);
        List<String> command = new ArrayList<>(List.of("up"));
        command.addAll(List.of(upOptions));
        Result up = script.run(command.toArray(String[]::new));
        if (up.exitCode() != 0) {
            script.close();
            throw new AssertionError("./faultline up exited " + up.exitCode() + ":\n" + up.output());
        }
        return script;
    }

    /** Where this sandbox runs its processes. */
    Hosting hosting() {
        return hosting;
    }

    /** The paths and topology the script uses, to read its state and find its ports. */
    Sandbox sandbox() {
        SandboxPaths paths = new SandboxPaths(HOME, stateDir);
        return new Sandbox(paths, Topology.local(paths, portOffset), hosting);
    }

    int port(String process) {
        return sandbox().topology().process(process).port();
    }

    /**
     * Runs {@code faultline <command...> --state-dir .. --port-offset ..} to its end, at most {@link #COMMAND_LIMIT}:
     * in this JVM through the command line's real entry point ({@link Faultline#commandLine()}), its output and errors
     * captured by picocli's writers, as a JVM of its own costs a second of CPU that the sandboxes need. A sandbox with
     * an environment of its own starts through the real script: only a process of its own passes the environment on
     * to the processes it starts (the supervisor keeps it for restarts).
     */
    Result run(String... command) throws IOException, InterruptedException {
        if (!environment.isEmpty() && StartupGate.startsProcesses(command)) {
            return typing("", command);
        }
        try (StartupGate.Turn turn = StartupGate.forCommand(command)) {
            StringWriter text = new StringWriter();
            PrintWriter output = new PrintWriter(text, true);
            CommandLine cli = Faultline.commandLine().setOut(output).setErr(output);
            FutureTask<Integer> execution = new FutureTask<>(() -> cli.execute(withSandbox(command).toArray(String[]::new)));
            Thread thread = Thread.ofPlatform().name("faultline " + String.join(" ", command)).start(execution);
            try {
                return new Result(execution.get(COMMAND_LIMIT.toSeconds(), TimeUnit.SECONDS), text.toString());
            } catch (TimeoutException e) {
                thread.interrupt();
                throw new IllegalStateException("faultline " + String.join(" ", command) + " did not finish within "
                        + COMMAND_LIMIT + "; it printed:\n" + text, e);
            } catch (ExecutionException e) {
                throw new IllegalStateException("faultline " + String.join(" ", command) + " failed:\n" + text, e);
            }
        }
    }

    /** As {@link #run}, with {@code input} typed on its standard input (then the input ends). */
    Result typing(String input, String... command) throws IOException, InterruptedException {
        try (StartupGate.Turn turn = StartupGate.forCommand(command)) {
            Process process = launch(command);
            try (var stdin = process.getOutputStream()) {
                stdin.write(input.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }
            ProcessOutput output = ProcessOutput.of(process);
            if (!process.waitFor(COMMAND_LIMIT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
                throw new IllegalStateException("./faultline " + String.join(" ", command) + " did not finish within "
                        + COMMAND_LIMIT + "; it printed:\n" + output.text());
            }
            return new Result(process.exitValue(), output.text());
        }
    }

    /**
     * Takes the sandbox down through the script and checks what a user relies on: when it was running, every one of
     * its processes (the supervisor too) has exited, every port is free and {@code status} says it is down. Whatever is
     * left is killed even when a check fails, so every test's clean-up is also a test of {@code down}.
     */
    void down() throws IOException, InterruptedException {
        Optional<SandboxState> running = sandbox().runningState();
        long alive = running.map(state -> state.processes().stream()
                .filter(process -> ProcessHandle.of(process.pid()).map(Sandbox::running).orElse(false)).count()).orElse(0L);
        try {
            Result down = run("down");
            if (running.isPresent()) {
                List<Long> pids = new ArrayList<>(List.of(running.get().supervisorPid()));
                running.get().processes().forEach(process -> pids.add(process.pid()));
                assertThat(down.exitCode()).as(down.output()).isZero();
                assertThat(down.output()).contains("Stopped " + alive + " processes");
                // exited, if perhaps not yet reaped by init (a zombie holds no port and runs nothing)
                assertThat(pids).as("processes down left running").allSatisfy(pid -> assertThat(
                        ProcessHandle.of(pid).map(Sandbox::running)).isNotEqualTo(Optional.of(true)));
                assertThat(sandbox().topology().ports()).as("ports down left taken").allMatch(FaultlineScript::isFree);
                assertThat(run("status").exitCode()).as("status after down").isEqualTo(1);
            }
        } finally {
            sandbox().down();
        }
    }

    /** What the supervisor logged, for a failure's message ("none" before it started). */
    String supervisorLog() throws IOException {
        Path log = stateDir.resolve("logs/supervisor.log");
        return Files.exists(log) ? Files.readString(log) : "none";
    }

    /** Takes the sandbox down and deletes its state directory (logs, data, journals). */
    @Override
    public void close() throws IOException, InterruptedException {
        try {
            down();
        } finally {
            Files.deleteIfExists(claim(portOffset));
            try (Stream<Path> files = Files.walk(stateDir)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }

    /**
     * Starts {@code ./faultline <command...>} against this sandbox, output and errors merged, no input. A measured
     * run waits for a start-up under way (see {@link StartupGate}); a start-up started this way holds no turn, so the
     * caller takes one ({@link StartupGate#startUp()}) for as long as its processes take to come up.
     */
    Process start(String... command) throws IOException {
        StartupGate.forCommand(command).close();
        Process process = launch(command);
        process.getOutputStream().close();
        return process;
    }

    private Process launch(String... command) throws IOException {
        List<String> line = new ArrayList<>();
        line.add(HOME.resolve("faultline").toString());
        line.addAll(withSandbox(command));
        ProcessBuilder builder = new ProcessBuilder(line).directory(HOME.toFile()).redirectErrorStream(true);
        builder.environment().putAll(environment);
        return builder.start();
    }

    /** The command with this sandbox's checkout, state directory and ports (and hosting, for {@code up}). */
    private List<String> withSandbox(String... command) {
        List<String> line = new ArrayList<>(List.of(command));
        if (hosting == Hosting.ONE_JVM && command.length > 0 && command[0].equals("up")) {
            line.add("--one-jvm");
        }
        line.addAll(List.of("--home", HOME.toString(), "--state-dir", stateDir.toString(), "--port-offset",
                Integer.toString(portOffset)));
        return line;
    }

    /**
     * A port offset whose ports are all free. Every port stays under 32768, where Linux's ephemeral range starts: the
     * load clients' own ports (and their TIME_WAIT) never collide with a sandbox's. Failsafe runs forks at once:
     * an offset is {@linkplain #claimed claimed} machine-wide, so sandboxes starting together never share ports.
     */
    private static int freeOffset() {
        for (int attempt = 0; attempt < 100; attempt++) {
            int offset = 10_000 + 100 * ThreadLocalRandom.current().nextInt(SLOTS);
            SandboxPaths paths = new SandboxPaths(HOME, HOME);
            if (Topology.local(paths, offset).ports().stream().allMatch(FaultlineScript::isFree) && claimed(offset)) {
                return offset;
            }
        }
        throw new IllegalStateException("no free port range found");
    }

    /**
     * Claims an offset for this sandbox across every test JVM on the machine (a file, made atomically): ports that
     * are free now may be taken by a sandbox starting at the same moment, and a sandbox 1000 away shares ports too
     * (one's API ports are the other's admin ports). Claims older than an hour are a killed run's, and let go.
     */
    private static boolean claimed(int offset) {
        try {
            Path dir = claim(offset).getParent();
            Files.createDirectories(dir);
            try (Stream<Path> claims = Files.list(dir)) {
                long stale = System.currentTimeMillis() - Duration.ofHours(1).toMillis();
                for (Path claim : claims.toList()) {
                    if (Files.getLastModifiedTime(claim).toMillis() < stale) {
                        Files.deleteIfExists(claim);
                    }
                }
            }
            if (Files.exists(claim(offset - 1000)) || Files.exists(claim(offset + 1000))) {
                return false;
            }
            Files.createFile(claim(offset));
            return true;
        } catch (java.nio.file.FileAlreadyExistsException e) {
            return false;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static Path claim(int offset) {
        return Path.of(System.getProperty("java.io.tmpdir"), "faultline-it-offsets", Integer.toString(offset));
    }

    static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * What a run printed and returned.
     *
     * @param exitCode the script's exit code
     * @param output   stdout and stderr
     */
    record Result(int exitCode, String output) {
    }
}
