package dev.faultline.cli.commands;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
    /** The demo clients of auth's application.yaml and their published secrets (README, "Try it"). */
    private static final Map<String, String> DEMO_SECRETS = Map.of("faultline-cli", "faultline-demo-secret",
            "catalog-reader", "catalog-reader-secret");

    @Mixin
    private Output output;

    @Mixin
    private SandboxOptions options;

    @Option(names = "--client", defaultValue = "faultline-cli",
            description = "The client id (default ${DEFAULT-VALUE}; catalog-reader may only read the catalog).")
    private String client;

    @Option(names = "--scope", description = "The scopes to ask for, space-separated (default: all the client may have).")
    private String scope;

    @Override
    public Integer call() throws InterruptedException {
        Optional<String> secret = Optional.ofNullable(System.getenv(SECRET_VARIABLE)).filter(s -> !s.isBlank())
                .or(() -> Optional.ofNullable(DEMO_SECRETS.get(client)));
        if (secret.isEmpty()) {
            output.err().println("Client " + client + " is not a demo client: set " + SECRET_VARIABLE + " to its secret.");
            return 2;
        }
        URI issuer = URI.create("http://127.0.0.1:" + options.port(Topology.AUTH) + "/token");
        String form = "grant_type=client_credentials" + (scope == null || scope.isBlank() ? ""
                : "&scope=" + URLEncoder.encode(scope.strip(), StandardCharsets.UTF_8));
        String basic = Base64.getEncoder().encodeToString((URLEncoder.encode(client, StandardCharsets.UTF_8) + ":"
                + URLEncoder.encode(secret.get(), StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> response;
        try {
            response = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build().send(HttpRequest.newBuilder(issuer)
                    .timeout(Duration.ofSeconds(10)).header("Authorization", "Basic " + basic)
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            output.err().println("The issuer at " + issuer + " cannot be reached (" + e.getMessage()
                    + "); is the sandbox up? ./faultline status");
            return 1;
        }
        JsonNode body;
        try {
            body = new ObjectMapper().readTree(response.body());
        } catch (IOException e) {
            output.err().println("The issuer answered " + response.statusCode() + " with no JSON.");
            return 1;
        }
        if (response.statusCode() != 200) {
            output.err().println("The issuer refused: " + body.path("error").asText() + ": "
                    + body.path("error_description").asText());
            return 1;
        }
        output.out().println(body.path("access_token").asText());
        output.err().println("Scope: " + body.path("scope").asText() + "; expires in " + body.path("expires_in").asLong()
                + " s.");
        return 0;
    }
}
