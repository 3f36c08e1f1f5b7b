package dev.faultline.cli.workshop;

import java.util.Optional;

import dev.faultline.chaos.runner.scenario.YamlTree;
import dev.faultline.pki.TlsMode;

/**
 * The TLS an exercise or a mystery needs the sandbox to run with ({@code tls:} in its file; off, the default, means
 * any sandbox): a certificate fault shows only where certificates are checked.
 */
public final class TlsRequirement {

    private TlsRequirement() {
    }

    /** The {@code tls} entry of a workshop file, an error at its line and column when it is not a mode. */
    static TlsMode read(YamlTree yaml, YamlTree.Entries entries) {
        return entries.get("tls").flatMap(node -> yaml.scalar(node, "tls").flatMap(text -> {
            try {
                return Optional.of(TlsMode.parse(text));
            } catch (IllegalArgumentException e) {
                yaml.error(node, e.getMessage());
                return Optional.empty();
            }
        })).orElse(TlsMode.OFF);
    }

    /** Whether a sandbox running with {@code running} shows what needs {@code needed} (mtls covers edge, edge off). */
    public static boolean met(TlsMode needed, TlsMode running) {
        return running.ordinal() >= needed.ordinal();
    }

    /** What to tell a learner whose sandbox does not meet it. */
    public static String refusal(String what, TlsMode needed, TlsMode running) {
        return what + " needs a sandbox started with --tls " + needed + " (this one runs with TLS " + running
                + "): ./faultline down, then ./faultline up --tls " + needed;
    }
}
