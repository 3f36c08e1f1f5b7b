package dev.faultline.cli.commands;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import dev.faultline.cli.launcher.Sandbox;
import dev.faultline.cli.launcher.SandboxException;
import dev.faultline.cli.launcher.ServiceSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code faultline settings [set SERVICE KEY=VALUE... | reset [SERVICE]]}. */
@Command(name = "settings", mixinStandardHelpOptions = true,
        description = {"Change a service's settings in the local sandbox (a timeout, the retry budget, a breaker's "
                + "delay: any key of its application.yaml) and restart its processes so they take it.",
                "Without arguments: the settings that differ from the defaults."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:Done.", "1:A process did not come back after the restart.",
                "2:Unknown service or key, or a malformed KEY=VALUE; nothing was changed."})
final class SettingsCommand implements Callable<Integer> {

    @Mixin
    private Output output;

    private static final Duration RESTART_TIMEOUT = Duration.ofSeconds(60);

    @Mixin
    private SandboxOptions options;

    @Parameters(arity = "0..*", paramLabel = "set SERVICE KEY=VALUE... | reset [SERVICE]",
            description = "set: change keys of one service; reset: back to the defaults (one service, or all).")
    private List<String> words = new ArrayList<>();

    @Option(names = "--no-restart", description = "Only write the settings; they apply at the next start.")
    private boolean noRestart;

    @Override
    public Integer call() {
        Sandbox sandbox = options.sandbox();
        ServiceSettings settings = new ServiceSettings(sandbox.paths(), sandbox.topology());
        try {
            if (words.isEmpty()) {
                return list(settings);
            }
            return switch (words.getFirst()) {
                case "set" -> set(sandbox, settings);
                case "reset" -> reset(sandbox, settings);
                default -> throw new IllegalArgumentException("expected set or reset, not '" + words.getFirst() + "'");
            };
        } catch (IllegalArgumentException e) {
            output.err().println(e.getMessage() + "\nNothing was changed.");
            return 2;
        } catch (SandboxException e) {
            output.err().println(e.getMessage());
            return 1;
        }
    }

    private int list(ServiceSettings settings) {
        Map<String, Map<String, String>> all = settings.all();
        if (all.isEmpty()) {
            output.out().println("Every service runs on its defaults.");
        }
        all.forEach((service, keys) -> keys.forEach((key, value) -> output.out().printf("%-10s %s=%s (default %s)%n",
                service, key, value, settings.defaults(service).getOrDefault(key, "?"))));
        return 0;
    }

    private int set(Sandbox sandbox, ServiceSettings settings) {
        if (words.size() < 3) {
            throw new IllegalArgumentException("usage: ./faultline settings set SERVICE KEY=VALUE...");
        }
        String service = words.get(1);
        Map<String, String> values = new LinkedHashMap<>();
        for (String pair : words.subList(2, words.size())) {
            int equals = pair.indexOf('=');
            if (equals < 1) {
                throw new IllegalArgumentException("'" + pair + "' is not KEY=VALUE");
            }
            values.put(pair.substring(0, equals).strip(), pair.substring(equals + 1).strip());
        }
        settings.set(service, values);
        values.forEach((key, value) -> output.out().println(service + ": " + key + "=" + value));
        return apply(sandbox, service);
    }

    private int reset(Sandbox sandbox, ServiceSettings settings) {
        List<String> services = words.size() > 1 ? words.subList(1, words.size())
                : new ArrayList<>(settings.all().keySet());
        for (String service : services) {
            if (settings.reset(service)) {
                output.out().println(service + ": back to its defaults");
                int restarted = apply(sandbox, service);
                if (restarted != 0) {
                    return restarted;
                }
            }
        }
        if (services.isEmpty()) {
            output.out().println("Every service already runs on its defaults.");
        }
        return 0;
    }

    private int apply(Sandbox sandbox, String service) {
        if (noRestart || sandbox.runningState().isEmpty()) {
            output.out().println("It applies when " + service + " next starts (./faultline up).");
            return 0;
        }
        List<String> restarted = sandbox.restart(service, RESTART_TIMEOUT);
        output.out().println("Restarted " + String.join(", ", restarted) + ": ready with the new settings.");
        return 0;
    }
}
