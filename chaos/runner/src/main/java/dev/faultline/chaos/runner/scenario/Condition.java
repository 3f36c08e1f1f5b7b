package dev.faultline.chaos.runner.scenario;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a probe's value must satisfy: {@code >= 99%}, {@code < 500ms}, {@code == 1}, with an absolute tolerance.
 * Latencies are in milliseconds ({@code 2s} is 2000), ratios are fractions ({@code 99%} is 0.99).
 *
 * @param operator  one of {@code < <= > >= == !=}
 * @param value     the bound, normalised
 * @param tolerance slack in the probe's favour, normalised
 * @param text      as written
 */
public record Condition(String operator, double value, double tolerance, String text) {

    /** A measurement's: any value holds, only "no data" does not. */
    public static final Condition ANY = new Condition("any", 0, 0, "any value");

    static final String FORM = "a comparison like '>= 99%', '< 500ms' or '== 1'";
    private static final Pattern PATTERN = Pattern.compile("(<=|>=|==|!=|<|>)\\s*(-?\\d+(?:\\.\\d+)?)\\s*(ms|s|%)?");
    private static final Pattern AMOUNT = Pattern.compile("(-?\\d+(?:\\.\\d+)?)\\s*(ms|s|%)?");

    /** @throws IllegalArgumentException saying the form expected */
    static Condition parse(String text, String tolerance) {
        Matcher matcher = PATTERN.matcher(text.strip());
        if (!matcher.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not " + FORM);
        }
        return new Condition(matcher.group(1), amount(matcher.group(2), matcher.group(3)),
                tolerance == null ? 0 : tolerance(tolerance), text.strip());
    }

    private static double tolerance(String text) {
        Matcher matcher = AMOUNT.matcher(text.strip());
        if (!matcher.matches()) {
            throw new IllegalArgumentException("tolerance '" + text + "' is not an amount like 0.5, 50ms or 1%");
        }
        return Math.abs(amount(matcher.group(1), matcher.group(2)));
    }

    private static double amount(String number, String unit) {
        double value = Double.parseDouble(number);
        return unit == null || unit.equals("ms") ? value : unit.equals("s") ? value * 1000 : value / 100;
    }

    /** Whether a value satisfies the condition; NaN (no data) never does. */
    public boolean test(double actual) {
        if (Double.isNaN(actual)) {
            return false;
        }
        return switch (operator) {
            case "any" -> true;
            case "<" -> actual < value + tolerance;
            case "<=" -> actual <= value + tolerance;
            case ">" -> actual > value - tolerance;
            case ">=" -> actual >= value - tolerance;
            case "==" -> Math.abs(actual - value) <= tolerance;
            default -> Math.abs(actual - value) > tolerance;
        };
    }

    @Override
    public String toString() {
        return text + (tolerance == 0 ? "" : " (tolerance " + tolerance + ")");
    }
}
