package dev.faultline.cli.launcher;

import java.util.List;

/**
 * What the supervisor reports about the sandbox, written to {@code .faultline/sandbox.json} on every change.
 *
 * @param supervisorPid the supervisor's process id
 * @param phase         where the sandbox as a whole is
 * @param message       why it failed (absent otherwise)
 * @param processes     one entry per process, in start order
 * @param hosting       where the processes run (absent in a state written before there was a choice: their own JVMs)
 */
public record SandboxState(long supervisorPid, Phase phase, String message, List<Process> processes, Hosting hosting) {

    /** Where the sandbox as a whole is. */
    public enum Phase { STARTING, READY, FAILED, STOPPING }

    public SandboxState {
        processes = List.copyOf(processes);
        hosting = hosting == null ? Hosting.JVM_PER_PROCESS : hosting;
    }

    /**
     * One supervised process.
     *
     * @param name        process name
     * @param port        API port
     * @param adminPort   admin port
     * @param pid         current process id (0 before the first start)
     * @param state       where the process is
     * @param readyMillis milliseconds from its latest start until it answered ready
     * @param restarts    restarts after unexpected exits
     * @param startedAt   when it was started last (epoch milliseconds)
     */
    public record Process(String name, int port, int adminPort, long pid, State state, long readyMillis, int restarts,
                          long startedAt) {

        /** Where one process is. */
        public enum State { STARTING, READY, RESTARTING, STOPPED }
    }
}
