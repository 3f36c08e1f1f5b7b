package dev.faultline.cli.commands;

import java.time.Duration;
import java.time.Instant;
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
import dev.faultline.cli.launcher.ProcessSpec;
import dev.faultline.cli.launcher.Sandbox;
import dev.faultline.cli.launcher.SandboxPki;
import dev.faultline.cli.launcher.Topology;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code faultline keys [rotate signing [--lead 30s]]}: the issuer's signing keys on its admin socket. Without
 * arguments, which key signs, which are published and the rotation under way; {@code rotate signing} starts a
 * rotation the right way (the new key published first, signing after the issuer's lead) unless {@code --lead} says
 * otherwise. {@code keys pii} and {@code keys rotate pii}: the users service's personal-data keys, and a new one that
 * every row moves to. {@code keys tls} and {@code keys rotate tls}: each process's certificate, and new ones issued
 * now (each process swaps its own in within seconds, without a restart).
 */
@Command(name = "keys", mixinStandardHelpOptions = true,
        description = {"The token issuer's signing keys: which signs, which are published, the rotation under way.",
                "keys rotate signing: publish a new key now; it signs after the issuer's lead (default 5 min, as long "
                        + "as the gateway caches keys), and the old key stays published until its last token expires. "
                        + "--lead 0s signs at once: the wrong way, which a gateway that caches keys by time refuses.",
                "keys pii: the users' personal-data keys and how many rows each seals. keys rotate pii: a new key "
                        + "seals from now on and every row moves to it (old keys stay, so nothing becomes unreadable).",
                "keys tls: each process's certificate (up --tls) and when it expires. keys rotate tls: new "
                        + "certificates now; each process takes its own on within seconds, without a restart."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:Done.", "1:The issuer cannot be reached or refused (a rotation is under way).",
                "2:Usage error."})
final class KeysCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Mixin
    private Output output;

    @Mixin
    private SandboxOptions options;

    @Parameters(arity = "0..2", paramLabel = "rotate signing|pii|tls", description = "Rotate the signing key, the "
            + "personal-data key or the certificates; 'pii' or 'tls' alone shows them.")
    private List<String> words = new ArrayList<>();

    @Option(names = "--lead", converter = DurationConverter.class,
            description = "How long the new key is published before it signs (default: the issuer's auth.keys.publish-lead).")
    private Duration lead;

    @Override
    public Integer call() {
        boolean pii = words.equals(List.of("pii")) || words.equals(List.of("rotate", "pii"));
        boolean tls = words.equals(List.of("tls")) || words.equals(List.of("rotate", "tls"));
        if (!words.isEmpty() && !words.equals(List.of("rotate", "signing")) && !pii && !tls) {
            output.err().println("Expected 'keys', 'keys rotate signing', 'keys pii', 'keys rotate pii', 'keys tls' or "
                    + "'keys rotate tls', not 'keys " + String.join(" ", words) + "'.");
            return 2;
        }
        if (lead != null && !words.equals(List.of("rotate", "signing"))) {
            output.err().println("--lead goes with 'keys rotate signing'.");
            return 2;
        }
        if (lead != null && (lead.isNegative() || lead.toNanos() % 1_000_000_000L != 0)) {
            output.err().println("--lead must be whole seconds, zero or more (e.g. 30s, 5m).");
            return 2;
        }
        if (tls) {
            return certificates(words.size() == 2);
        }
        SandboxEndpoints endpoints = options.endpoints();
        AdminClient admin = new AdminClient(endpoints.adminToken());
        try {
            if (pii) {
                ProcessEndpoint users = endpoints.require(Topology.USERS).getFirst();
                printPersonalData(words.size() == 2 ? admin.rotatePersonalDataKey(users) : admin.personalData(users));
                return 0;
            }
            ProcessEndpoint auth = endpoints.require(Topology.AUTH).getFirst();
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

    /** The certificates of the running sandbox's processes, re-issued first when {@code rotate}. */
    private int certificates(boolean rotate) {
        Sandbox sandbox = options.sandbox();
        Topology topology = sandbox.runningTopology();
        if (sandbox.runningState().isEmpty() || topology.withCertificates().isEmpty()) {
            output.err().println("No sandbox with TLS is running here. Start one with ./faultline up --tls edge|mtls.");
            return 1;
        }
        SandboxPki pki = new SandboxPki(sandbox.paths());
        if (rotate) {
            List<String> issued = pki.reissue(topology.withCertificates(), Instant.now());
            output.out().println("Issued new certificates to " + String.join(", ", issued)
                    + "; each process takes its own on within seconds, without a restart.");
        }
        for (ProcessSpec process : topology.withCertificates()) {
            pki.held(process).ifPresent(leaf -> output.out().printf("%-11s serial %s  valid until %s%n", process.name(),
                    leaf.getSerialNumber().toString(16), leaf.getNotAfter().toInstant()));
        }
        output.out().println("Authority: " + pki.layout().authorityCertificate());
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

    private void printPersonalData(JsonNode state) {
        if (state.has("resealed")) {
            output.out().println("Key " + state.path("primaryKeyId").asText() + " seals from now on; "
                    + state.path("resealed").asInt() + " rows moved to it.");
        }
        for (JsonNode key : state.path("keys")) {
            output.out().println((key.path("primary").asBoolean() ? "* " : "  ") + key.path("id").asText() + "  "
                    + key.path("rows").asInt() + " rows");
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
