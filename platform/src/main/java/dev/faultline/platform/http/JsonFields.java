package dev.faultline.platform.http;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Reads and validates the fields of one JSON object, collecting every error so a caller learns of all of
 * them at once. Call {@link #validate()} when done: it throws a 400 naming each invalid field.
 */
public final class JsonFields {

    private final JsonNode node;
    private final String prefix;
    private final List<Problem.FieldError> errors;

    JsonFields(JsonNode node, String prefix) {
        this(node, prefix, new ArrayList<>());
    }

    private JsonFields(JsonNode node, String prefix, List<Problem.FieldError> errors) {
        this.node = node;
        this.prefix = prefix;
        this.errors = errors;
    }

    /** A required string whose length (in code points, after trimming) lies in [min, max]. */
    public String string(String name, int min, int max) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            return reject(name, "is required");
        }
        if (!value.isTextual()) {
            return reject(name, "must be a string");
        }
        String text = value.textValue().strip();
        int length = text.codePointCount(0, text.length());
        if (length < min || length > max) {
            return reject(name, "must be " + min + " to " + max + " characters long");
        }
        return text;
    }

    /** A required string that must match a pattern; {@code expected} says what the pattern means. */
    public String string(String name, int max, Pattern pattern, String expected) {
        String text = string(name, 1, max);
        if (text != null && !pattern.matcher(text).matches()) {
            return reject(name, "must be " + expected);
        }
        return text;
    }

    /** A required integer in [min, max]. */
    public long integer(String name, long min, long max) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            reject(name, "is required");
            return 0;
        }
        if (!value.isIntegralNumber() || !value.canConvertToLong()) {
            reject(name, "must be an integer");
            return 0;
        }
        long number = value.longValue();
        if (number < min || number > max) {
            reject(name, "must be between " + min + " and " + max);
            return 0;
        }
        return number;
    }

    /** A required array of objects, each read by {@code element}; its size must lie in [min, max]. */
    public <T> List<T> objects(String name, int min, int max, Function<JsonFields, T> element) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            reject(name, "is required");
            return List.of();
        }
        if (!value.isArray()) {
            reject(name, "must be an array");
            return List.of();
        }
        if (value.size() < min || value.size() > max) {
            reject(name, "must have " + min + " to " + max + " entries");
            return List.of();
        }
        List<T> result = new ArrayList<>(value.size());
        for (int i = 0; i < value.size(); i++) {
            String path = field(name) + "[" + i + "]";
            JsonNode item = value.get(i);
            if (!item.isObject()) {
                errors.add(new Problem.FieldError(path, "must be an object"));
                continue;
            }
            result.add(element.apply(new JsonFields(item, path + ".", errors)));
        }
        return result;
    }

    /** Throws a 400 listing every error found so far. */
    public void validate() {
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
    }

    private <T> T reject(String name, String message) {
        errors.add(new Problem.FieldError(field(name), message));
        return null;
    }

    private String field(String name) {
        return prefix + name;
    }
}
