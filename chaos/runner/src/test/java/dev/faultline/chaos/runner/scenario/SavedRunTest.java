package dev.faultline.chaos.runner.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A run's journal, wherever it was started: named by its scenario and start, its verdict above its entries. */
class SavedRunTest {

    private static final Scenario SCENARIO = ScenarioParser.parse("quiet.yaml", "quiet", """
            title: Quiet
            description: Nothing happens.
            method:
              - wait: 1s
            """);

    @TempDir
    Path state;

    @Test
    void theJournalGoesToTheRunsFolderUnderItsScenarioAndStartWithTheVerdictAboveItsEntries() throws Exception {
        Journal journal = new Journal(Clock.fixed(Instant.parse("2026-12-07T18:11:58Z"), ZoneOffset.UTC), entry -> { });
        journal.record("run", "quiet", "started", Map.of());
        RunResult result = new RunResult(SCENARIO, Verdict.PASSED, "every expectation held", List.of(), Optional.empty(), 1.0);

        Path file = SavedRun.file(state, SCENARIO, journal);
        SavedRun.write(file, SCENARIO, result, journal, Map.of("startedFrom", "console"));

        assertThat(file).isEqualTo(state.resolve("runs").resolve("quiet-20261207T181158Z.json"));
        JsonNode saved = new ObjectMapper().readTree(Files.readString(file));
        assertThat(saved.path("scenario").asText()).isEqualTo("quiet");
        assertThat(saved.path("verdict").asText()).isEqualTo("PASSED");
        assertThat(saved.path("startedFrom").asText()).isEqualTo("console");
        assertThat(saved.path("entries")).hasSize(1);
    }
}
