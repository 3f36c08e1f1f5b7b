package dev.faultline.cli.launcher;

import java.util.concurrent.TimeUnit;

/**
 * One start of a sandbox process, as the supervisor sees it: in a JVM of its own ({@link #of(Process)}) or in the
 * supervisor's ({@code up --one-jvm}). A crash, a graceful stop and an exit look the same either way.
 */
public interface ProcessInstance {

    /** The id of the operating-system process it runs in. */
    long pid();

    boolean isAlive();

    /** Waits for its end; its exit code. */
    int waitFor() throws InterruptedException;

    /** Waits at most this long; whether it ended. */
    boolean waitFor(long timeout, TimeUnit unit) throws InterruptedException;

    /** Its exit code; only once it ended. */
    int exitValue();

    /** Asks it to stop gracefully (SIGTERM): requests in flight finish. */
    void terminate();

    /** Ends it now (SIGKILL). */
    void kill();

    /** A process in a JVM of its own. */
    static ProcessInstance of(Process process) {
        return new ProcessInstance() {
            @Override
            public long pid() {
                return process.pid();
            }

            @Override
            public boolean isAlive() {
                return process.isAlive();
            }

            @Override
            public int waitFor() throws InterruptedException {
                return process.waitFor();
            }

            @Override
            public boolean waitFor(long timeout, TimeUnit unit) throws InterruptedException {
                return process.waitFor(timeout, unit);
            }

            @Override
            public int exitValue() {
                return process.exitValue();
            }

            @Override
            public void terminate() {
                process.destroy();
            }

            @Override
            public void kill() {
                process.destroyForcibly();
            }
        };
    }
}
