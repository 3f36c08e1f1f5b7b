package dev.faultline.cli.launcher.hosted;

import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

import dev.faultline.cli.launcher.ProcessInstance;
import dev.faultline.platform.ProcessContext;
import dev.faultline.platform.RunningProcess;
import dev.faultline.platform.ServiceServer;
import dev.faultline.platform.spi.ProcessDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A sandbox process run inside the supervisor's JVM ({@code ./faultline up --one-jvm}): built from its
 * {@link ProcessDefinition} with a context of its own (its environment as configuration, its own telemetry, meters and
 * chaos engine) on a thread of its own, whose threads log as the process. A crash fault stops it at once and it
 * exits with the fault's code; a graceful stop closes it as SIGTERM closes a process of its own. Nothing of it runs
 * after it ended, so the supervisor can start it again.
 */
public final class HostedProcess implements ProcessInstance {

    private static final Logger LOG = LoggerFactory.getLogger(HostedProcess.class);
    /** Every definition on the supervisor's class path (the topology's jars), by service name. */
    private static final Map<String, ProcessDefinition> DEFINITIONS = ServiceLoader.load(ProcessDefinition.class).stream()
            .map(ServiceLoader.Provider::get).collect(Collectors.toUnmodifiableMap(ProcessDefinition::name, d -> d));

    private final String name;
    private final CompletableFuture<Integer> exit = new CompletableFuture<>();
    private final CompletableFuture<RunningProcess> running = new CompletableFuture<>();

    private HostedProcess(String name) {
        this.name = name;
    }

    /**
     * Starts a process of {@code service} named {@code name}, configured by {@code environment} as its own JVM would
     * be; it is ready when its admin socket says so, like any process.
     */
    public static HostedProcess start(String name, String service, Map<String, String> environment) {
        ProcessDefinition definition = DEFINITIONS.get(service);
        if (definition == null) {
            throw new IllegalArgumentException("No process definition for " + service + " on the class path: "
                    + DEFINITIONS.keySet());
        }
        HostedProcess process = new HostedProcess(name);
        // a thread of its own: the threads the process starts inherit whose log lines they write
        Thread.ofPlatform().name(name + "-start").start(() -> process.build(definition, environment));
        return process;
    }

    private void build(ProcessDefinition definition, Map<String, String> environment) {
        try {
            ProcessContext context = ProcessContext.hosted(definition, environment, this::crash);
            RunningProcess started = ServiceServer.run(context, definition.parts(context));
            running.complete(started);
            if (exit.isDone()) {
                started.close();
            }
        } catch (Exception | Error e) {
            LOG.error("{} failed to start", name, e);
            running.completeExceptionally(e);
            exit.complete(1);
        }
    }

    /**
     * What a crash fault calls: the process stops on a thread of its own (the caller may be one of the threads the
     * stop waits for) and ends with {@code code}; the caller does not go on, as a halted JVM's threads do not.
     */
    private void crash(int code) {
        Thread.ofPlatform().name(name + "-crash").start(() -> stop(code));
        throw new ProcessCrashed(name, code);
    }

    private void stop(int code) {
        running.thenAccept(RunningProcess::close).whenComplete((done, failure) -> exit.complete(code));
    }

    @Override
    public long pid() {
        return ProcessHandle.current().pid();
    }

    @Override
    public boolean isAlive() {
        return !exit.isDone();
    }

    @Override
    public int waitFor() throws InterruptedException {
        try {
            return exit.get();
        } catch (ExecutionException e) {
            return 1;
        }
    }

    @Override
    public boolean waitFor(long timeout, TimeUnit unit) throws InterruptedException {
        try {
            exit.get(timeout, unit);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            return true;
        }
    }

    @Override
    public int exitValue() {
        return exit.getNow(-1);
    }

    /** A graceful stop ends with 143, as SIGTERM ends a JVM of its own. */
    @Override
    public void terminate() {
        if (!exit.isDone()) {
            Thread.ofPlatform().name(name + "-stop").start(() -> stop(143));
        }
    }

    /** Nothing can be killed inside a JVM: the process is reported gone while its stop goes on (137, as SIGKILL). */
    @Override
    public void kill() {
        exit.complete(137);
    }

    /** Thrown on the thread that crashed its process, so it stops where a halted JVM would. */
    static final class ProcessCrashed extends Error {
        ProcessCrashed(String name, int code) {
            super(name + " crashed with exit code " + code, null, false, false);
        }
    }
}
