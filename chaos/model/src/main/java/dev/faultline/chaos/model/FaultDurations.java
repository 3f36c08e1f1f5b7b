package dev.faultline.chaos.model;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as people write them in fault envelopes, commands and scenario files: {@code 500ms}, {@code 30s},
 * {@code 1.5s}, {@code 2m}, {@code 1h}. The one syntax: the engine reads a fault's {@code duration} with it, the
 * CLI writes it and reads scenarios with it.
 */
public final class FaultDurations {

    private static final Pattern SHORT = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m|h)");

    private FaultDurations() {
    }

    /**
     * @throws IllegalArgumentException saying how to write one
     */
    public static Duration parse(String text) {
        Matcher matcher = SHORT.matcher(text.strip());
        if (!matcher.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a duration; write it like 500ms, 30s, 2m or 1h");
        }
        double amount = Double.parseDouble(matcher.group(1));
        double millis = switch (matcher.group(2)) {
            case "ms" -> amount;
            case "s" -> amount * 1000;
            case "m" -> amount * 60_000;
            default -> amount * 3_600_000;
        };
        return Duration.ofMillis(Math.round(millis));
    }

    /** The shortest exact form: {@code 1500ms}, {@code 30s}, {@code 2m}. */
    public static String format(Duration duration) {
        long millis = duration.toMillis();
        if (millis % 3_600_000 == 0 && millis > 0) {
            return millis / 3_600_000 + "h";
        }
        if (millis % 60_000 == 0 && millis > 0) {
            return millis / 60_000 + "m";
        }
        return millis % 1000 == 0 ? millis / 1000 + "s" : millis + "ms";
    }
}
