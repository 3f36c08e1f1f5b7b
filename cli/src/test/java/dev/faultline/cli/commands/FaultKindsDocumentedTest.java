package dev.faultline.cli.commands;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.faultline.chaos.model.FaultKindNames;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Every fault kind the engine knows is offered by the CLI's help and has a row in the README's fault table. */
class FaultKindsDocumentedTest {

    private static final Path README = Path.of("").toAbsolutePath().getParent().resolve("README.md");
    private static final Pattern ROW = Pattern.compile("^\\| `([a-z-]+)` \\|", Pattern.MULTILINE);

    @Test
    void theHelpOfFaultAddAndMysterySolveListsEveryKind() {
        CommandLine faultline = new CommandLine(Faultline.class);
        String add = faultline.getSubcommands().get("fault").getSubcommands().get("add").getUsageMessage();
        String solve = faultline.getSubcommands().get("mystery").getSubcommands().get("solve").getUsageMessage();
        String kinds = String.join(", ", FaultKindNames.ALL);

        assertThat(add.replaceAll("\\s+", " ")).contains(kinds);
        assertThat(solve.replaceAll("\\s+", " ")).contains(kinds);
    }

    @Test
    void theReadmeFaultTableHasARowForEveryKindAndNoOther() throws IOException {
        String readme = Files.readString(README);
        int header = readme.indexOf("| kind | acts on | parameters (units) |");
        assertThat(header).as("the README's fault table").isPositive();
        String table = readme.substring(header, readme.indexOf("\n\n", header));
        Matcher rows = ROW.matcher(table);
        List<String> documented = rows.results().map(row -> row.group(1)).toList();

        assertThat(documented).containsExactlyInAnyOrderElementsOf(FaultKindNames.ALL);
    }
}
