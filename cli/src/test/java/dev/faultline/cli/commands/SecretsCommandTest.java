package dev.faultline.cli.commands;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code secrets init}: a new random admin token in an owner-only .env, written once and then kept. */
class SecretsCommandTest {

    @Test
    void initWritesAnOwnerOnlyEnvFileWithANewTokenOnceAndKeepsIt(@TempDir Path home) throws Exception {
        Files.writeString(home.resolve(".env"), "COMPOSE_PROJECT_NAME=faultline");
        assertThat(run(home, "secrets", "init")).isZero();
        Path env = home.resolve(".env");
        String written = Files.readString(env);
        assertThat(written).startsWith("COMPOSE_PROJECT_NAME=faultline\n").containsPattern("(?m)^FAULTLINE_ADMIN_TOKEN=[0-9a-f]{48}$");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(env))).isEqualTo("rw-------");

        assertThat(run(home, "secrets", "init")).isZero();
        assertThat(Files.readString(env)).as("kept, not replaced").isEqualTo(written);

        Path other = Files.createTempDirectory(home, "other");
        assertThat(run(other, "secrets", "init")).isZero();
        assertThat(token(Files.readString(other.resolve(".env")))).as("a new token each time one is made")
                .isNotEqualTo(token(written));
    }

    @Test
    void anythingButInitIsAUsageErrorAndWritesNothing(@TempDir Path home) {
        assertThat(run(home, "secrets", "show")).isEqualTo(2);
        assertThat(home.resolve(".env")).doesNotExist();
    }

    private static String token(String env) {
        return env.lines().filter(line -> line.startsWith("FAULTLINE_ADMIN_TOKEN=")).findFirst().orElseThrow();
    }

    private static int run(Path home, String... command) {
        StringWriter text = new StringWriter();
        PrintWriter output = new PrintWriter(text, true);
        CommandLine cli = Faultline.commandLine().setOut(output).setErr(output);
        String[] line = java.util.stream.Stream.concat(java.util.Arrays.stream(command),
                java.util.stream.Stream.of("--home", home.toString())).toArray(String[]::new);
        return cli.execute(line);
    }
}
