package dev.faultline.cli.launcher;

/** Where the sandbox's processes run. */
public enum Hosting {

    /**
     * Each in a JVM of its own, as in production: a crash, {@code kill -9}, a CPU or memory fault acts on that process
     * alone. The default.
     */
    JVM_PER_PROCESS,

    /**
     * All in the supervisor's JVM ({@code up --one-jvm}), each with its own context, ports, data, telemetry and chaos
     * engine: under a third of the memory and about half the start-up CPU (bench/one-jvm.sh), for a small laptop or
     * many sandboxes on one machine. A process cannot be killed from outside, and faults that act on a whole JVM
     * (cpu, memory) act on all.
     */
    ONE_JVM
}
