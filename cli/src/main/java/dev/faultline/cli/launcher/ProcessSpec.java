package dev.faultline.cli.launcher;

import java.util.List;
import java.util.Map;

/**
 * One process of the sandbox.
 *
 * @param name       unique name, also its log file ({@code payments-2})
 * @param service    the service it is an instance of ({@code payments})
 * @param port       API port
 * @param adminPort  admin port (health)
 * @param jar        runnable jar, relative to the checkout
 * @param env        environment of the process (its configuration)
 * @param jvmOptions JVM flags placed before {@code -jar}
 */
public record ProcessSpec(String name, String service, int port, int adminPort, String jar, Map<String, String> env,
                          List<String> jvmOptions) {

    public ProcessSpec {
        env = Map.copyOf(env);
        jvmOptions = List.copyOf(jvmOptions);
    }

    /** The same process with other JVM flags. */
    public ProcessSpec withJvmOptions(List<String> options) {
        return new ProcessSpec(name, service, port, adminPort, jar, env, options);
    }
}
