package dev.faultline.cli.commands;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.faultline.chaos.runner.control.AdminClient;
import dev.faultline.chaos.runner.control.ControlException;
import dev.faultline.chaos.runner.control.ProcessEndpoint;
import dev.faultline.chaos.runner.control.SandboxEndpoints;
import dev.faultline.cli.launcher.Topology;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code faultline keys [rotate signing [--lead 30s]]}: the issuer's signing keys on its admin socket. Without
 * arguments, which key signs, which are published and the rotation under way; {@code rotate signing} starts a
 * rotation the right way (the new key published first, signing after the issuer's lead) unless {@code --lead} says
 * otherwise.
 */
@Command(name = "keys", mixinStandardHelpOptions = true,
        description = {"The token issuer's signing keys: which signs, which are published, the rotation under way.",
                "keys rotate signing: publish a new key now; it signs after the issuer's lead (default 5 min, as long "
                        + "as the gateway caches keys), and the old key stays published until its last token expires. "
                        + "--lead 0s signs at once: the wrong way, which a gateway that caches keys by time refuses."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:Done.", "1:The issuer cannot be reached or refused (a rotation is under way).",
                "2:Usage error."})
final class KeysCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Mixin
    private Output output;

    @Mixin
    private SandboxOptions options;

    @Parameters(arity = "0..2", paramLabel = "rotate signing", description = "Rotate the signing key.")
    private List<String> words = new ArrayList<>();

    @Option(names = "--lead", converter = DurationConverter.class,
            description = "How long the new key is published before it signs (default: the issuer's auth.keys.publish-lead).")
    private Duration lead;

    @Override
    public Integer call() {
        if (!words.isEmpty() && !words.equals(List.of("rotate", "signing"))) {
            output.err().println("Expected 'keys' or 'keys rotate signing', not 'keys " + String.join(" ", words) + "'.");
            return 2;
        }
        if (lead != null && words.isEmpty()) {
            output.err().println("--lead goes with 'keys rotate signing'.");
            return 2;
        }
        if (lead != null && (lead.isNegative() || lead.toNanos() % 1_000_000_000L != 0)) {
            output.err().println("--lead must be whole seconds, zero or more (e.g. 30s, 5m).");
            return 2;
        }
        SandboxEndpoints endpoints = options.endpoints();
        ProcessEndpoint auth = endpoints.require(Topology.AUTH).getFirst();
        AdminClient admin = new AdminClient(endpoints.adminToken());
        try {
            if (words.isEmpty()) {
                printState(admin.keys(auth));
            } else {
                printRotation(admin.rotateSigningKey(auth, Optional.ofNullable(lead)));
            }
        } catch (ControlException e) {
            output.err().println(e.getMessage());
            return 1;
        }
        return 0;
    }

    private void printState(JsonNode state) {
        output.out().println("Signing:   " + state.path("signing").asText());
        output.out().println("Published: " + String.join(", ", JSON.convertValue(state.path("published"), String[].class)));
        JsonNode rotation = state.path("rotation");
        if (rotation.isObject()) {
            output.out().println("Rotation:  " + rotation.path("kid").asText() + " signs from " + rotation.path("signsFrom").asText()
                    + "; " + rotation.path("previousKid").asText() + " retires at " + rotation.path("previousRetires").asText());
        } else {
            output.out().println("Rotation:  none under way (a new key is published " + state.path("publishLeadSeconds").asLong()
                    + " s before it signs; an old one is kept " + state.path("keepAfterSeconds").asLong() + " s after)");
        }
    }

    private void printRotation(JsonNode rotation) {
        output.out().println("Published " + rotation.path("kid").asText() + " at " + rotation.path("published").asText()
                + "; it signs from " + rotation.path("signsFrom").asText() + ".");
        output.out().println(rotation.path("previousKid").asText() + " signs until then and stays published until "
                + rotation.path("previousRetires").asText() + ".");
        output.out().println(rotation.path("advice").asText());
    }
}
