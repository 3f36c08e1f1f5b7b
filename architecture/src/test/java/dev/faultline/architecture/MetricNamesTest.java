package dev.faultline.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * Metric names live in one class (observability's TelemetryNames), which dashboards, rules and tests share: no
 * meter is built from a name written where it is built. Read from the sources, since a compiled constant leaves no
 * trace of where it came from.
 */
class MetricNamesTest {

    private static final Path HOME = Path.of("").toAbsolutePath().getParent();
    private static final Pattern METER_FROM_LITERAL = Pattern.compile(
            "\\b(Counter|Gauge|Timer|DistributionSummary|LongTaskTimer|FunctionCounter|FunctionTimer)\\.builder\\(\\s*\"");

    @Test
    void everyMeterIsNamedByTelemetryNames() throws IOException {
        List<String> offenders = new ArrayList<>();
        List<Path> sources;
        try (Stream<Path> files = Files.walk(HOME)) {
            sources = files.filter(file -> file.toString().endsWith(".java"))
                    .filter(file -> file.toString().contains("/src/main/java/"))
                    .filter(file -> !file.toString().contains("/target/")).toList();
        }
        for (Path source : sources) {
            List<String> lines = Files.readAllLines(source);
            for (int i = 0; i < lines.size(); i++) {
                Matcher matcher = METER_FROM_LITERAL.matcher(lines.get(i));
                if (matcher.find()) {
                    offenders.add(HOME.relativize(source) + ":" + (i + 1) + ": " + lines.get(i).strip());
                }
            }
        }
        assertThat(sources).as("the sources were found").hasSizeGreaterThan(100);
        assertThat(offenders).as("meters named by a literal instead of a TelemetryNames constant").isEmpty();
    }
}
