package dev.faultline.cli.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.faultline.chaos.runner.scenario.ExpectationResult;
import dev.faultline.chaos.runner.scenario.Step;
import dev.faultline.cli.workshop.Answer;
import dev.faultline.cli.workshop.Calibration;
import dev.faultline.cli.workshop.Exercise;
import dev.faultline.cli.workshop.Fix;
import dev.faultline.cli.workshop.Grade;
import dev.faultline.cli.workshop.Grader;
import dev.faultline.cli.workshop.JournalResults;
import dev.faultline.cli.workshop.Prediction;
import dev.faultline.cli.workshop.Workshop;
import dev.faultline.pki.TlsMode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestFactory;

/**
 * The workshop's exercises, back to back against one sandbox of the subclass's own, through the real
 * {@code ./faultline workshop run}: its checks hold (the lesson happens), the predictions are locked and graded
 * against what the run measured, a prediction that matches the run is graded right and one that does not is graded
 * wrong; a fix step improves its number. The exercises whose lesson is a process's exit (a crash fault) run on a
 * sandbox whose processes have JVMs of their own ({@link WorkshopOnOwnJvmsIT}); the rest share
 * {@value #ONE_JVM_PARTS} one-JVM sandboxes ({@code up --one-jvm}: one JVM instead of eleven), a part each, balanced
 * by expected time ({@link #oneJvmPart}), so failsafe's forks run them at once. Each run's measured values go to
 * {@code target/workshop-runs/<hosting>/} for comparing the two ways; {@code -Dfaultline.it.own-jvms=true} runs every
 * class on JVMs of their own.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class WorkshopRuns {

    /** How many classes share the exercises that run on one-JVM sandboxes. */
    static final int ONE_JVM_PARTS = 3;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Workshop WORKSHOP = new Workshop(FaultlineScript.HOME);
    private FaultlineScript faultline;

    @BeforeAll
    void up() throws Exception {
        faultline = FaultlineScript.started(hosting(), upOptions());
    }

    /** Options of this class's {@code up} beyond its hosting (TLS). */
    String[] upOptions() {
        return new String[0];
    }

    @AfterAll
    void down() throws Exception {
        if (faultline != null) {
            faultline.close();
        }
    }

    /** Where this class's sandbox runs its processes. */
    abstract Hosting hosting();

    /** The exercises this class takes, of all of them in level order. */
    abstract List<Exercise> exercises(List<Exercise> all);

    /** A name for this class's learner: one learner takes this class's exercises. */
    abstract String learner();

    /** Whether the exercise needs a sandbox with TLS ({@link WorkshopOnTlsIT} takes those). */
    static boolean needsTls(Exercise exercise) {
        return exercise.tls() != TlsMode.OFF;
    }

    /** Whether the exercise's scenario crashes a process: its lesson is a process's exit and its restart. */
    static boolean crashesAProcess(Exercise exercise) {
        return !crashed(exercise).isEmpty();
    }

    /**
     * Part {@code part} of the exercises that run on one-JVM sandboxes, in level order: the longest exercise first goes
     * to the part with the least so far, so the parts end close together (every third exercise in level order gave
     * one part 217 s and the others 140-157 s in a fresh-clone run).
     */
    static List<Exercise> oneJvmPart(List<Exercise> all, int part) {
        List<List<Exercise>> parts = new ArrayList<>();
        double[] seconds = new double[ONE_JVM_PARTS];
        for (int i = 0; i < ONE_JVM_PARTS; i++) {
            parts.add(new ArrayList<>());
        }
        all.stream().filter(e -> !crashesAProcess(e) && !needsTls(e))
                .sorted(java.util.Comparator.comparingDouble(WorkshopRuns::expectedSeconds).reversed()
                        .thenComparing(Exercise::id))
                .forEach(exercise -> {
                    int least = 0;
                    for (int i = 1; i < ONE_JVM_PARTS; i++) {
                        least = seconds[i] < seconds[least] ? i : least;
                    }
                    parts.get(least).add(exercise);
                    seconds[least] += expectedSeconds(exercise);
                });
        return all.stream().filter(parts.get(part)::contains).toList();
    }

    /** About how long a service's restart takes on a one-JVM sandbox beside two others. */
    private static final double RESTART_SECONDS = 3;

    /**
     * How long an exercise keeps its sandbox, roughly: its scenario's waits, some 10 s of start, checks and grading,
     * and the restarts of the services whose settings it runs with; twice when a fix step runs it again (measured in
     * a fresh-clone run: within about 10 s of this).
     */
    static double expectedSeconds(Exercise exercise) {
        double waits = exercise.scenario().method().stream().filter(step -> step instanceof Step.Wait)
                .mapToDouble(step -> ((Step.Wait) step).duration().toMillis() / 1000.0).sum() + 10
                + RESTART_SECONDS * 2 * exercise.settings().size();
        return exercise.fix().isPresent() ? 2 * waits : waits;
    }

    @TestFactory
    Stream<DynamicTest> everyExerciseTeachesItsLessonAndGradesPredictionsAgainstTheRun() {
        List<Exercise> all = WORKSHOP.exercises();
        assertThat(all).hasSizeGreaterThanOrEqualTo(12);
        List<Exercise> exercises = exercises(all);
        // answered at the prompt of a JVM of its own (the script's, as a learner runs it): not the first exercise, when
        // the sandbox and the machine are coldest (the first, answered so, saw checkouts of 4-5 s and failed twice in
        // fresh-clone runs while the other parts' sandboxes warmed up too)
        Exercise typed = exercises.get(Math.min(1, exercises.size() - 1));
        Stream<DynamicTest> runs = exercises.stream().map(exercise -> DynamicTest.dynamicTest(exercise.id()
                + (exercise == typed ? " (answered at the prompt)" : ""), () -> takes(exercise, exercise == typed)));
        return Stream.concat(runs, Stream.of(DynamicTest.dynamicTest("progress and calibration", () ->
                progressShowsWhatWasDoneAndTheBrierScore(exercises, all.size()))));
    }

    private void takes(Exercise exercise, boolean atThePrompt) throws Exception {
        String learner = learner();
        long started = System.nanoTime();
        Map<String, Integer> restartsBefore = restarts();
        FaultlineScript.Result run;
        if (atThePrompt) {
            // each answer once wrong (asked again), then right; each confidence once out of range, then given
            StringBuilder typing = new StringBuilder();
            for (Map.Entry<String, String[]> answer : scripted(exercise).entrySet()) {
                typing.append("no idea\n").append(answer.getValue()[0].replace("\"", "")).append("\n150\n")
                        .append(answer.getValue()[1]).append('\n');
            }
            run = faultline.typing(typing.toString(), "workshop", "run", exercise.id(), "--learner", learner);
            assertThat(run.output()).contains("'no idea' is not").contains("a whole number from 0 to 100");
        } else {
            Path answers = Files.createTempFile(faultline.stateDir, exercise.id(), ".yaml");
            StringBuilder yaml = new StringBuilder();
            scripted(exercise).forEach((id, answer) -> yaml.append(id).append(": {answer: ").append(answer[0])
                    .append(", confidence: ").append(answer[1]).append("}\n"));
            Files.writeString(answers, yaml.toString());
            run = faultline.run("workshop", "run", exercise.id(), "--answers", answers.toString(), "--learner", learner);
        }

        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.output()).contains("Predictions locked at").contains("Verdict: PASSED")
                .contains("The lesson happened");
        JsonNode attempt = lastAttempt(learner, exercise.id());
        assertThat(attempt.path("lesson").asBoolean()).isTrue();
        assertThat(attempt.path("lockedAt").asText()).isLessThan(attempt.path("finishedAt").asText());
        List<ExpectationResult> measured = JournalResults.read(Path.of(attempt.path("journal").asText()));
        record(exercise, measured, started);

        // what the command stored is what the run's journal grades the scripted answers as
        List<Grade> regraded = Grader.grade(exercise, asAnswers(exercise, attempt), measured);
        List<Boolean> stored = new ArrayList<>();
        attempt.path("grades").forEach(g -> stored.add(g.path("correct").isNull() ? null : g.path("correct").asBoolean()));
        assertThat(stored).as(run.output()).containsExactlyElementsOf(regraded.stream().map(Grade::correct).toList());

        // a prediction that matches the run is right, one that does not is wrong: every prediction is gradable
        assertThat(Grader.grade(exercise, matching(exercise, measured, true), measured))
                .as(run.output()).allSatisfy(g -> assertThat(g.correct()).as(g.prediction() + ": " + g.measured()).isTrue());
        assertThat(Grader.grade(exercise, matching(exercise, measured, false), measured))
                .allSatisfy(g -> assertThat(g.correct()).as(g.prediction() + ": " + g.measured()).isFalse());

        // a crash fault's process is restarted by the supervisor, once, and each process of a service whose settings
        // the exercise runs with twice (its settings in, its own back); no other process is
        Map<String, Integer> restarted = new LinkedHashMap<>();
        restarts().forEach((process, count) -> {
            if (count > restartsBefore.getOrDefault(process, 0)) {
                restarted.put(process, count - restartsBefore.getOrDefault(process, 0));
            }
        });
        Map<String, Integer> expected = new LinkedHashMap<>(crashed(exercise));
        faultline.sandbox().topology().processes().stream().filter(p -> exercise.settings().containsKey(p.service()))
                .forEach(p -> expected.merge(p.name(), 2, Integer::sum));
        assertThat(restarted).as(run.output()).isEqualTo(expected);

        if (exercise.fix().isPresent()) {
            fixes(exercise, exercise.fix().get(), learner);
        }
    }

    /** The processes the exercise's scenario crashes, each once. */
    private static Map<String, Integer> crashed(Exercise exercise) {
        Map<String, Integer> crashed = new LinkedHashMap<>();
        exercise.scenario().method().stream().filter(step -> step instanceof Step.Inject)
                .map(step -> ((Step.Inject) step).fault()).filter(fault -> fault.kind().equals("crash"))
                .forEach(fault -> crashed.put(fault.target().instance(), 1));
        return crashed;
    }

    /** The run's measured values and its time, one line per check, for comparing the two ways of hosting. */
    private void record(Exercise exercise, List<ExpectationResult> measured, long started) throws java.io.IOException {
        Path dir = Path.of("target", "workshop-runs", faultline.hosting().name().toLowerCase(java.util.Locale.ROOT));
        Files.createDirectories(dir);
        StringBuilder lines = new StringBuilder(String.format(java.util.Locale.ROOT, "%s\trun\t%.1f s%n", exercise.id(),
                (System.nanoTime() - started) / 1e9));
        measured.forEach(r -> lines.append(String.format(java.util.Locale.ROOT, "%s\t%s\t%s\t%.3f\tafter %.1f s%n",
                exercise.id(), r.name(), r.held() ? "held" : "did not hold", r.reading().value(), r.after())));
        Files.writeString(dir.resolve(exercise.id() + ".tsv"), lines);
    }

    private Map<String, Integer> restarts() {
        Map<String, Integer> restarts = new LinkedHashMap<>();
        faultline.sandbox().runningState().orElseThrow().processes()
                .forEach(process -> restarts.put(process.name(), process.restarts()));
        return restarts;
    }

    /** The fix step: refused while the setting is the default; with it changed, the number improves. */
    private void fixes(Exercise exercise, Fix fix, String learner) throws Exception {
        FaultlineScript.Result unchanged = faultline.run("workshop", "fix", exercise.id(), "--learner", learner);
        assertThat(unchanged.exitCode()).as(unchanged.output()).isEqualTo(2);
        assertThat(unchanged.output()).contains("./faultline settings set " + fix.service() + " " + fix.key());
        try {
            FaultlineScript.Result set = faultline.run("settings", "set", fix.service(), fix.key() + "=" + fix.value());
            assertThat(set.exitCode()).as(set.output()).isZero();
            assertThat(set.output()).contains("ready with the new settings");

            FaultlineScript.Result fixed = faultline.run("workshop", "fix", exercise.id(), "--learner", learner);

            assertThat(fixed.exitCode()).as(fixed.output()).isZero();
            assertThat(fixed.output()).contains("the fix works");
        } finally {
            FaultlineScript.Result reset = faultline.run("settings", "reset", fix.service());
            assertThat(reset.exitCode()).as(reset.output()).isZero();
        }
    }

    /** A learner's answers and confidences: the first option, a far-off number, "up", sure to different degrees. */
    private static Map<String, String[]> scripted(Exercise exercise) {
        Map<String, String[]> answers = new LinkedHashMap<>();
        int confidence = 40;
        for (Prediction prediction : exercise.predictions()) {
            String answer = switch (prediction) {
                case Prediction.Choice choice -> "\"" + choice.options().getFirst().answer() + "\"";
                case Prediction.Estimate estimate -> "1000000";
                case Prediction.Direction direction -> "up";
            };
            answers.put(prediction.id(), new String[] {answer, Integer.toString(confidence)});
            confidence += 20;
        }
        return answers;
    }

    /**
     * Progress counts the exercises this learner has done (an attempt whose lesson happened) and the Brier score of
     * their stored grades: whatever the attempts on disk are (all of this part's after its runs; none when run alone).
     */
    private void progressShowsWhatWasDoneAndTheBrierScore(List<Exercise> exercises, int total) throws Exception {
        String learner = learner();
        List<Grade> grades = new ArrayList<>();
        long done = 0;
        for (Exercise exercise : exercises) {
            java.util.Optional<JsonNode> attempt = attempts(learner, exercise.id());
            if (attempt.isEmpty()) {
                continue;
            }
            done += attempt.get().path("lesson").asBoolean() ? 1 : 0;
            attempt.get().path("grades").forEach(g -> grades.add(new Grade(
                    g.path("prediction").asText(), "", "", g.path("confidence").asInt(), "",
                    g.path("correct").isNull() ? null : g.path("correct").asBoolean(), "")));
        }
        FaultlineScript.Result progress = faultline.run("workshop", "progress", "--learner", learner);

        assertThat(progress.exitCode()).as(progress.output()).isZero();
        assertThat(progress.output()).contains("Done: " + done + " of " + total + " exercises.");
        if (!grades.isEmpty()) {
            assertThat(progress.output()).contains(String.format(java.util.Locale.ROOT, "Brier score %.3f",
                    Calibration.of(grades).brier()));
        }
    }

    private static Map<String, Answer> asAnswers(Exercise exercise, JsonNode attempt) {
        Map<String, Answer> answers = new LinkedHashMap<>();
        attempt.path("answers").forEach(a -> answers.put(a.path("prediction").asText(),
                new Answer(a.path("prediction").asText(), a.path("value").asText(), a.path("confidence").asInt())));
        assertThat(answers.keySet()).containsExactlyElementsOf(exercise.predictions().stream().map(Prediction::id).toList());
        return answers;
    }

    /** Answers built from the run's own results: each matching it, or each contradicting it. */
    private static Map<String, Answer> matching(Exercise exercise, List<ExpectationResult> measured, boolean right) {
        Map<String, Answer> answers = new LinkedHashMap<>();
        for (Prediction prediction : exercise.predictions()) {
            String value = switch (prediction) {
                case Prediction.Choice choice -> choice.options().stream()
                        .filter(o -> result(measured, o.check()).held() == o.held() == right)
                        .findFirst().orElseThrow().answer();
                case Prediction.Estimate estimate -> {
                    ExpectationResult result = result(measured, estimate.check());
                    double number = estimate.inUnit(estimate.field() == Prediction.Field.AFTER ? result.after()
                            : result.reading().value());
                    yield Double.toString(right ? number : number + 3 * estimate.allowance(number) + 1);
                }
                case Prediction.Direction direction -> {
                    double from = direction.baseline().map(b -> result(measured, b).reading().value()).orElse(0.0);
                    String moved = direction.of(result(measured, direction.check()).reading().value() - from);
                    yield right ? moved : Prediction.Direction.ANSWERS.stream().filter(d -> !d.equals(moved))
                            .findFirst().orElseThrow();
                }
            };
            answers.put(prediction.id(), new Answer(prediction.id(), value, 70));
        }
        return answers;
    }

    private static ExpectationResult result(List<ExpectationResult> measured, String name) {
        return measured.stream().filter(r -> r.name().equals(name) && !r.kind().equals("steady-state")).findFirst()
                .orElseThrow(() -> new AssertionError("the journal has no result '" + name + "'"));
    }

    private JsonNode lastAttempt(String learner, String exercise) throws Exception {
        return attempts(learner, exercise).orElseThrow(() -> new AssertionError("no attempt of " + exercise));
    }

    /** The learner's last stored attempt of an exercise, if any. */
    private java.util.Optional<JsonNode> attempts(String learner, String exercise) throws Exception {
        Path attempts = faultline.stateDir.resolve("workshop").resolve(learner).resolve("attempts");
        if (!Files.isDirectory(attempts)) {
            return java.util.Optional.empty();
        }
        try (Stream<Path> files = Files.list(attempts)) {
            java.util.Optional<Path> last = files.filter(f -> f.getFileName().toString().startsWith(exercise + "-"))
                    .sorted().reduce((a, b) -> b);
            return last.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(JSON.readTree(last.get().toFile()));
        }
    }
}
