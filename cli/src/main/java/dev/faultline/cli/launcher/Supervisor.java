package dev.faultline.cli.launcher;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import dev.faultline.cli.launcher.hosted.HostedProcess;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs in its own process: starts every process of the topology (each in a JVM of its own, or all in this one:
 * {@link Hosting}), reports to the state file, and restarts a process that exits unexpectedly, with backoff. On
 * SIGTERM it stops them all gracefully.
 */
public final class Supervisor {

    private static final Logger LOG = LoggerFactory.getLogger(Supervisor.class);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration STOP_GRACE = Duration.ofSeconds(15);
    private static final int STARTING_AT_ONCE = 2;

    /** How often a one-JVM supervisor looks for restart requests. */
    private static final Duration REQUESTS_POLL = Duration.ofMillis(100);
    /** How often certificates are checked for renewal: a minute against a day's life. */
    private static final Duration CERTIFICATE_CHECK = Duration.ofMinutes(1);

    private final SandboxPaths paths;
    private final Topology topology;
    private final Hosting hosting;
    private final ClassDataArchives archives;
    private final List<Supervised> processes = new ArrayList<>();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile boolean stopping;
    private volatile SandboxState.Phase phase = SandboxState.Phase.STARTING;
    private volatile String message;

    private Supervisor(SandboxPaths paths, Topology topology, Hosting hosting) {
        this.paths = paths;
        this.topology = topology;
        this.hosting = hosting;
        // the processes run on this JVM's own java
        this.archives = new ClassDataArchives(paths.cds(), Runtime.version());
        topology.processes().forEach(spec -> processes.add(new Supervised(spec)));
    }

    /** Supervises the topology written by {@code up} until stopped; returns the process exit code. */
    public static int run(SandboxPaths paths, Hosting hosting) {
        Topology topology = JsonFiles.read(paths.topologyFile(), Topology.class)
                .orElseThrow(() -> new SandboxException(SandboxException.FAILED, "No topology at " + paths.topologyFile()));
        Supervisor supervisor = new Supervisor(paths, topology, hosting);
        // Loaded now, not at the first restart: a rebuild may have replaced the jar by then.
        Backoff.DEFAULT.delay(1);
        Runtime.getRuntime().addShutdownHook(new Thread(supervisor::stopAll, "supervisor-stop"));
        return supervisor.superviseUntilStopped();
    }

    private int superviseUntilStopped() {
        publish();
        // Two at a time, one per core: five JVMs starting at once on two cores each took 3.5 s to be ready;
        // in pairs, each is ready well within the 2 s target and all of them sooner than one by one.
        List<CompletableFuture<Void>> ready = new ArrayList<>();
        for (int i = 0; i < processes.size(); i++) {
            Supervised process = processes.get(i);
            CompletableFuture<Void> turn = i < STARTING_AT_ONCE ? CompletableFuture.completedFuture(null)
                    : ready.get(i - STARTING_AT_ONCE);
            Thread.ofPlatform().name("supervise-" + process.spec.name()).start(() -> process.loop(turn));
            ready.add(process.firstReady);
        }
        try {
            CompletableFuture.allOf(processes.stream().map(p -> p.firstReady).toArray(CompletableFuture[]::new))
                    .get(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            message = cause instanceof java.util.concurrent.TimeoutException
                    ? "not every process was ready within " + START_TIMEOUT.toSeconds() + " s"
                    : cause.getMessage();
            LOG.error("Sandbox failed to start: {}", message);
            phase = SandboxState.Phase.FAILED;
            stopAll();
            return 1;
        }
        phase = SandboxState.Phase.READY;
        publish();
        if (hosting == Hosting.ONE_JVM) {
            Thread.ofPlatform().daemon().name("restart-requests").start(this::takeRestartRequests);
        }
        if (!topology.withCertificates().isEmpty()) {
            Thread.ofPlatform().daemon().name("certificates").start(this::renewCertificates);
        }
        LOG.info("All {} processes ready", processes.size());
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    /**
     * Stops every process: SIGTERM, a grace period, then SIGKILL. The shop goes first, all at once, and the console
     * after it: the console receives the others' telemetry, which they flush as they exit (with the receiver gone,
     * each waited out its flush timeout and a stop took 3.5 s).
     */
    private void stopAll() {
        if (stopping) {
            return;
        }
        stopping = true;
        if (phase != SandboxState.Phase.FAILED) {
            phase = SandboxState.Phase.STOPPING;
        }
        long deadline = System.nanoTime() + STOP_GRACE.toNanos();
        Map<Boolean, List<Supervised>> console = processes.stream()
                .collect(Collectors.partitioningBy(process -> process.spec.name().equals(Topology.CONSOLE)));
        for (List<Supervised> group : List.of(console.get(false), console.get(true))) {
            group.forEach(Supervised::terminate);
            publish();
            for (Supervised process : group) {
                process.awaitExit(Math.max(0, deadline - System.nanoTime()));
            }
        }
        publish();
        LOG.info("Sandbox stopped");
        stopped.countDown();
    }

    private synchronized void publish() {
        List<SandboxState.Process> states = processes.stream().map(Supervised::snapshot).toList();
        JsonFiles.write(paths.stateFile(), new SandboxState(ProcessHandle.current().pid(), phase, message, states,
                hosting));
    }

    /**
     * Stops each process a restart request names, gracefully; its loop starts it again, as it does a process of its
     * own that {@code ./faultline settings} stopped.
     */
    private void takeRestartRequests() {
        RestartRequests requests = new RestartRequests(paths);
        while (!stopping) {
            for (String name : requests.take()) {
                processes.stream().filter(p -> p.spec.name().equals(name)).forEach(Supervised::terminate);
            }
            try {
                Thread.sleep(REQUESTS_POLL);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Re-issues each process's certificate before it expires; the process swaps it in by itself. */
    private void renewCertificates() {
        SandboxPki pki = new SandboxPki(paths);
        while (!stopping) {
            try {
                List<String> renewed = pki.ensure(topology.withCertificates(), java.time.Instant.now());
                if (!renewed.isEmpty()) {
                    LOG.info("Re-issued the certificates of {}", String.join(", ", renewed));
                }
            } catch (RuntimeException e) {
                LOG.warn("Could not re-issue certificates: {}", e.getMessage());
            }
            try {
                Thread.sleep(CERTIFICATE_CHECK);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** One supervised process and its restart loop. */
    private final class Supervised {

        private final ProcessSpec spec;
        private final CompletableFuture<Void> firstReady = new CompletableFuture<>();
        private volatile ProcessInstance process;
        private volatile SandboxState.Process.State state = SandboxState.Process.State.STARTING;
        private volatile long readyMillis;
        private volatile long startedAt;
        private volatile int restarts;

        Supervised(ProcessSpec spec) {
            this.spec = spec;
        }

        void loop(CompletableFuture<Void> turn) {
            try {
                turn.join();
            } catch (RuntimeException e) {
                firstReady.completeExceptionally(e);
                return;
            }
            int consecutive = 0;
            while (!stopping) {
                try {
                    start();
                } catch (IOException e) {
                    firstReady.completeExceptionally(new IllegalStateException("cannot start " + spec.name() + ": " + e.getMessage(), e));
                    return;
                }
                if (awaitReady()) {
                    firstReady.complete(null);
                } else if (!firstReady.isDone()) {
                    firstReady.completeExceptionally(new IllegalStateException(spec.name() + " exited with code "
                            + exitCode() + " before it was ready; see " + log()));
                    return;
                }
                long upSince = System.nanoTime();
                int code = waitForExit();
                if (stopping) {
                    break;
                }
                boolean wasHealthy = System.nanoTime() - upSince >= Backoff.DEFAULT.resetAfter().toNanos();
                consecutive = wasHealthy ? 1 : consecutive + 1;
                restarts++;
                Duration delay = Backoff.DEFAULT.delay(consecutive);
                state = SandboxState.Process.State.RESTARTING;
                LOG.warn("{} (pid {}) exited with code {}; restart #{} in {} ms", spec.name(), process.pid(), code,
                        restarts, delay.toMillis());
                publish();
                if (!sleep(delay)) {
                    break;
                }
            }
            state = SandboxState.Process.State.STOPPED;
            publish();
        }

        private void start() throws IOException {
            Files.createDirectories(paths.logs());
            state = SandboxState.Process.State.STARTING;
            if (hosting == Hosting.ONE_JVM) {
                startedAt = System.currentTimeMillis();
                Map<String, String> environment = new HashMap<>(System.getenv());
                environment.putAll(spec.env());
                process = HostedProcess.start(spec.name(), spec.service(), environment);
                LOG.info("Started {} in this JVM on port {}", spec.name(), spec.port());
                publish();
                return;
            }
            List<String> archive = archives.options(jar(), this::train);
            startedAt = System.currentTimeMillis();
            process = ProcessInstance.of(launch(archive));
            LOG.info("Started {} (pid {}) on port {}", spec.name(), process.pid(), spec.port());
            publish();
        }

        /**
         * A training start for the jar's class-data archive: the process comes up as it will run, then stops
         * gracefully, and the JVM writes the archive as it exits.
         */
        private void train(List<String> archiving) throws IOException {
            LOG.info("Making {}'s class-data archive: a start of its own, stopped once ready", spec.name());
            Process training = launch(archiving);
            try {
                boolean ready = awaitReady(ProcessInstance.of(training));
                training.destroy();
                if (!training.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                    training.destroyForcibly().waitFor();
                }
                LOG.info("{}'s training start {} and exited with code {}", spec.name(), ready ? "was ready" : "never got ready",
                        training.exitValue());
            } catch (InterruptedException e) {
                training.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }

        /**
         * Starts the jar with the topology's flags and {@code extra} ones; a JVM that crashes writes its report to
         * the logs, never into the checkout.
         */
        private Process launch(List<String> extra) throws IOException {
            List<String> command = new ArrayList<>();
            command.add(ProcessHandle.current().info().command().orElse(System.getProperty("java.home") + "/bin/java"));
            command.addAll(spec.jvmOptions());
            command.add("-XX:ErrorFile=" + paths.logs().resolve(spec.name() + "-hs_err-%p.log"));
            command.addAll(extra);
            command.add("-jar");
            command.add(jar().toString());
            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(paths.home().toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log()))
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            builder.environment().putAll(spec.env());
            return builder.start();
        }

        private Path jar() {
            return paths.home().resolve(spec.jar());
        }

        /** Polls readiness until ready (true) or the process exits or stays unready too long (false). */
        private boolean awaitReady(ProcessInstance starting) {
            long started = System.nanoTime();
            while (!stopping && starting.isAlive() && System.nanoTime() - started < START_TIMEOUT.toNanos()) {
                if (Readiness.isReady(spec.adminPort())) {
                    return true;
                }
                if (!sleep(Duration.ofMillis(50))) {
                    return false;
                }
            }
            return false;
        }

        /** Waits for the process to be ready, and says so in the state file. */
        private boolean awaitReady() {
            if (!awaitReady(process)) {
                return false;
            }
            readyMillis = System.currentTimeMillis() - startedAt;
            state = SandboxState.Process.State.READY;
            LOG.info("{} ready in {} ms", spec.name(), readyMillis);
            publish();
            return true;
        }

        private int waitForExit() {
            while (true) {
                try {
                    return process.waitFor();
                } catch (InterruptedException e) {
                    if (stopping) {
                        return -1;
                    }
                }
            }
        }

        void terminate() {
            ProcessInstance current = process;
            if (current != null && current.isAlive()) {
                current.terminate();
            }
        }

        void awaitExit(long nanos) {
            ProcessInstance current = process;
            if (current == null) {
                return;
            }
            try {
                if (!current.waitFor(nanos, TimeUnit.NANOSECONDS)) {
                    LOG.warn("{} did not stop within {} s; killing it", spec.name(), STOP_GRACE.toSeconds());
                    current.kill();
                    current.waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            state = SandboxState.Process.State.STOPPED;
        }

        SandboxState.Process snapshot() {
            ProcessInstance current = process;
            return new SandboxState.Process(spec.name(), spec.port(), spec.adminPort(),
                    current == null ? 0 : current.pid(), state, readyMillis, restarts, startedAt);
        }

        private int exitCode() {
            try {
                return process.waitFor(1, TimeUnit.SECONDS) ? process.exitValue() : -1;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return -1;
            }
        }

        /** Where its output goes: its own file, or the supervisor's when it runs in the supervisor's JVM. */
        private File log() {
            return paths.logs().resolve((hosting == Hosting.ONE_JVM ? "supervisor" : spec.name()) + ".log").toFile();
        }

        private boolean sleep(Duration duration) {
            try {
                Thread.sleep(duration);
                return !stopping;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
    }
}
