package dev.faultline.cli.launcher;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Sandbox start-ups take turns across every test JVM on the machine, and a measured run (a scenario, an exercise, a
 * mystery, load) does not begin while one is under way. Failsafe runs several IT classes at once on two cores: a
 * sandbox starting takes both cores for seconds (nine JVMs: some 15 s), and a run measured meanwhile saw ten times its
 * latency (browsing's median 211 ms, checkout's 2.1 s), which says nothing about the lesson. One lock file, held by the JVM starting a sandbox;
 * the operating system lets it go when that JVM dies, so a killed run never blocks the next.
 */
final class StartupGate {

    /** One per user: another user's lock file could not be opened for writing, which locking needs. */
    private static final Path FILE = Path.of(System.getProperty("java.io.tmpdir"),
            "faultline-it-startup-" + System.getProperty("user.name") + ".lock");
    /** Commands that start JVMs: each holds the gate while it runs. */
    private static final List<List<String>> START_UPS = List.of(List.of("up"), List.of("demo"),
            List.of("settings", "set"), List.of("settings", "reset"));
    /** Commands whose results are timings: each waits for a start-up under way to end. */
    private static final List<List<String>> MEASURED = List.of(List.of("scenario", "run"), List.of("workshop", "run"),
            List.of("workshop", "fix"), List.of("mystery", "start"), List.of("load"));
    /** A JVM may hold a file's lock only once: threads of one JVM queue here first. */
    private static final ReentrantLock IN_THIS_JVM = new ReentrantLock();

    private StartupGate() {
    }

    /** Whether the command starts JVMs (up, demo, a change of settings, which restarts a service). */
    static boolean startsProcesses(String... command) {
        return matches(START_UPS, command);
    }

    /**
     * The gate's part in a command: a turn held while it runs, or none (after waiting, for a measured run). One-JVM
     * sandboxes take turns too: four starting at once, with no turns, loaded two cores to 23 and the first exercise
     * starting meanwhile saw checkouts of 3.5 s and most of them time out (a fresh-clone run, 2026-12-07).
     */
    static Turn forCommand(String... command) throws IOException {
        if (matches(START_UPS, command)) {
            return startUp();
        }
        if (matches(MEASURED, command)) {
            startUp().close();
        }
        return Turn.NONE;
    }

    /** Held until closed: no other start-up, and no measured run, begins on this machine until then. */
    static Turn startUp() throws IOException {
        IN_THIS_JVM.lock();
        if (IN_THIS_JVM.getHoldCount() > 1) {
            return IN_THIS_JVM::unlock;
        }
        FileChannel channel = null;
        try {
            channel = FileChannel.open(FILE, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = channel.lock();
            FileChannel held = channel;
            return () -> {
                try {
                    lock.release();
                    held.close();
                } finally {
                    IN_THIS_JVM.unlock();
                }
            };
        } catch (IOException | RuntimeException e) {
            if (channel != null) {
                channel.close();
            }
            IN_THIS_JVM.unlock();
            throw e;
        }
    }

    private static boolean matches(List<List<String>> commands, String... command) {
        List<String> given = List.of(command);
        return commands.stream().anyMatch(c -> given.size() >= c.size() && given.subList(0, c.size()).equals(c));
    }

    /** A turn at the gate; closing it lets the next one through. */
    interface Turn extends AutoCloseable {

        Turn NONE = () -> { };

        @Override
        void close() throws IOException;
    }
}
