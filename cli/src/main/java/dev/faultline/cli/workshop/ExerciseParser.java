package dev.faultline.cli.workshop;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import dev.faultline.chaos.runner.scenario.Expectation;
import dev.faultline.chaos.runner.scenario.Scenario;
import dev.faultline.chaos.runner.scenario.ScenarioException;
import dev.faultline.chaos.runner.scenario.ScenarioFiles;
import dev.faultline.chaos.runner.scenario.ScenarioParser;
import dev.faultline.chaos.runner.scenario.YamlTree;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.ScalarNode;

/**
 * Reads an exercise file into an {@link Exercise}, or fails with every error it has (file, line, column, what was
 * expected), its embedded scenario's included. The schema is in {@code docs/workshop/README.md}.
 */
public final class ExerciseParser {

    private static final Set<String> TOP = Set.of("id", "level", "title", "goal", "briefing", "scenario", "look",
            "predictions", "explanation", "hints", "fix", "settings", "tls");
    private static final Set<String> REQUIRED = Set.of("id", "level", "title", "goal", "briefing", "scenario",
            "predictions", "explanation");
    private static final Set<String> KINDS = Set.of("choice", "number", "direction");
    private static final int LEVELS = 6;

    private final Path home;
    private final String file;
    private final YamlTree yaml;
    private final List<dev.faultline.chaos.runner.scenario.ScenarioError> scenarioErrors = new ArrayList<>();

    private ExerciseParser(Path home, String file) {
        this.home = home;
        this.file = file;
        this.yaml = new YamlTree(file);
    }

    /**
     * @param home the checkout, where library scenarios are
     * @throws ScenarioException with every error in the file
     */
    public static Exercise parse(Path home, Path path) {
        Node root = ScenarioParser.compose(path, "an exercise needs " + String.join(", ", sorted(REQUIRED)));
        return new ExerciseParser(home, path.toString()).read(ScenarioParser.name(path), root);
    }

    private Exercise read(String name, Node root) {
        var top = yaml.mapping(root, "the exercise", sorted(TOP), sorted(REQUIRED));
        if (top.isEmpty()) {
            throw new ScenarioException(yaml.errors());
        }
        YamlTree.Entries entries = top.get();
        String id = text(entries, "id");
        entries.get("id").filter(n -> !id.equals(name)).ifPresent(n -> yaml.error(n,
                "id '" + id + "' must be the file's name, '" + name + "'"));
        int level = entries.get("level").flatMap(n -> yaml.number(n, "level", 1).filter(l -> {
            if (l > LEVELS || l != Math.rint(l)) {
                yaml.error(n, "level must be a whole number from 1 to " + LEVELS);
                return false;
            }
            return true;
        })).map(Double::intValue).orElse(1);
        Optional<Scenario> scenario = entries.get("scenario").flatMap(n -> scenario(n, name));
        Set<String> checks = new LinkedHashSet<>();
        scenario.ifPresent(s -> {
            s.expectations().stream().map(Expectation::name).forEach(checks::add);
            s.measurements().stream().map(Expectation::name).forEach(checks::add);
        });
        List<Look> look = new ArrayList<>();
        entries.get("look").ifPresent(n -> yaml.sequence(n, "look").forEach(item -> look(item).ifPresent(look::add)));
        List<Prediction> predictions = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        entries.get("predictions").ifPresent(n -> {
            List<Node> items = yaml.sequence(n, "predictions");
            if (items.isEmpty() && n instanceof org.snakeyaml.engine.v2.nodes.SequenceNode) {
                yaml.error(n, "an exercise needs at least one prediction");
            }
            for (Node item : items) {
                prediction(item, scenario.isPresent() ? checks : null).ifPresent(p -> {
                    if (!ids.add(p.id())) {
                        yaml.error(item, "two predictions are called '" + p.id() + "'");
                    }
                    predictions.add(p);
                });
            }
        });
        Optional<Fix> fix = entries.get("fix").flatMap(n -> fix(n, scenario.isPresent() ? checks : null));
        Map<String, Map<String, String>> settings = entries.get("settings").map(this::settings).orElse(Map.of());
        List<String> hints = new ArrayList<>();
        entries.get("hints").ifPresent(n -> yaml.sequence(n, "hints")
                .forEach(item -> yaml.scalar(item, "a hint").ifPresent(hints::add)));
        dev.faultline.pki.TlsMode tls = TlsRequirement.read(yaml, entries);
        List<dev.faultline.chaos.runner.scenario.ScenarioError> errors = new ArrayList<>(yaml.errors());
        errors.addAll(scenarioErrors);
        if (!errors.isEmpty()) {
            throw new ScenarioException(errors);
        }
        return new Exercise(id, file, level, text(entries, "title"), text(entries, "goal"), text(entries, "briefing"),
                scenario.orElseThrow(), look, predictions, text(entries, "explanation"), hints, fix, settings, tls);
    }

    /** {@code settings: {SERVICE: {KEY: VALUE, ...}, ...}}: the sandbox the exercise runs against. */
    private Map<String, Map<String, String>> settings(Node node) {
        Map<String, Map<String, String>> settings = new LinkedHashMap<>();
        if (!(node instanceof MappingNode mapping)) {
            yaml.error(node, "settings must be a mapping of services to their KEY: VALUE lines");
            return settings;
        }
        for (var service : mapping.getValue()) {
            Optional<String> name = yaml.scalar(service.getKeyNode(), "a service");
            if (!(service.getValueNode() instanceof MappingNode keys)) {
                yaml.error(service.getValueNode(), "settings of " + name.orElse("a service") + " must be KEY: VALUE lines");
                continue;
            }
            Map<String, String> values = new LinkedHashMap<>();
            for (var key : keys.getValue()) {
                yaml.scalar(key.getKeyNode(), "a setting").ifPresent(k -> yaml.scalar(key.getValueNode(), k)
                        .ifPresent(v -> values.put(k, v)));
            }
            name.ifPresent(n -> settings.put(n, values));
        }
        return settings;
    }

    /** A library scenario by name, or the exercise's own, inline. */
    private Optional<Scenario> scenario(Node node, String name) {
        try {
            if (node instanceof ScalarNode scalar) {
                Path library = ScenarioFiles.resolve(home, scalar.getValue());
                if (!Files.isRegularFile(library)) {
                    yaml.error(node, "no scenario '" + scalar.getValue() + "' in the library ("
                            + ScenarioFiles.library(home) + ")");
                    return Optional.empty();
                }
                return Optional.of(ScenarioParser.parse(library));
            }
            return Optional.of(ScenarioParser.parse(file, name, node));
        } catch (ScenarioException e) {
            scenarioErrors.addAll(e.errors());
            return Optional.empty();
        }
    }

    /** {@code fix: {ask, setting: {service, key, value}, improves: {measured, of, lower-by | higher-by}}}. */
    private Optional<Fix> fix(Node node, Set<String> checks) {
        var entries = yaml.mapping(node, "fix", new LinkedHashSet<>(List.of("ask", "setting", "improves")),
                new LinkedHashSet<>(List.of("ask", "setting", "improves")));
        if (entries.isEmpty()) {
            return Optional.empty();
        }
        var setting = entries.get().get("setting").flatMap(n -> yaml.mapping(n, "setting",
                new LinkedHashSet<>(List.of("service", "key", "value")), new LinkedHashSet<>(List.of("service", "key", "value"))));
        var improves = entries.get().get("improves").flatMap(n -> yaml.mapping(n, "improves",
                new LinkedHashSet<>(List.of("measured", "of", "lower-by", "higher-by")), Set.of("measured")));
        if (setting.isEmpty() || improves.isEmpty()) {
            return Optional.empty();
        }
        Optional<String> check = improves.get().get("measured").flatMap(n -> reference(n, checks));
        Prediction.Field field = improves.get().get("of").flatMap(this::field).orElse(Prediction.Field.VALUE);
        boolean lower = improves.get().has("lower-by");
        if (lower == improves.get().has("higher-by")) {
            yaml.error(improves.get().node(), "improves needs exactly one of lower-by and higher-by");
            return Optional.empty();
        }
        Optional<Double> by = improves.get().get(lower ? "lower-by" : "higher-by")
                .flatMap(n -> yaml.number(n, lower ? "lower-by" : "higher-by", 0));
        if (check.isEmpty() || by.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Fix(text(entries.get(), "ask"), text(setting.get(), "service"),
                text(setting.get(), "key"), text(setting.get(), "value"), check.get(), field, lower, by.get()));
    }

    private Optional<Prediction.Field> field(Node node) {
        return yaml.scalar(node, "of").filter(of -> {
            if (!of.equals("value") && !of.equals("after")) {
                yaml.error(node, "of must be value (the number read) or after (the seconds until it was read)");
                return false;
            }
            return true;
        }).map(of -> of.equals("after") ? Prediction.Field.AFTER : Prediction.Field.VALUE);
    }

    private Optional<Look> look(Node node) {
        Set<String> allowed = new LinkedHashSet<>(Look.TOOLS);
        allowed.add("what");
        var entries = yaml.mapping(node, "look", allowed, Set.of("what"));
        if (entries.isEmpty()) {
            return Optional.empty();
        }
        List<String> tools = Look.TOOLS.stream().filter(entries.get()::has).toList();
        if (tools.size() != 1) {
            yaml.error(node, "look needs exactly one of " + String.join(", ", Look.TOOLS));
            return Optional.empty();
        }
        return Optional.of(new Look(tools.getFirst(), text(entries.get(), tools.getFirst()), text(entries.get(), "what")));
    }

    /** @param checks the scenario's expectation and measurement names; null when the scenario did not parse */
    private Optional<Prediction> prediction(Node node, Set<String> checks) {
        Set<String> allowed = new LinkedHashSet<>(List.of("id", "ask"));
        allowed.addAll(sorted(KINDS));
        var entries = yaml.mapping(node, "prediction", allowed, Set.of("id", "ask"));
        if (entries.isEmpty()) {
            return Optional.empty();
        }
        List<String> kinds = sorted(KINDS).stream().filter(entries.get()::has).toList();
        if (kinds.size() != 1) {
            yaml.error(node, "a prediction needs exactly one of " + String.join(", ", sorted(KINDS)));
            return Optional.empty();
        }
        String id = text(entries.get(), "id");
        String ask = text(entries.get(), "ask");
        Node body = entries.get().values().get(kinds.getFirst());
        return switch (kinds.getFirst()) {
            case "choice" -> choice(id, ask, body, checks);
            case "number" -> estimate(id, ask, body, checks);
            default -> direction(id, ask, body, checks);
        };
    }

    private Optional<Prediction> choice(String id, String ask, Node node, Set<String> checks) {
        List<Prediction.Option> options = new ArrayList<>();
        List<Node> items = yaml.sequence(node, "choice");
        for (Node item : items) {
            var entries = yaml.mapping(item, "an answer", new LinkedHashSet<>(List.of("answer", "when", "unless")),
                    Set.of("answer"));
            if (entries.isEmpty()) {
                continue;
            }
            boolean when = entries.get().has("when");
            if (when == entries.get().has("unless")) {
                yaml.error(item, "an answer needs exactly one of when (right if that check held) and unless "
                        + "(right if it did not)");
                continue;
            }
            Node check = entries.get().values().get(when ? "when" : "unless");
            reference(check, checks).ifPresent(name -> options.add(
                    new Prediction.Option(text(entries.get(), "answer"), name, when)));
        }
        if (items.size() < 2 && node instanceof org.snakeyaml.engine.v2.nodes.SequenceNode) {
            yaml.error(node, "a choice needs at least two answers");
        }
        return Optional.of(new Prediction.Choice(id, ask, options));
    }

    private Optional<Prediction> estimate(String id, String ask, Node node, Set<String> checks) {
        var entries = yaml.mapping(node, "number", new LinkedHashSet<>(List.of("measured", "of", "unit", "tolerance")),
                new LinkedHashSet<>(List.of("measured", "unit", "tolerance")));
        if (entries.isEmpty()) {
            return Optional.empty();
        }
        Optional<String> check = entries.get().get("measured").flatMap(n -> reference(n, checks));
        Prediction.Field field = entries.get().get("of").flatMap(this::field).orElse(Prediction.Field.VALUE);
        String unit = text(entries.get(), "unit");
        Optional<String> tolerance = entries.get().get("tolerance").flatMap(n -> yaml.scalar(n, "tolerance"));
        boolean relative = tolerance.filter(t -> t.strip().endsWith("%")).isPresent();
        Optional<Double> amount = entries.get().get("tolerance").flatMap(n -> tolerance.flatMap(t -> {
            try {
                double value = Double.parseDouble(relative ? t.strip().replace("%", "").strip() : t.strip());
                if (value < 0) {
                    throw new NumberFormatException();
                }
                return Optional.of(relative ? value / 100 : value);
            } catch (NumberFormatException e) {
                yaml.error(n, "tolerance must be a number in the unit (2) or a share of the measured value (25%), "
                        + "not '" + t + "'");
                return Optional.empty();
            }
        }));
        if (check.isEmpty() || amount.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Prediction.Estimate(id, ask, unit, amount.get(), relative, check.get(), field));
    }

    private Optional<Prediction> direction(String id, String ask, Node node, Set<String> checks) {
        var entries = yaml.mapping(node, "direction", new LinkedHashSet<>(List.of("measured", "baseline", "flat-within")),
                Set.of("measured"));
        if (entries.isEmpty()) {
            return Optional.empty();
        }
        Optional<String> check = entries.get().get("measured").flatMap(n -> reference(n, checks));
        Optional<String> baseline = entries.get().get("baseline").flatMap(n -> reference(n, checks));
        double flat = entries.get().get("flat-within").flatMap(n -> yaml.number(n, "flat-within", 0)).orElse(0.0);
        return check.map(c -> new Prediction.Direction(id, ask, c, baseline, flat));
    }

    private Optional<String> reference(Node node, Set<String> checks) {
        return yaml.scalar(node, "a check's name").filter(name -> {
            if (checks != null && !checks.contains(name)) {
                yaml.error(node, "the scenario has no expectation or measurement named '" + name + "'; it has: "
                        + String.join(", ", checks));
                return false;
            }
            return true;
        });
    }

    private String text(YamlTree.Entries entries, String key) {
        return entries.get(key).flatMap(n -> yaml.scalar(n, key)).map(String::strip).orElse("");
    }

    private static Set<String> sorted(Set<String> keys) {
        return new java.util.TreeSet<>(keys);
    }
}
