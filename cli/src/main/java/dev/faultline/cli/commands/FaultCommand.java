package dev.faultline.cli.commands;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.JsonNode;
import dev.faultline.chaos.runner.control.AdminClient;
import dev.faultline.chaos.runner.control.ControlException;
import dev.faultline.chaos.model.FaultDurations;
import dev.faultline.chaos.model.FaultSpec;
import dev.faultline.chaos.runner.control.ProcessEndpoint;
import dev.faultline.chaos.runner.control.SandboxEndpoints;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code faultline fault add|list|clear}: the chaos admin API of every process, without curl and the token. */
@Command(name = "fault", mixinStandardHelpOptions = true,
        description = "Inject, list and clear faults on the sandbox's processes (the admin token is read from "
                + ".faultline/admin-token or FAULTLINE_ADMIN_TOKEN).",
        subcommands = {FaultCommand.AddFault.class, FaultCommand.ListFaults.class, FaultCommand.ClearFaults.class,
                CommandLine.HelpCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:Done.", "1:A process refused or did not answer.", "2:Usage error."})
final class FaultCommand implements Runnable {

    @Mixin
    private Output output;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(output.out());
    }

    @Command(name = "add", mixinStandardHelpOptions = true,
            description = {"Apply a fault on every instance of a service (or one instance). Every fault is a lease "
                    + "and ends by itself."},
            exitCodeListHeading = "%nExit codes:%n",
            exitCodeList = {"0:Applied everywhere.", "1:A process refused (nothing applied there) or did not answer.",
                    "2:Usage error."})
    static final class AddFault implements Callable<Integer> {

        @Mixin
        private Output output;

        @Mixin
        private SandboxOptions options;

        @Parameters(paramLabel = "KIND", completionCandidates = FaultKindCandidates.class,
                description = "The fault kind: ${COMPLETION-CANDIDATES} (parameters per kind: README, 'Chaos').")
        private String kind;

        @Option(names = "--service", required = true, description = "The service whose processes get the fault.")
        private String service;

        @Option(names = "--instance", description = "Only this process of the service, e.g. payments-2.")
        private String instance;

        @Option(names = {"-p", "--param"}, paramLabel = "KEY=VALUE", description = "A parameter, e.g. -p ms=300 -p jitter=50.")
        private Map<String, String> parameters = Map.of();

        @Option(names = "--duration", description = "The lease (default: ${DEFAULT-VALUE}).", defaultValue = "60s",
                converter = DurationConverter.class)
        private Duration duration;

        @Option(names = "--probability", description = "Share of requests hit, 0 to 1 (default: 1).")
        private Double probability;

        @Option(names = "--seed", description = "Seed for repeatable probability rolls.")
        private Long seed;

        @Option(names = "--route", description = "Only requests whose route starts with this.")
        private String route;

        @Option(names = "--method", description = "Only requests with this HTTP method.")
        private String method;

        @Override
        public Integer call() {
            SandboxEndpoints endpoints = options.endpoints();
            List<ProcessEndpoint> targets = endpoints.select(instance != null ? instance : service).stream()
                    .filter(p -> p.service().equals(service)).toList();
            if (targets.isEmpty()) {
                output.err().println("No process of service '" + service + "'" + (instance == null ? "" : " named '"
                        + instance + "'") + "; known: " + endpoints.names());
                return 2;
            }
            FaultSpec fault = fault();
            AdminClient admin = new AdminClient(endpoints.adminToken());
            int failed = 0;
            for (ProcessEndpoint target : targets) {
                try {
                    JsonNode applied = admin.inject(target, fault);
                    output.out().printf("%-11s %s  %s for %s%n", target.name(), applied.path("id").asText(), kind,
                            FaultDurations.format(duration));
                } catch (ControlException e) {
                    output.err().println(e.getMessage());
                    failed++;
                }
            }
            return failed == 0 ? 0 : 1;
        }

        private FaultSpec fault() {
            Map<String, Object> typed = new LinkedHashMap<>();
            parameters.forEach((key, value) -> typed.put(key, typed(value)));
            return new FaultSpec(kind, new FaultSpec.Target(service, null, route, method, null, null), probability, seed,
                    typed, duration);
        }

        /** {@code 503} is a number, {@code true} a boolean, anything else text: as the JSON API expects. */
        private static Object typed(String value) {
            if (value.matches("-?\\d+")) {
                return Long.parseLong(value);
            }
            if (value.matches("-?\\d+\\.\\d+")) {
                return Double.parseDouble(value);
            }
            return value.equals("true") || value.equals("false") ? Boolean.parseBoolean(value) : value;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Show the active faults of every process, with time left.")
    static final class ListFaults implements Callable<Integer> {

        @Mixin
        private Output output;

        @Mixin
        private SandboxOptions options;

        @Override
        public Integer call() {
            SandboxEndpoints endpoints = options.endpoints();
            AdminClient admin = new AdminClient(endpoints.adminToken());
            List<String> rows = new ArrayList<>();
            int unreachable = 0;
            for (ProcessEndpoint process : endpoints.processes()) {
                try {
                    for (JsonNode fault : admin.faults(process)) {
                        rows.add(String.format("%-11s %-36s %-10s %-28s %6.1fs", process.name(), fault.path("id").asText(),
                                fault.path("kind").asText(), fault.path("parameters").toString(),
                                fault.path("remainingMs").asLong() / 1000.0));
                    }
                } catch (ControlException e) {
                    output.err().println(e.getMessage());
                    unreachable++;
                }
            }
            if (rows.isEmpty()) {
                output.out().println("No active faults.");
            } else {
                output.out().printf("%-11s %-36s %-10s %-28s %7s%n", "PROCESS", "ID", "KIND", "PARAMETERS", "LEFT");
                rows.forEach(output.out()::println);
            }
            return unreachable == 0 ? 0 : 1;
        }
    }

    @Command(name = "clear", mixinStandardHelpOptions = true,
            description = "End one fault (by id, wherever it is) or, with no id, every fault on every process.")
    static final class ClearFaults implements Callable<Integer> {

        @Mixin
        private Output output;

        @Mixin
        private SandboxOptions options;

        @Parameters(arity = "0..1", paramLabel = "ID", description = "The fault's id (from fault list).")
        private String id;

        @Override
        public Integer call() {
            SandboxEndpoints endpoints = options.endpoints();
            AdminClient admin = new AdminClient(endpoints.adminToken());
            int cleared = 0;
            int unreachable = 0;
            for (ProcessEndpoint process : endpoints.processes()) {
                try {
                    cleared += id == null ? admin.reset(process) : admin.clear(process, id) ? 1 : 0;
                } catch (ControlException e) {
                    output.err().println(e.getMessage());
                    unreachable++;
                }
            }
            if (id != null && cleared == 0 && unreachable == 0) {
                output.err().println("No process holds a fault with id " + id + " (it may have ended).");
                return 1;
            }
            output.out().println("Cleared " + cleared + (cleared == 1 ? " fault." : " faults."));
            return unreachable == 0 ? 0 : 1;
        }
    }
}
