package dev.faultline.cli.workshop;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import dev.faultline.chaos.runner.scenario.ScenarioException;
import dev.faultline.chaos.runner.scenario.ScenarioParser;
import dev.faultline.chaos.runner.scenario.YamlTree;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * A learner's answers to an exercise's predictions, from an answers file, from {@code --predict} flags, or typed at
 * the prompt: each checked against its prediction's form, all of them required.
 */
public final class Answers {

    /** The default confidence of an answer that gives none. */
    public static final int DEFAULT_CONFIDENCE = 50;

    private Answers() {
    }

    /**
     * An answers file: {@code prediction-id: {answer: ..., confidence: 80}} (or just {@code prediction-id: answer}).
     *
     * @throws ScenarioException naming file, line and column of every bad answer
     */
    public static Map<String, Answer> read(Exercise exercise, Path path) {
        YamlTree yaml = new YamlTree(path.toString());
        Node root = ScenarioParser.compose(path, "an answers file has one line per prediction: " + ids(exercise));
        Map<String, Answer> answers = new LinkedHashMap<>();
        Set<String> allowed = new LinkedHashSet<>(ids(exercise));
        yaml.mapping(root, "the answers", allowed, allowed).ifPresent(entries -> entries.values().forEach((id, node) -> {
            Prediction prediction = prediction(exercise, id);
            Optional<String> value;
            int confidence = DEFAULT_CONFIDENCE;
            if (node instanceof org.snakeyaml.engine.v2.nodes.MappingNode) {
                var fields = yaml.mapping(node, "the answer to " + id, new LinkedHashSet<>(List.of("answer", "confidence")),
                        Set.of("answer"));
                value = fields.flatMap(f -> f.get("answer")).flatMap(n -> yaml.scalar(n, "answer"));
                Optional<Node> given = fields.flatMap(f -> f.get("confidence"));
                if (given.isPresent()) {
                    confidence = yaml.number(given.get(), "confidence", 0).filter(c -> {
                        if (c > 100) {
                            yaml.error(given.get(), "confidence is a percentage, from 0 to 100");
                            return false;
                        }
                        return true;
                    }).map(Double::intValue).orElse(DEFAULT_CONFIDENCE);
                }
            } else {
                value = yaml.scalar(node, "answer");
            }
            int sure = confidence;
            value.ifPresent(v -> problem(prediction, v).ifPresentOrElse(p -> yaml.error(node, p),
                    () -> answers.put(id, new Answer(id, v.strip(), sure))));
        }));
        if (!yaml.errors().isEmpty()) {
            throw new ScenarioException(yaml.errors());
        }
        return answers;
    }

    /**
     * {@code --predict id=answer[@confidence]} flags; every prediction needs one.
     *
     * @throws IllegalArgumentException saying what is wrong with which flag
     */
    public static Map<String, Answer> fromFlags(Exercise exercise, List<String> flags) {
        Map<String, Answer> answers = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        Set<String> answered = new java.util.HashSet<>();
        for (String flag : flags) {
            int equals = flag.indexOf('=');
            if (equals < 1) {
                problems.add("--predict " + flag + ": expected id=answer or id=answer@confidence");
                continue;
            }
            String id = flag.substring(0, equals).strip();
            String rest = flag.substring(equals + 1);
            int at = rest.lastIndexOf('@');
            String value = (at < 0 ? rest : rest.substring(0, at)).strip();
            int confidence = DEFAULT_CONFIDENCE;
            if (at >= 0) {
                try {
                    confidence = Integer.parseInt(rest.substring(at + 1).strip().replace("%", ""));
                } catch (NumberFormatException e) {
                    confidence = -1;
                }
                if (confidence < 0 || confidence > 100) {
                    problems.add("--predict " + flag + ": confidence is a percentage, from 0 to 100");
                    continue;
                }
            }
            if (!ids(exercise).contains(id)) {
                problems.add("--predict " + flag + ": no prediction '" + id + "'; this exercise asks: " + ids(exercise));
                continue;
            }
            answered.add(id);
            Optional<String> problem = problem(prediction(exercise, id), value);
            if (problem.isPresent()) {
                problems.add("--predict " + flag + ": " + problem.get());
            } else {
                answers.put(id, new Answer(id, value, confidence));
            }
        }
        ids(exercise).stream().filter(id -> !answered.contains(id))
                .forEach(id -> problems.add("no answer to '" + id + "' (" + prediction(exercise, id).form() + ")"));
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("\n", problems));
        }
        return answers;
    }

    /** What is wrong with an answer, if anything. */
    public static Optional<String> problem(Prediction prediction, String value) {
        String answer = value.strip();
        return switch (prediction) {
            case Prediction.Choice choice -> choice.option(answer).isPresent() ? Optional.empty()
                    : Optional.of("'" + answer + "' is not one of " + choice.form());
            case Prediction.Estimate estimate -> number(answer).isPresent() ? Optional.empty()
                    : Optional.of("'" + answer + "' is not " + estimate.form());
            case Prediction.Direction direction -> Prediction.Direction.ANSWERS.contains(answer.toLowerCase(java.util.Locale.ROOT))
                    ? Optional.empty() : Optional.of("'" + answer + "' is not one of " + direction.form());
        };
    }

    static Optional<Double> number(String answer) {
        try {
            double value = Double.parseDouble(answer.strip());
            return Double.isFinite(value) ? Optional.of(value) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static List<String> ids(Exercise exercise) {
        return exercise.predictions().stream().map(Prediction::id).toList();
    }

    private static Prediction prediction(Exercise exercise, String id) {
        return exercise.predictions().stream().filter(p -> p.id().equals(id)).findFirst().orElseThrow();
    }
}
