package dev.faultline.cli.workshop;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import dev.faultline.chaos.runner.scenario.ExpectationResult;
import dev.faultline.chaos.runner.scenario.Reading;

/** The checks and measurements a run's journal file holds, to grade predictions against a run after the fact. */
public final class JournalResults {

    private JournalResults() {
    }

    public static List<ExpectationResult> read(Path journal) {
        JsonNode document;
        try {
            document = Progress.JSON.readTree(journal.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the journal " + journal, e);
        }
        List<ExpectationResult> results = new ArrayList<>();
        for (JsonNode check : document.path("checks")) {
            JsonNode reading = check.path("reading");
            JsonNode value = reading.path("value");
            results.add(new ExpectationResult(check.path("name").asText(), check.path("kind").asText(),
                    check.path("held").asBoolean(), new Reading(reading.path("holds").asBoolean(),
                    value.isNumber() ? value.asDouble() : Double.NaN, reading.path("detail").asText()),
                    check.path("after").asDouble(), check.path("rule").asText()));
        }
        return results;
    }
}
