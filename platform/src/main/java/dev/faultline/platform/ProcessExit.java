package dev.faultline.platform;

/**
 * How a process ends itself at once, with an exit code (a crash fault): a process of its own halts its JVM; one that
 * shares its JVM with the rest of the shop stops abruptly and reports the code to its supervisor.
 */
@FunctionalInterface
public interface ProcessExit {

    /** Halts the JVM: no shutdown hook runs, as when a process crashes. */
    ProcessExit JVM = code -> Runtime.getRuntime().halt(code);

    /**
     * Ends the process with {@code code}. It does not return normally: a caller (a message consumer about to
     * acknowledge) must not carry on as if nothing happened.
     */
    void halt(int code);
}
