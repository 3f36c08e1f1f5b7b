package dev.faultline.cli.launcher;

import java.util.List;

/**
 * What the supervisor reports about the sandbox, written to {@code .faultline/sandbox.json} on every change.
 *
 * @param supervisorPid the supervisor's process id
 * @param phase         {@code STARTING}, {@code READY}, {@code FAILED} or {@code STOPPING}
 * @param message       why it failed (absent otherwise)
 * @param processes     one entry per process, in start order
 */
public record SandboxState(long supervisorPid, String phase, String message, List<Process> processes) {

    public static final String STARTING = "STARTING";
    public static final String READY = "READY";
    public static final String FAILED = "FAILED";
    public static final String STOPPING = "STOPPING";

    public SandboxState {
        processes = List.copyOf(processes);
    }

    /**
     * One supervised process.
     *
     * @param name        process name
     * @param port        API port
     * @param adminPort   admin port
     * @param pid         current process id (0 before the first start)
     * @param state       {@code STARTING}, {@code READY}, {@code RESTARTING} or {@code STOPPED}
     * @param readyMillis milliseconds from its latest start until it answered ready
     * @param restarts    restarts after unexpected exits
     * @param startedAt   when it was started last (epoch milliseconds)
     */
    public record Process(String name, int port, int adminPort, long pid, String state, long readyMillis, int restarts,
                          long startedAt) {

        public static final String STARTING = "STARTING";
        public static final String READY = "READY";
        public static final String RESTARTING = "RESTARTING";
        public static final String STOPPED = "STOPPED";
    }
}
