package dev.faultline.cli.commands;

import java.net.URI;
import java.util.Optional;
import java.util.concurrent.Callable;

import dev.faultline.chaos.runner.load.ClientCredentials;
import dev.faultline.cli.launcher.Topology;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code faultline token}: an access token from the sandbox's issuer (client credentials), printed alone on standard
 * output so that {@code curl -H "Authorization: Bearer $(./faultline token)"} works. The secret comes from
 * {@code FAULTLINE_CLIENT_SECRET} (never a command-line argument, which other users can read in the process list), or
 * is the demo secret of a demo client.
 */
@Command(name = "token", mixinStandardHelpOptions = true,
        description = "Print an access token from the sandbox's issuer (OAuth 2.0 client credentials) for curl and "
                + "scripts. The client's secret is read from FAULTLINE_CLIENT_SECRET; the demo clients need none.")
final class TokenCommand implements Callable<Integer> {

    /** The environment variable with the client's secret. */
    static final String SECRET_VARIABLE = "FAULTLINE_CLIENT_SECRET";

    @Mixin
    private Output output;

    @Mixin
    private SandboxOptions options;

    @Option(names = "--client", defaultValue = ClientCredentials.DEMO_CLIENT,
            description = "The client id (default ${DEFAULT-VALUE}; catalog-reader may only read the catalog).")
    private String client;

    @Option(names = "--scope", description = "The scopes to ask for, space-separated (default: all the client may have).")
    private String scope;

    /** A client's secret: from {@link #SECRET_VARIABLE}, or a demo client's published one. */
    static Optional<String> secret(String client) {
        return Optional.ofNullable(System.getenv(SECRET_VARIABLE)).filter(s -> !s.isBlank())
                .or(() -> Optional.ofNullable(ClientCredentials.DEMO_SECRETS.get(client)));
    }

    @Override
    public Integer call() {
        Optional<String> secret = secret(client);
        if (secret.isEmpty()) {
            output.err().println("Client " + client + " is not a demo client: set " + SECRET_VARIABLE + " to its secret.");
            return 2;
        }
        URI issuer = URI.create("http://127.0.0.1:" + options.port(Topology.AUTH) + "/token");
        ClientCredentials.Token token;
        try {
            token = new ClientCredentials(issuer, client, secret.get(), Optional.ofNullable(scope), Optional.empty()).request();
        } catch (ClientCredentials.TokenRefused e) {
            output.err().println(e.unreachable() ? e.getMessage() + "; is the sandbox up? ./faultline status"
                    : "The issuer refused: " + e.getMessage());
            return 1;
        }
        output.out().println(token.value());
        output.err().println("Scope: " + token.scope() + "; expires in " + token.expiresIn() + " s.");
        return 0;
    }
}
