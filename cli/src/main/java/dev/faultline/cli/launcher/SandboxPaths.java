package dev.faultline.cli.launcher;

import java.nio.file.Path;

/**
 * Where a local sandbox keeps its things.
 *
 * @param home  the Faultline checkout: the module jars are under it, and processes run in it
 * @param state {@code <home>/.faultline}: state, logs and data
 */
public record SandboxPaths(Path home, Path state) {

    /** The paths of a checkout. */
    public static SandboxPaths of(Path home) {
        Path absolute = home.toAbsolutePath().normalize();
        return new SandboxPaths(absolute, absolute.resolve(".faultline"));
    }

    /** {@code .faultline/logs}: one file per process, and the supervisor's. */
    public Path logs() {
        return state.resolve("logs");
    }

    /** {@code .faultline/data}: one directory per service. */
    public Path data() {
        return state.resolve("data");
    }

    /** {@code .faultline/secrets}: one owner-only directory per service, apart from its data (a key-encryption key). */
    public Path secrets() {
        return state.resolve("secrets");
    }

    /**
     * {@code <home>/.faultline/cds}: a class-data archive per jar, for a faster start. They belong to the checkout's
     * jars, not to one sandbox's state: every sandbox of the checkout (a test's too) starts on them.
     */
    public Path cds() {
        return home.resolve(".faultline").resolve("cds");
    }

    /** {@code .faultline/settings}: a learner's settings, one {@code .properties} file per service. */
    public Path settings() {
        return state.resolve("settings");
    }

    /** The chaos admin token every process of the sandbox accepts (mode 600). */
    public Path adminToken() {
        return state.resolve("admin-token");
    }

    /** What the supervisor reports: pids, readiness, restarts. */
    public Path stateFile() {
        return state.resolve("sandbox.json");
    }

    /** What the supervisor runs. */
    public Path topologyFile() {
        return state.resolve("topology.json");
    }

    /** The CLI jar, which also runs the supervisor. */
    public Path launcherJar() {
        return home.resolve("cli/target/cli.jar");
    }
}
