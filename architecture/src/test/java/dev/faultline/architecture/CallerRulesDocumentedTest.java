package dev.faultline.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.faultline.platform.tls.CallerRules;
import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import org.junit.jupiter.api.Test;

/**
 * The README's table "Who may call whom" is the services' {@code tls.callers}, read by the code that enforces them:
 * the same rules, in the same order, and no service left out.
 */
class CallerRulesDocumentedTest {

    private static final Path HOME = Path.of("").toAbsolutePath().getParent();
    private static final List<String> SERVICES = List.of("users", "catalog", "payments", "orders", "shipping");
    private static final Pattern ROW = Pattern.compile(
            "^\\| (\\w+) \\| `(/[^`]*)` \\| ([A-Z, ]+|any) \\| ([a-z, ]+) \\|$", Pattern.MULTILINE);

    @Test
    void theReadmeTableIsEveryServicesCallerRules() throws IOException {
        List<String> configured = new ArrayList<>();
        for (String service : SERVICES) {
            Path yaml = HOME.resolve("services").resolve(service).resolve("src/main/resources/application.yaml");
            CallerRules rules = CallerRules.from(Config.just(ConfigSources.file(yaml)).get("tls.callers"));
            assertThat(rules.isEmpty()).as(service + " has caller rules").isFalse();
            rules.rules().forEach(rule -> configured.add(row(service, rule.path(), rule.methods(), rule.allow())));
        }

        String readme = Files.readString(HOME.resolve("README.md"));
        int table = readme.indexOf("| service | path | methods | callers |");
        assertThat(table).as("the README's table of who may call whom").isPositive();
        Matcher rows = ROW.matcher(readme.substring(table, readme.indexOf("\n\n", table)));
        List<String> documented = rows.results().map(row -> row(row.group(1), row.group(2),
                row.group(3).equals("any") ? Set.of() : Set.of(row.group(3).split(", ")),
                Set.of(row.group(4).split(", ")))).toList();

        assertThat(documented).containsExactlyElementsOf(configured);
    }

    private static String row(String service, String path, Set<String> methods, Set<String> callers) {
        return service + " " + path + " " + (methods.isEmpty() ? "any" : new TreeSet<>(methods)) + " "
                + new TreeSet<>(callers);
    }
}
