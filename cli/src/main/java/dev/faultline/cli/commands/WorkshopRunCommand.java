package dev.faultline.cli.commands;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

import dev.faultline.chaos.runner.scenario.ScenarioException;
import dev.faultline.chaos.runner.scenario.Verdict;
import dev.faultline.cli.workshop.Answer;
import dev.faultline.cli.workshop.Answers;
import dev.faultline.cli.workshop.Attempt;
import dev.faultline.cli.workshop.Exercise;
import dev.faultline.cli.workshop.Grade;
import dev.faultline.cli.workshop.Grader;
import dev.faultline.cli.workshop.Prediction;
import dev.faultline.cli.workshop.Progress;
import dev.faultline.cli.workshop.TlsRequirement;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code faultline workshop run ID}. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Take an exercise: read the briefing, commit to predictions (locked before anything is "
                + "injected), watch the run, then see each prediction graded against what the run measured.",
                "Answers come from --answers FILE, --predict flags, or are asked here (one line each)."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:The exercise's own checks held (the lesson happened), whatever was predicted.",
                "1:A check did not hold.", "2:Unknown exercise, invalid file or answers; nothing was started.",
                "3:The sandbox was not in its steady state or did not answer.", "130:Interrupted; the rollbacks ran."})
final class WorkshopRunCommand implements Callable<Integer> {

    @Mixin
    private Output output;

    @Mixin
    private LearnerOptions options;

    @Parameters(paramLabel = "ID", description = "The exercise (./faultline workshop list).")
    private String id;

    @Option(names = "--answers", paramLabel = "FILE", description = "Predictions as YAML: "
            + "'<prediction>: {answer: ..., confidence: 80}', one per prediction.")
    private Path answersFile;

    @Option(names = "--predict", paramLabel = "ID=ANSWER[@CONFIDENCE]", description = "One prediction, e.g. "
            + "opens=yes@80 (repeat for each).")
    private List<String> predict = new ArrayList<>();

    @Option(names = "--prometheus", description = "Prometheus URL, for exercises with promql probes.")
    private URI prometheus;

    @Override
    public Integer call() throws IOException {
        Exercise exercise;
        Map<String, Answer> answers;
        Progress progress;
        try {
            progress = options.progress();
            Optional<Exercise> found = options.workshop().exercise(id);
            if (found.isEmpty()) {
                output.err().println("No exercise '" + id + "' (./faultline workshop list shows them)");
                return Verdict.INVALID.exitCode();
            }
            exercise = found.get();
            dev.faultline.pki.TlsMode tls = options.sandbox.sandbox().runningTopology().tls();
            if (!TlsRequirement.met(exercise.tls(), tls)) {
                output.err().println(TlsRequirement.refusal("The exercise '" + id + "'", exercise.tls(), tls));
                return Verdict.INVALID.exitCode();
            }
            brief(exercise);
            answers = answersFile != null ? Answers.read(exercise, answersFile)
                    : !predict.isEmpty() ? Answers.fromFlags(exercise, predict) : ask(exercise);
        } catch (ScenarioException | IllegalArgumentException e) {
            output.err().println(e.getMessage());
            output.err().println("Nothing was started.");
            return Verdict.INVALID.exitCode();
        }
        Instant locked = Instant.now();
        Path attemptFile = progress.newAttempt(exercise.id(), locked);
        List<Answer> given = List.copyOf(answers.values());
        progress.save(attemptFile, new Attempt(exercise.id(), progress.learner(), locked.toString(), given, null, null,
                false, null, List.of()));
        output.out().println("\nPredictions locked at " + locked + " (" + attemptFile + "). Now the run.\n");

        ScenarioRunCommand.Run run = options.run(exercise, progress, attemptFile, Optional.ofNullable(prometheus), output.out());
        List<Grade> grades = Grader.grade(exercise, answers, run.result().results());
        boolean lesson = run.result().verdict() == Verdict.PASSED;
        progress.save(attemptFile, new Attempt(exercise.id(), progress.learner(), locked.toString(), given,
                Instant.now().toString(), run.result().verdict().name(), lesson, run.journal().toString(), grades));
        report(exercise, grades, lesson);
        return run.result().verdict().exitCode();
    }

    private void brief(Exercise exercise) {
        output.out().printf("%nLevel %d: %s%n%nGoal: %s%n%n%s%n", exercise.level(), exercise.title(), exercise.goal(),
                exercise.briefing());
    }

    /** Asks each prediction on standard input, again until the answer has the right form. */
    private Map<String, Answer> ask(Exercise exercise) throws IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        Map<String, Answer> answers = new LinkedHashMap<>();
        output.out().println("\nPredict before anything is injected.");
        for (Prediction prediction : exercise.predictions()) {
            String value;
            while (true) {
                output.out().printf("%n%s%n  (%s) > ", prediction.ask(), prediction.form());
                output.out().flush();
                value = line(in, exercise);
                Optional<String> problem = Answers.problem(prediction, value);
                if (problem.isEmpty()) {
                    break;
                }
                output.out().println("  " + problem.get());
            }
            int confidence;
            while (true) {
                output.out().printf("  How sure are you, 0 to 100 %% [%d]? > ", Answers.DEFAULT_CONFIDENCE);
                output.out().flush();
                String sure = line(in, exercise).replace("%", "").strip();
                try {
                    confidence = sure.isEmpty() ? Answers.DEFAULT_CONFIDENCE : Integer.parseInt(sure);
                    if (confidence >= 0 && confidence <= 100) {
                        break;
                    }
                } catch (NumberFormatException e) {
                    // asked again
                }
                output.out().println("  a whole number from 0 to 100");
            }
            answers.put(prediction.id(), new Answer(prediction.id(), value.strip(), confidence));
        }
        return answers;
    }

    private static String line(BufferedReader in, Exercise exercise) throws IOException {
        String line = in.readLine();
        if (line == null) {
            throw new IllegalArgumentException("\nThe input ended before every prediction was answered; without a "
                    + "terminal give them with --answers FILE or --predict ID=ANSWER@CONFIDENCE ("
                    + String.join(", ", exercise.predictions().stream().map(Prediction::id).toList()) + ").");
        }
        return line;
    }

    private void report(Exercise exercise, List<Grade> grades, boolean lesson) {
        output.out().println("\nYour predictions against the run");
        for (Grade grade : grades) {
            String mark = !grade.graded() ? "N/A  " : grade.correct() ? "RIGHT" : "WRONG";
            output.out().printf("  %s %s%n        you: %s (%d %% sure)   measured: %s%n        %s%n", mark, grade.ask(),
                    grade.answer(), grade.confidence(), grade.measured(), grade.difference());
        }
        long right = grades.stream().filter(g -> Boolean.TRUE.equals(g.correct())).count();
        long graded = grades.stream().filter(Grade::graded).count();
        output.out().printf("%n%d of %d predictions right. %s%n", right, graded, lesson
                ? "The lesson happened: every check of the exercise held."
                : "The exercise's own checks did not all hold (see Checks above): the lesson may not have happened.");
        output.out().println("\nWhy\n  " + exercise.explanation().replace("\n", "\n  "));
        output.out().println("\nProgress: ./faultline workshop progress");
    }
}
