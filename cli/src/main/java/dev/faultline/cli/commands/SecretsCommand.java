package dev.faultline.cli.commands;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import dev.faultline.cli.launcher.SecretFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * {@code faultline secrets init}: the full stack's secrets, made once. Writes {@code .env} beside docker-compose.yml
 * (owner-only) with a new random admin token, which compose reads and gives every process; compose has no default,
 * so a stack never starts with a token anyone could guess. An existing {@code .env} with a token is kept.
 */
@Command(name = "secrets", mixinStandardHelpOptions = true,
        description = {"The full stack's secrets: 'secrets init' writes .env beside docker-compose.yml (mode 600) with a "
                + "new random admin token, which docker compose reads; an existing one is kept."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:Written, or kept.", "2:Usage error."})
final class SecretsCommand implements Callable<Integer> {

    /** The variable compose gives every process as its admin token. */
    static final String ADMIN_TOKEN = "FAULTLINE_ADMIN_TOKEN";
    /** The file compose reads variables from, in the directory of the compose file. */
    static final String ENV_FILE = ".env";

    @Mixin
    private Output output;

    @Mixin
    private SandboxOptions options;

    @Parameters(arity = "1", paramLabel = "init", description = "init: write .env with a new admin token.")
    private String action;

    @Override
    public Integer call() {
        if (!"init".equals(action)) {
            output.err().println("Expected 'secrets init', not 'secrets " + action + "'.");
            return 2;
        }
        Path env = options.paths().home().resolve(ENV_FILE);
        try {
            String before = Files.exists(env) ? Files.readString(env) : "";
            if (before.lines().anyMatch(line -> line.startsWith(ADMIN_TOKEN + "="))) {
                SecretFile.write(env, before);
                output.out().println("Kept " + env + ": it has an admin token (now mode 600).");
                return 0;
            }
            SecretFile.write(env, before + (before.isEmpty() || before.endsWith("\n") ? "" : "\n")
                    + "# the admin token every process of the full stack accepts (./faultline secrets init)\n"
                    + ADMIN_TOKEN + "=" + SandboxOptions.newToken() + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        output.out().println("Wrote " + env + " (mode 600) with a new admin token: docker compose reads it. To use it "
                + "from this shell: set -a; . ./" + ENV_FILE + "; set +a");
        return 0;
    }
}
