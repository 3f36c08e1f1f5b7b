package dev.faultline.cli.launcher;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The local sandbox as the CLI (and the tests) drive it: bring it up under a supervisor, look at it, take it
 * down leaving no process behind.
 */
public final class Sandbox {

    private static final Duration POLL = Duration.ofMillis(20);

    /** The one JVM's heap: what the shop's processes use together under load, with room (bench/one-jvm.sh). */
    static final String ONE_JVM_HEAP = "-Xmx512m";

    private final SandboxPaths paths;
    private final Topology topology;
    private final Hosting hosting;

    /** A sandbox whose processes each run in a JVM of their own. */
    public Sandbox(SandboxPaths paths, Topology topology) {
        this(paths, topology, Hosting.JVM_PER_PROCESS);
    }

    /** @param hosting where {@link #up} runs the processes; a running sandbox keeps its own */
    public Sandbox(SandboxPaths paths, Topology topology, Hosting hosting) {
        this.paths = paths;
        this.topology = topology;
        this.hosting = hosting;
    }

    public SandboxPaths paths() {
        return paths;
    }

    public Topology topology() {
        return topology;
    }

    /**
     * Starts every process under a new supervisor and waits until all are ready. Nothing is started when a
     * jar is missing or a port is taken; a failed start is taken down again.
     *
     * @return the state once all are ready, or the running state when the sandbox was already up
     * @throws SandboxException with exit code {@link SandboxException#BLOCKED} or {@link SandboxException#FAILED}
     */
    public SandboxState up(Duration timeout) {
        Optional<SandboxState> running = runningState();
        if (running.isPresent()) {
            return running.get();
        }
        down();
        requireJars();
        requireFreePorts();
        JsonFiles.write(paths.topologyFile(), topology);
        writeAdminToken();
        if (!topology.withCertificates().isEmpty()) {
            new SandboxPki(paths).ensure(topology.withCertificates(), java.time.Instant.now());
        }
        Process supervisor = startSupervisor();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<SandboxState> state = readState().filter(s -> s.supervisorPid() == supervisor.pid());
            if (state.isPresent() && state.get().phase() == SandboxState.Phase.READY) {
                return state.get();
            }
            if (state.isPresent() && state.get().phase() == SandboxState.Phase.FAILED || !supervisor.isAlive()) {
                String reason = state.map(SandboxState::message).orElse("the supervisor exited");
                supervisor.destroy();
                down();
                throw new SandboxException(SandboxException.FAILED, "The sandbox did not start: " + reason
                        + ". Logs are in " + paths.logs() + ".");
            }
            pause();
        }
        supervisor.destroy();
        down();
        throw new SandboxException(SandboxException.FAILED, "The sandbox was not ready within " + timeout.toSeconds()
                + " s. Logs are in " + paths.logs() + ".");
    }

    /**
     * Stops the supervisor (which stops its processes gracefully), then kills whatever of the sandbox is
     * still alive, and forgets the state.
     *
     * @return the number of sandbox processes that were running
     */
    public int down() {
        Optional<SandboxState> state = readState();
        if (state.isEmpty()) {
            return 0;
        }
        List<ProcessHandle> alive = new ArrayList<>();
        ProcessHandle.of(state.get().supervisorPid()).filter(this::isOurs).ifPresent(alive::add);
        state.get().processes().stream().filter(p -> p.pid() != state.get().supervisorPid())
                .forEach(p -> ProcessHandle.of(p.pid()).filter(this::isOurs).ifPresent(alive::add));
        int services = (int) state.get().processes().stream()
                .filter(p -> ProcessHandle.of(p.pid()).filter(this::isOurs).isPresent()).count();
        alive.stream().filter(p -> p.pid() == state.get().supervisorPid()).forEach(ProcessHandle::destroy);
        awaitGone(alive, Duration.ofSeconds(30));
        alive.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
        awaitGone(alive, Duration.ofSeconds(5));
        try {
            Files.deleteIfExists(paths.stateFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return services;
    }

    /**
     * Restarts every process of a service (each stops gracefully; the supervisor starts it again, reading its
     * configuration anew) and waits until each is ready again.
     *
     * @return the names of the processes restarted
     * @throws SandboxException {@link SandboxException#FAILED} when the sandbox is not running or a process does
     *                          not come back in time
     */
    public List<String> restart(String service, Duration timeout) {
        SandboxState state = runningState().orElseThrow(() -> new SandboxException(SandboxException.FAILED,
                "The sandbox is not running: ./faultline up"));
        Map<String, SandboxState.Process> before = new java.util.LinkedHashMap<>();
        for (ProcessSpec spec : topology.shop()) {
            if (spec.service().equals(service)) {
                state.processes().stream().filter(p -> p.name().equals(spec.name())).findFirst()
                        .ifPresent(p -> before.put(p.name(), p));
            }
        }
        if (state.hosting() == Hosting.ONE_JVM) {
            RestartRequests requests = new RestartRequests(paths);
            before.keySet().forEach(requests::request);
        } else {
            before.values().forEach(p -> ProcessHandle.of(p.pid()).filter(this::isOurs).ifPresent(ProcessHandle::destroy));
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<SandboxState> now = runningState();
            // started again since: a later start (a process in the supervisor's JVM keeps its pid)
            if (now.isPresent() && before.values().stream().allMatch(old -> now.get().processes().stream()
                    .anyMatch(p -> p.name().equals(old.name()) && p.startedAt() > old.startedAt()
                            && p.state() == SandboxState.Process.State.READY))) {
                return List.copyOf(before.keySet());
            }
            pause();
        }
        throw new SandboxException(SandboxException.FAILED, service + " was not ready again within "
                + timeout.toSeconds() + " s. Logs are in " + paths.logs() + ".");
    }

    /** The state of a running sandbox: its supervisor is alive. */
    public Optional<SandboxState> runningState() {
        return readState().filter(state -> ProcessHandle.of(state.supervisorPid()).filter(this::isOurs).isPresent())
                .filter(state -> state.phase() != SandboxState.Phase.FAILED);
    }

    /** The topology the running sandbox was started with (its TLS, its console's address), else this one. */
    public Topology runningTopology() {
        return JsonFiles.read(paths.topologyFile(), Topology.class).orElse(topology);
    }

    /** Whether the process answers its readiness check now. */
    public static boolean isReady(SandboxState.Process process) {
        return Readiness.isReady(process.adminPort());
    }

    private Optional<SandboxState> readState() {
        try {
            return JsonFiles.read(paths.stateFile(), SandboxState.class);
        } catch (UncheckedIOException e) {
            return Optional.empty();
        }
    }

    /**
     * Guards against pid reuse: only processes running a jar of this checkout are touched. A process whose command
     * line cannot be read is not taken for ours: better to leave one behind than to kill a stranger.
     */
    private boolean isOurs(ProcessHandle handle) {
        return handle.isAlive() && handle.info().commandLine()
                .map(command -> command.contains(paths.home() + File.separator))
                .orElse(false);
    }

    /**
     * Writes the topology's admin token where the CLI reads it, readable by its owner only, in a state directory that
     * is its owner's only too (it holds every service's data, secrets and logs).
     */
    private void writeAdminToken() {
        try {
            Files.createDirectories(paths.state());
            Files.setPosixFilePermissions(paths.state(), java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot make " + paths.state() + " owner-only", e);
        }
        SecretFile.write(paths.adminToken(), topology.processes().getFirst().env().getOrDefault("FAULTLINE_ADMIN_TOKEN", ""));
    }

    private void requireJars() {
        List<Path> missing = new ArrayList<>();
        if (!Files.isRegularFile(paths.launcherJar())) {
            missing.add(paths.launcherJar());
        }
        topology.processes().stream().map(p -> paths.home().resolve(p.jar())).distinct()
                .filter(jar -> !Files.isRegularFile(jar)).forEach(missing::add);
        if (!missing.isEmpty()) {
            throw new SandboxException(SandboxException.BLOCKED, "Not built yet: " + missing.stream().map(Path::toString)
                    .collect(Collectors.joining(", ")) + ". Run ./mvnw -DskipTests package (./faultline up does it for you).");
        }
    }

    private void requireFreePorts() {
        List<String> busy = new ArrayList<>();
        for (int port : topology.ports()) {
            if (!LoopbackPorts.free(port)) {
                busy.add(port + " (" + topology.owner(port) + ")");
            }
        }
        if (!busy.isEmpty()) {
            throw new SandboxException(SandboxException.BLOCKED, "Port" + (busy.size() > 1 ? "s " : " ")
                    + String.join(", ", busy) + (busy.size() > 1 ? " are" : " is") + " already in use on 127.0.0.1; "
                    + "stop what uses " + (busy.size() > 1 ? "them" : "it") + " (or another sandbox: ./faultline down). Nothing was started.");
        }
    }

    private Process startSupervisor() {
        try {
            Files.createDirectories(paths.logs());
            List<String> command = new ArrayList<>();
            if (Files.isExecutable(Path.of("/usr/bin/setsid"))) {
                // its own session: closing the terminal that ran `up` does not take the sandbox down
                command.add("/usr/bin/setsid");
            }
            command.add(ProcessHandle.current().info().command().orElse(System.getProperty("java.home") + "/bin/java"));
            command.addAll(hosting == Hosting.ONE_JVM ? oneJvmOptions() : List.of("-Xmx32m", "-XX:+UseSerialGC",
                    "-XX:+ExitOnOutOfMemoryError", "-cp", paths.launcherJar().toString()));
            command.addAll(List.of("-XX:ErrorFile=" + paths.logs().resolve("supervisor-hs_err-%p.log"),
                    "dev.faultline.cli.commands.Faultline", "supervise", "--home", paths.home().toString(),
                    "--state-dir", paths.state().toString()));
            if (hosting == Hosting.ONE_JVM) {
                command.add("--one-jvm");
            }
            return new ProcessBuilder(command)
                    .directory(paths.home().toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(paths.logs().resolve("supervisor.log").toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .start();
        } catch (IOException e) {
            throw new SandboxException(SandboxException.FAILED, "Cannot start the supervisor: " + e.getMessage());
        }
    }

    /**
     * The supervisor's JVM when it runs the processes too: the launcher and every process's jar on its class path
     * (each jar names its libraries), one heap for all, the serial collector (one GC thread on a laptop's cores), the
     * C1 compiler only, as every service's JVM (a third less CPU in start-up and under load; three one-JVM sandboxes on
     * C2 warming up at once took two cores to checkouts of 4 s), the options every process needs (native access for
     * SQLite).
     */
    private List<String> oneJvmOptions() {
        String classPath = java.util.stream.Stream.concat(java.util.stream.Stream.of(paths.launcherJar()),
                        topology.processes().stream().map(p -> paths.home().resolve(p.jar())))
                .distinct().map(Path::toString).collect(Collectors.joining(File.pathSeparator));
        return List.of("-Xms64m", ONE_JVM_HEAP, "-XX:+UseSerialGC", Topology.C1_ONLY, "-XX:+ExitOnOutOfMemoryError",
                "--enable-native-access=ALL-UNNAMED", "-cp", classPath);
    }

    private static void awaitGone(List<ProcessHandle> processes, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (processes.stream().anyMatch(Sandbox::running) && System.nanoTime() < deadline) {
            pause();
        }
    }

    /**
     * Alive and not a zombie: a process that has exited stays "alive" to Java until its parent reaps it, and the
     * supervisor's parent is init, which may take its time (here, about two seconds).
     */
    static boolean running(ProcessHandle process) {
        if (!process.isAlive()) {
            return false;
        }
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat"));
            // pid (comm) state ...: the state follows the last ')', as comm may hold spaces and parentheses
            return stat.charAt(stat.lastIndexOf(')') + 2) != 'Z';
        } catch (IOException | RuntimeException e) {
            return process.isAlive();
        }
    }

    private static void pause() {
        try {
            Thread.sleep(POLL);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SandboxException(SandboxException.FAILED, "Interrupted");
        }
    }
}
