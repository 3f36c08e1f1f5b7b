package dev.faultline.chaos.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

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

    /** One of the allowed words. */
    public String choice(String name, Set<String> allowed, String fallback) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            if (fallback == null) {
                reject(name, "is required (one of " + String.join(", ", allowed) + ")");
            }
            return fallback;
        }
        if (!value.isTextual() || !allowed.contains(value.textValue())) {
            reject(name, "must be one of " + String.join(", ", allowed));
            return fallback;
        }
        return value.textValue();
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
