package dev.faultline.cli.workshop;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import dev.faultline.chaos.runner.scenario.ExpectationResult;

/**
 * Grades a learner's predictions against what one run measured: each prediction's check is looked up in the run's
 * results (expectations and measurements, as the journal has them), never in an answer key.
 */
public final class Grader {

    private Grader() {
    }

    public static List<Grade> grade(Exercise exercise, Map<String, Answer> answers, List<ExpectationResult> results) {
        return exercise.predictions().stream().map(p -> grade(p, answers.get(p.id()), results)).toList();
    }

    static Grade grade(Prediction prediction, Answer answer, List<ExpectationResult> results) {
        return switch (prediction) {
            case Prediction.Choice choice -> choice(choice, answer, results);
            case Prediction.Estimate estimate -> estimate(estimate, answer, results);
            case Prediction.Direction direction -> direction(direction, answer, results);
        };
    }

    private static Grade choice(Prediction.Choice choice, Answer answer, List<ExpectationResult> results) {
        Prediction.Option chosen = choice.option(answer.value()).orElseThrow();
        Optional<ExpectationResult> check = find(results, chosen.check());
        if (check.isEmpty()) {
            return ungraded(choice, answer, chosen.check());
        }
        String right = choice.options().stream().filter(o -> find(results, o.check())
                .map(r -> r.held() == o.held()).orElse(false)).map(Prediction.Option::answer).findFirst().orElse("none");
        boolean correct = check.get().held() == chosen.held();
        String measured = "'" + check.get().name() + "' " + (check.get().held() ? "held" : "did not hold") + ": "
                + check.get().reading().detail() + String.format(Locale.ROOT, " (after %.1f s)", check.get().after());
        return new Grade(choice.id(), choice.ask(), chosen.answer(), answer.confidence(), measured, correct,
                correct ? "Right: " + chosen.answer() + "." : "You said " + chosen.answer() + "; the run says " + right + ".");
    }

    private static Grade estimate(Prediction.Estimate estimate, Answer answer, List<ExpectationResult> results) {
        Optional<ExpectationResult> check = find(results, estimate.check())
                .filter(r -> estimate.field() == Prediction.Field.AFTER ? r.held() : !Double.isNaN(r.reading().value()));
        if (check.isEmpty()) {
            return ungraded(estimate, answer, estimate.check());
        }
        double raw = estimate.field() == Prediction.Field.AFTER ? check.get().after() : check.get().reading().value();
        double measured = estimate.inUnit(raw);
        double said = Answers.number(answer.value()).orElseThrow();
        double allowance = estimate.allowance(measured);
        boolean correct = Math.abs(said - measured) <= allowance + 1e-9;
        String unit = estimate.unit();
        String difference = String.format(Locale.ROOT, "You said %s %s; it was %s %s (%s %s %s; right within %s %s).",
                number(said), unit, number(measured), unit, number(Math.abs(said - measured)), unit,
                said > measured ? "too high" : said < measured ? "too low" : "off", number(allowance), unit);
        return new Grade(estimate.id(), estimate.ask(), answer.value(), answer.confidence(),
                number(measured) + " " + unit + " ('" + check.get().name() + "': " + check.get().reading().detail() + ")",
                correct, correct ? "Right: " + difference : difference);
    }

    private static Grade direction(Prediction.Direction direction, Answer answer, List<ExpectationResult> results) {
        Optional<ExpectationResult> check = find(results, direction.check()).filter(r -> !Double.isNaN(r.reading().value()));
        Optional<ExpectationResult> baseline = direction.baseline().flatMap(b -> find(results, b))
                .filter(r -> !Double.isNaN(r.reading().value()));
        if (check.isEmpty() || direction.baseline().isPresent() && baseline.isEmpty()) {
            return ungraded(direction, answer, direction.baseline().isPresent() && check.isPresent()
                    ? direction.baseline().get() : direction.check());
        }
        double from = baseline.map(b -> b.reading().value()).orElse(0.0);
        double to = check.get().reading().value();
        String moved = direction.of(to - from);
        String said = answer.value().strip().toLowerCase(Locale.ROOT);
        boolean correct = said.equals(moved);
        String measured = String.format(Locale.ROOT, "%s: from %s to %s (%s; flat within %s)", check.get().name(),
                number(from), number(to), moved, number(direction.flatWithin()));
        return new Grade(direction.id(), direction.ask(), said, answer.confidence(), measured, correct,
                correct ? "Right: it went " + moved + "." : "You said " + said + "; it went " + moved + ".");
    }

    private static Grade ungraded(Prediction prediction, Answer answer, String check) {
        return new Grade(prediction.id(), prediction.ask(), answer.value(), answer.confidence(),
                "'" + check + "' measured nothing (the run ended early or saw no data)", null,
                "Not graded: the run did not measure it.");
    }

    private static Optional<ExpectationResult> find(List<ExpectationResult> results, String name) {
        return results.stream().filter(r -> r.name().equals(name) && !r.kind().equals("steady-state")).findFirst();
    }

    static String number(double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e12) {
            return Long.toString((long) value);
        }
        return String.format(Locale.ROOT, Math.abs(value) >= 10 ? "%.1f" : "%.2f", value);
    }
}
