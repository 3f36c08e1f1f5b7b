package dev.faultline.chaos.runner.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A PromQL-style series selector, {@code name{label="value", other!="x", route=~"/api/.*"}}, matched against
 * scraped samples. The value of a selector is the sum of every sample it matches, like {@code sum(selector)}.
 */
public final class SeriesSelector {

    private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern MATCHER = Pattern.compile(
            "\\s*([a-zA-Z_][a-zA-Z0-9_]*)\\s*(=~|!~|!=|=)\\s*\"((?:[^\"\\\\]|\\\\.)*)\"\\s*(,|$)");

    private final String text;
    private final String name;
    private final List<LabelMatcher> matchers;

    private SeriesSelector(String text, String name, List<LabelMatcher> matchers) {
        this.text = text;
        this.name = name;
        this.matchers = List.copyOf(matchers);
    }

    /**
     * @throws IllegalArgumentException saying what is wrong and where
     */
    public static SeriesSelector parse(String text) {
        String selector = text.strip();
        int brace = selector.indexOf('{');
        String name = brace < 0 ? selector : selector.substring(0, brace).strip();
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("'" + name + "' is not a metric name; write it like "
                    + "faultline_circuitbreaker_state{name=\"payments\",state=\"open\"}");
        }
        List<LabelMatcher> matchers = new ArrayList<>();
        if (brace >= 0) {
            if (!selector.endsWith("}")) {
                throw new IllegalArgumentException("the label list of '" + selector + "' is not closed with }");
            }
            String inside = selector.substring(brace + 1, selector.length() - 1);
            Matcher matcher = MATCHER.matcher(inside);
            int position = 0;
            while (position < inside.length() && !inside.substring(position).isBlank()) {
                if (!matcher.find(position) || matcher.start() != position) {
                    throw new IllegalArgumentException("cannot read the labels of '" + selector + "' from column "
                            + (brace + 2 + position) + "; write them like name=\"payments\"");
                }
                String value = matcher.group(3).replace("\\\"", "\"").replace("\\\\", "\\");
                matchers.add(new LabelMatcher(matcher.group(1), matcher.group(2), value));
                position = matcher.end();
            }
        }
        return new SeriesSelector(selector, name, matchers);
    }

    public String name() {
        return name;
    }

    public boolean matches(Sample sample) {
        return sample.name().equals(name) && matchers.stream().allMatch(m -> m.test(sample.label(m.label())));
    }

    /** The sum of the matching samples; empty when none matches. */
    public java.util.OptionalDouble sum(List<Sample> samples) {
        double sum = 0;
        boolean any = false;
        for (Sample sample : samples) {
            if (matches(sample)) {
                sum += sample.value();
                any = true;
            }
        }
        return any ? java.util.OptionalDouble.of(sum) : java.util.OptionalDouble.empty();
    }

    @Override
    public String toString() {
        return text;
    }

    private record LabelMatcher(String label, String op, String value) {

        boolean test(String actual) {
            return switch (op) {
                case "=" -> actual.equals(value);
                case "!=" -> !actual.equals(value);
                case "=~" -> actual.matches(value);
                default -> !actual.matches(value);
            };
        }
    }
}
