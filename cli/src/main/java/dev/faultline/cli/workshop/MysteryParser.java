package dev.faultline.cli.workshop;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import dev.faultline.chaos.runner.load.LoadIdentity;
import dev.faultline.chaos.runner.scenario.ScenarioException;
import dev.faultline.chaos.runner.scenario.ScenarioParser;
import dev.faultline.chaos.runner.scenario.Step;
import dev.faultline.chaos.runner.scenario.YamlTree;
import dev.faultline.pki.TlsMode;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * Reads a mystery file, or fails with every error (file, line, column). The fault is written as a scenario's
 * {@code inject} step; the answer is derived from it, so the two cannot disagree.
 */
public final class MysteryParser {

    private static final Set<String> TOP = new TreeSet<>(Set.of("id", "level", "title", "symptom", "fault",
            "instance-matters", "explanation", "hints", "traffic", "tls"));
    private static final Set<String> REQUIRED = new TreeSet<>(Set.of("id", "level", "title", "symptom", "fault",
            "explanation"));

    private MysteryParser() {
    }

    /** @throws ScenarioException with every error in the file */
    public static Mystery parse(Path path) {
        String file = path.toString();
        String name = ScenarioParser.name(path);
        YamlTree yaml = new YamlTree(file);
        Node root = ScenarioParser.compose(path, "a mystery needs " + String.join(", ", REQUIRED));
        YamlTree.Entries entries = yaml.mapping(root, "the mystery", TOP, REQUIRED)
                .orElseThrow(() -> new ScenarioException(yaml.errors()));
        String id = text(yaml, entries, "id");
        entries.get("id").filter(n -> !id.equals(name)).ifPresent(n -> yaml.error(n,
                "id '" + id + "' must be the file's name, '" + name + "'"));
        int level = entries.get("level").flatMap(n -> yaml.number(n, "level", 1)).map(Double::intValue).orElse(1);
        List<String> hints = new ArrayList<>();
        entries.get("hints").ifPresent(n -> yaml.sequence(n, "hints")
                .forEach(item -> yaml.scalar(item, "a hint").ifPresent(hints::add)));
        boolean instanceMatters = entries.get("instance-matters").flatMap(n -> yaml.scalar(n, "instance-matters"))
                .map(Boolean::parseBoolean).orElse(false);
        LoadIdentity.Kind traffic = entries.get("traffic").flatMap(n -> yaml.scalar(n, "traffic").flatMap(text -> {
            try {
                return Optional.of(LoadIdentity.Kind.parse(text));
            } catch (IllegalArgumentException e) {
                yaml.error(n, "traffic: " + e.getMessage());
                return Optional.empty();
            }
        })).orElse(LoadIdentity.Kind.API_KEY);
        TlsMode tls = TlsRequirement.read(yaml, entries);
        List<dev.faultline.chaos.runner.scenario.ScenarioError> errors = new ArrayList<>(yaml.errors());
        Step.Inject fault = null;
        try {
            fault = entries.get("fault").map(n -> ScenarioParser.injection(file, n)).orElse(null);
        } catch (ScenarioException e) {
            errors.addAll(e.errors());
        }
        if (fault != null && instanceMatters && fault.instance() == null) {
            errors.add(new dev.faultline.chaos.runner.scenario.ScenarioError(file, 1, 1,
                    "instance-matters needs a fault on one instance (target: {service: ..., instance: ...})"));
        }
        if (!errors.isEmpty()) {
            throw new ScenarioException(errors);
        }
        Mystery.Diagnosis answer = new Mystery.Diagnosis(fault.service(), fault.fault().kind(),
                instanceMatters ? Optional.of(fault.instance()) : Optional.empty());
        return new Mystery(id, file, level, text(yaml, entries, "title"), text(yaml, entries, "symptom"), fault, answer,
                text(yaml, entries, "explanation"), hints, traffic, tls);
    }

    private static String text(YamlTree yaml, YamlTree.Entries entries, String key) {
        return entries.get(key).flatMap(n -> yaml.scalar(n, key)).map(String::strip).orElse("");
    }
}
