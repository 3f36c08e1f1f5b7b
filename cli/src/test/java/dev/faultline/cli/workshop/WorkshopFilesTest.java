package dev.faultline.cli.workshop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import dev.faultline.chaos.runner.scenario.ScenarioException;
import dev.faultline.cli.launcher.ServiceSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The workshop's files: all valid, enough of them, and each exercise's page exactly what its file makes. */
class WorkshopFilesTest {

    private static final Path HOME = Path.of("").toAbsolutePath().getParent();
    private static final List<String> CONSOLE_PAGES = List.of("/", "/charts", "/faults", "/scenarios", "/traces", "/logs");
    private final Workshop workshop = new Workshop(HOME);

    @Test
    void atLeastTwelveExercisesInLevelsAndEightMysteries() {
        assertThat(workshop.exercises()).hasSizeGreaterThanOrEqualTo(12)
                .extracting(Exercise::level).contains(1, 2, 3, 4, 5, 6);
        assertThat(workshop.mysteries()).hasSizeGreaterThanOrEqualTo(8)
                .extracting(m -> m.answer().kind()).doesNotHaveDuplicates().hasSizeGreaterThanOrEqualTo(8);
    }

    @Test
    void theWorkshopsTableListsEveryExerciseAtItsLevel() throws Exception {
        String readme = Files.readString(HOME.resolve("docs/workshop/README.md"));
        for (Exercise exercise : workshop.exercises()) {
            assertThat(readme).as("docs/workshop/README.md's table").contains("| " + exercise.level() + " | ["
                    + exercise.id() + "](exercises/" + exercise.id() + ".md) |");
        }
    }

    @Test
    void everyGeneratedPageMatchesItsFile() throws Exception {
        Dashboards dashboards = new Dashboards(HOME);
        for (Exercise exercise : workshop.exercises()) {
            Path page = workshop.page(exercise);
            assertThat(page).as("run ./faultline workshop pages").exists();
            assertThat(Files.readString(page)).as(page + " differs from its YAML: run ./faultline workshop pages")
                    .isEqualTo(ExercisePage.render(exercise, dashboards));
        }
    }

    @Test
    void everyPlaceToLookExists() {
        Dashboards dashboards = new Dashboards(HOME);
        for (Exercise exercise : workshop.exercises()) {
            assertThat(exercise.look()).as(exercise.id()).extracting(Look::tool).contains("grafana");
            assertThat(exercise.look()).as(exercise.id()).anySatisfy(l -> assertThat(l.tool()).isIn("console", "top"));
            for (Look look : exercise.look()) {
                if (look.tool().equals("grafana")) {
                    assertThat(dashboards.link(look.where())).as(exercise.id() + ": " + look.where()).isPresent();
                }
                if (look.tool().equals("console")) {
                    assertThat(look.where().replaceFirst("\\?.*", "")).as(exercise.id()).isIn(CONSOLE_PAGES);
                }
            }
        }
    }

    @Test
    void everyFixStepChangesASettingTheServiceHas() throws Exception {
        List<Exercise> withFix = workshop.exercises().stream().filter(e -> e.fix().isPresent()).toList();
        assertThat(withFix).isNotEmpty();
        for (Exercise exercise : withFix) {
            Fix fix = exercise.fix().orElseThrow();
            Path defaults = HOME.resolve(fix.service().equals("gateway") ? "gateway"
                    : "services/" + fix.service()).resolve("src/main/resources/application.yaml");
            try (var in = Files.newInputStream(defaults)) {
                assertThat(ServiceSettings.keys(in)).as(exercise.id()).containsKey(fix.key());
            }
        }
    }

    @Test
    void everySettingAnExerciseRunsWithIsOneItsServiceHas() throws Exception {
        List<Exercise> withSettings = workshop.exercises().stream().filter(e -> !e.settings().isEmpty()).toList();
        assertThat(withSettings).isNotEmpty();
        for (Exercise exercise : withSettings) {
            for (var service : exercise.settings().entrySet()) {
                Path defaults = HOME.resolve(switch (service.getKey()) {
                    case "gateway", "auth", "broker", "console" -> service.getKey();
                    default -> "services/" + service.getKey();
                }).resolve("src/main/resources/application.yaml");
                try (var in = Files.newInputStream(defaults)) {
                    assertThat(ServiceSettings.keys(in)).as(exercise.id()).containsKeys(
                            service.getValue().keySet().toArray(String[]::new));
                }
            }
        }
    }

    @Test
    void aBadExerciseNamesFileLineAndColumnOfEachError(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("bad.yaml");
        Files.writeString(file, """
                id: bad
                level: 9
                title: Bad
                goal: g
                briefing: b
                scenario:
                  title: inline
                  method:
                    - wait: 1s
                  expectations:
                    - name: held
                      metric: {process: orders, series: 'x', expect: "> 0"}
                predictions:
                  - id: p
                    ask: q
                    choice:
                      - {answer: "yes", when: no such check}
                      - {answer: "no", unless: held}
                explanation: e
                """);
        assertThatThrownBy(() -> ExerciseParser.parse(HOME, file)).isInstanceOf(ScenarioException.class)
                .hasMessageContaining(file + ":2:8: level must be a whole number from 1 to 6")
                .hasMessageContaining(file + ":17:31: the scenario has no expectation or measurement named 'no such check'")
                .hasMessageNotContaining("at least two answers");
    }
}
