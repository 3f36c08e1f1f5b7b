package dev.faultline.cli.workshop;

import java.util.List;
import java.util.Optional;

/**
 * One thing a learner commits to before anything is injected. Each kind names the run's measurement or expectation
 * ({@code check}) that decides it, so it is graded against what the run measured, never against an answer key.
 */
public sealed interface Prediction {

    String id();

    /** The question, as the learner sees it. */
    String ask();

    /** What an answer looks like, for the prompt and for errors: {@code yes | no}, {@code a number in s}. */
    String form();

    /**
     * Pick one answer; an answer is right when its check came out as the option says.
     *
     * @param options each answer with the check that makes it true
     */
    record Choice(String id, String ask, List<Option> options) implements Prediction {

        public Choice {
            options = List.copyOf(options);
        }

        @Override
        public String form() {
            return String.join(" | ", options.stream().map(Option::answer).toList());
        }

        public Optional<Option> option(String answer) {
            return options.stream().filter(o -> o.answer().equalsIgnoreCase(answer.strip())).findFirst();
        }
    }

    /**
     * One answer of a choice.
     *
     * @param answer what the learner types
     * @param check  the expectation or measurement that decides it
     * @param held   true: right when the check held; false: right when it did not
     */
    record Option(String answer, String check, boolean held) {
    }

    /**
     * A number with a unit; right within the tolerance of the measured value.
     *
     * @param unit      shown with the number; {@code %} shows a measured fraction as a percentage
     * @param tolerance how far off is still right, in the unit (or, when {@code relative}, a share of the measured)
     * @param check     the measurement
     * @param field     which of its numbers: the value read, or the seconds until it was read
     */
    record Estimate(String id, String ask, String unit, double tolerance, boolean relative, String check, Field field)
            implements Prediction {

        @Override
        public String form() {
            return "a number in " + unit;
        }

        /** The measured number in this prediction's unit. */
        public double inUnit(double measured) {
            return field == Field.VALUE && unit.equals("%") ? measured * 100 : measured;
        }

        /** How far from the measured number an answer may be. */
        public double allowance(double measuredInUnit) {
            return relative ? Math.abs(measuredInUnit) * tolerance : tolerance;
        }
    }

    /** Which number of a measurement an estimate is about. */
    enum Field { VALUE, AFTER }

    /**
     * Which way a signal moves: {@code up}, {@code down} or {@code flat}, from the check's value against the
     * baseline's (or against zero, for an increase).
     *
     * @param flatWithin a change this small is flat, in the value's own unit
     */
    record Direction(String id, String ask, String check, Optional<String> baseline, double flatWithin)
            implements Prediction {

        public static final List<String> ANSWERS = List.of("up", "down", "flat");

        @Override
        public String form() {
            return String.join(" | ", ANSWERS);
        }

        /** The direction of a change. */
        public String of(double change) {
            return change > flatWithin ? "up" : change < -flatWithin ? "down" : "flat";
        }
    }
}
