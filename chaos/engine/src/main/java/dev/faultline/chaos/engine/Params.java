package dev.faultline.chaos.engine;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import dev.faultline.platform.http.Problem;

/** Reads a fault's {@code parameters}, collecting an error per bad or missing parameter, named {@code parameters.x}. */
public final class Params {

    private final JsonNode node;
    private final List<Problem.FieldError> errors;

    Params(JsonNode node, List<Problem.FieldError> errors) {
        this.node = node == null || node.isMissingNode() || node.isNull() ? com.fasterxml.jackson.databind.node.NullNode.getInstance() : node;
        this.errors = errors;
    }

    /** A whole number in [min, max]; {@code fallback} when absent, or an error when fallback is null. */
    public long number(String name, long min, long max, Long fallback) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            if (fallback == null) {
                reject(name, "is required (a whole number from " + min + " to " + max + ")");
                return min;
            }
            return fallback;
        }
        if (!value.isIntegralNumber() || value.longValue() < min || value.longValue() > max) {
            reject(name, "must be a whole number from " + min + " to " + max);
            return min;
        }
        return value.longValue();
    }

    /** A number in [min, max]. */
    public double decimal(String name, double min, double max, Double fallback) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            if (fallback == null) {
                reject(name, "is required (a number from " + min + " to " + max + ")");
                return min;
            }
            return fallback;
        }
        if (!value.isNumber() || value.doubleValue() < min || value.doubleValue() > max) {
            reject(name, "must be a number from " + min + " to " + max);
            return min;
        }
        return value.doubleValue();
    }

    /**
     * One of an enum's values, written as its name in lower case with dashes ({@code DROP_CONTEXT} is
     * {@code drop-context}); parsed once, when the fault is added.
     *
     * @param fallback the value when absent; null makes it required
     */
    public <E extends Enum<E>> E choice(String name, Class<E> type, E fallback) {
        Map<String, E> byName = new LinkedHashMap<>();
        for (E value : type.getEnumConstants()) {
            byName.put(wireName(value), value);
        }
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            if (fallback == null) {
                reject(name, "is required (one of " + String.join(", ", byName.keySet()) + ")");
            }
            return fallback;
        }
        E chosen = value.isTextual() ? byName.get(value.textValue()) : null;
        if (chosen == null) {
            reject(name, "must be one of " + String.join(", ", byName.keySet()));
            return fallback;
        }
        return chosen;
    }

    /** How a choice is written in a fault's parameters. */
    public static String wireName(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Free text, optional. */
    public String text(String name, String fallback) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (!value.isTextual()) {
            reject(name, "must be a string");
            return fallback;
        }
        return value.textValue();
    }

    /** Records an error of a parameter that no reader above covers. */
    public void reject(String name, String message) {
        errors.add(new Problem.FieldError("parameters." + name, message));
    }

    static List<Problem.FieldError> newErrors() {
        return new ArrayList<>();
    }
}
