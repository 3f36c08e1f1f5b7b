package dev.faultline.chaos.runner.scenario;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/**
 * Reading a YAML node tree while collecting every error with its line and column: the parser never stops at the
 * first mistake, and never guesses. Scenarios use it, and documents that embed one (a workshop's exercises).
 */
public final class YamlTree {

    private final String file;
    private final List<ScenarioError> errors = new ArrayList<>();

    public YamlTree(String file) {
        this.file = file;
    }

    public List<ScenarioError> errors() {
        return errors;
    }

    public void error(Node node, String message) {
        int line = node.getStartMark().map(m -> m.getLine() + 1).orElse(1);
        int column = node.getStartMark().map(m -> m.getColumn() + 1).orElse(1);
        errors.add(new ScenarioError(file, line, column, message));
    }

    /** {@code file:line:column} of a node. */
    public String where(Node node) {
        return file + ":" + node.getStartMark().map(m -> (m.getLine() + 1) + ":" + (m.getColumn() + 1)).orElse("1:1");
    }

    /**
     * The entries of a mapping, by key. Unknown and repeated keys are errors (at the key); a missing required key
     * is an error at the mapping.
     */
    public Optional<Entries> mapping(Node node, String what, Set<String> allowed, Set<String> required) {
        if (!(node instanceof MappingNode mapping)) {
            error(node, what + " must be a mapping (key: value lines)");
            return Optional.empty();
        }
        Map<String, Node> values = new LinkedHashMap<>();
        for (NodeTuple tuple : mapping.getValue()) {
            String key = tuple.getKeyNode() instanceof ScalarNode scalar ? scalar.getValue() : null;
            if (key == null || !allowed.contains(key)) {
                error(tuple.getKeyNode(), "unknown key " + (key == null ? "" : "'" + key + "' ") + "in " + what
                        + "; expected one of: " + String.join(", ", allowed));
            } else if (values.containsKey(key)) {
                error(tuple.getKeyNode(), "'" + key + "' appears twice in " + what);
            } else {
                values.put(key, tuple.getValueNode());
            }
        }
        for (String key : required) {
            if (!values.containsKey(key)) {
                error(node, what + " needs '" + key + "'");
            }
        }
        return Optional.of(new Entries(node, values));
    }

    public List<Node> sequence(Node node, String what) {
        if (!(node instanceof SequenceNode sequence)) {
            error(node, what + " must be a list (lines starting with '- ')");
            return List.of();
        }
        return sequence.getValue();
    }

    public Optional<String> scalar(Node node, String what) {
        if (node instanceof ScalarNode scalar && !scalar.getTag().equals(Tag.NULL)) {
            return Optional.of(scalar.getValue());
        }
        error(node, what + " must be a single value");
        return Optional.empty();
    }

    /** A single value read by {@code parser}; its {@link IllegalArgumentException} becomes an error {@code what: ...}. */
    public <T> Optional<T> parsed(Node node, String what, java.util.function.Function<String, T> parser) {
        return scalar(node, what).flatMap(text -> {
            try {
                return Optional.of(parser.apply(text));
            } catch (IllegalArgumentException e) {
                error(node, what + ": " + e.getMessage());
                return Optional.empty();
            }
        });
    }

    public Optional<Double> number(Node node, String what, double min) {
        Optional<String> text = scalar(node, what);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        try {
            double value = Double.parseDouble(text.get());
            if (value < min) {
                error(node, what + " must be at least " + (min == Math.rint(min) ? Long.toString((long) min) : min));
                return Optional.empty();
            }
            return Optional.of(value);
        } catch (NumberFormatException e) {
            error(node, what + " must be a number, not '" + text.get() + "'");
            return Optional.empty();
        }
    }

    /**
     * A YAML value as a JSON value (for fault parameters): numbers, booleans and nulls keep their type, mappings
     * keep their order.
     */
    public Object value(Node node) {
        if (node instanceof MappingNode mapping) {
            Map<String, Object> object = new LinkedHashMap<>();
            for (NodeTuple tuple : mapping.getValue()) {
                String key = tuple.getKeyNode() instanceof ScalarNode scalar ? scalar.getValue() : "";
                object.put(key, value(tuple.getValueNode()));
            }
            return object;
        }
        if (node instanceof SequenceNode sequence) {
            List<Object> array = new ArrayList<>();
            sequence.getValue().forEach(item -> array.add(value(item)));
            return array;
        }
        ScalarNode scalar = (ScalarNode) node;
        Tag tag = scalar.getTag();
        if (tag.equals(Tag.INT)) {
            return Long.parseLong(scalar.getValue());
        }
        if (tag.equals(Tag.FLOAT)) {
            return Double.parseDouble(scalar.getValue());
        }
        if (tag.equals(Tag.BOOL)) {
            return Boolean.parseBoolean(scalar.getValue());
        }
        return tag.equals(Tag.NULL) ? null : scalar.getValue();
    }

    /** The entries of one mapping, with the mapping's node for errors about it as a whole. */
    public record Entries(Node node, Map<String, Node> values) {

        public Optional<Node> get(String key) {
            return Optional.ofNullable(values.get(key));
        }

        public boolean has(String key) {
            return values.containsKey(key);
        }
    }
}
