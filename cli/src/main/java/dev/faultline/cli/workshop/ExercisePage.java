package dev.faultline.cli.workshop;


import dev.faultline.chaos.runner.scenario.Expectation;
import dev.faultline.cli.launcher.Topology;

/**
 * The learner's page of an exercise, generated from its file (so the page cannot drift from what runs and what is
 * graded): {@code ./faultline workshop pages} writes them, a test fails when one differs from its file.
 */
public final class ExercisePage {

    static final String CONSOLE = "http://localhost:" + Topology.CONSOLE_PORT;
    static final String JAEGER = "http://localhost:16686";

    private ExercisePage() {
    }

    /** @throws IllegalArgumentException when a Grafana reference names no dashboard panel */
    public static String render(Exercise exercise, Dashboards dashboards) {
        StringBuilder page = new StringBuilder();
        String source = exercise.id() + ".yaml";
        page.append("<!-- Generated from ").append(source).append(" by ./faultline workshop pages: edit the YAML, ")
                .append("then regenerate. -->\n\n");
        page.append("# Level ").append(exercise.level()).append(": ").append(exercise.title()).append("\n\n");
        page.append("**Goal:** ").append(exercise.goal()).append("\n\n");
        page.append("Run it: `./faultline workshop run ").append(exercise.id()).append("` (about ")
                .append(seconds(exercise)).append(" s, against a running sandbox");
        if (exercise.tls() != dev.faultline.pki.TlsMode.OFF) {
            page.append(" started with `./faultline up --tls ").append(exercise.tls()).append('`');
        }
        page.append(").\n\n");
        page.append("## Briefing\n\n").append(exercise.briefing()).append("\n\n");
        if (!exercise.settings().isEmpty()) {
            page.append("The run sets these for itself (each service restarted) and puts the service's own back after:\n\n");
            exercise.settings().forEach((service, values) -> values.forEach((key, value) ->
                    page.append("- ").append(service).append(": `").append(key).append("=").append(value).append("`\n")));
            page.append('\n');
        }
        page.append("## Predict first\n\n").append("The run asks these before anything is injected, and grades them ")
                .append("against what it measures. Give each a confidence (0 to 100 %).\n\n");
        int number = 0;
        for (Prediction prediction : exercise.predictions()) {
            number++;
            page.append(number).append(". **").append(prediction.ask()).append("** `").append(prediction.id())
                    .append("`: ").append(form(prediction)).append('\n');
        }
        if (!exercise.look().isEmpty()) {
            page.append("\n## Where to look\n\n");
            for (Look look : exercise.look()) {
                page.append("- ").append(look(look, dashboards)).append(": ").append(look.what()).append('\n');
            }
        }
        page.append("\n## What the run checks\n\n");
        page.append("The lesson happened when these hold (the exercise passes whatever you predicted):\n\n");
        for (Expectation expectation : exercise.scenario().expectations()) {
            page.append("- ").append(expectation.name()).append('\n');
        }
        if (!exercise.scenario().measurements().isEmpty()) {
            page.append("\nIt also measures, to grade your predictions:\n\n");
            for (Expectation measurement : exercise.scenario().measurements()) {
                page.append("- ").append(measurement.name()).append('\n');
            }
        }
        exercise.fix().ifPresent(fix -> page.append("\n## Fix it\n\n").append(fix.ask()).append("\n\n```\n")
                .append("./faultline settings set ").append(fix.service()).append(' ').append(fix.key()).append('=')
                .append(fix.value()).append("\n./faultline workshop fix ").append(exercise.id()).append("\n```\n\n")
                .append("The run after the fix must show '").append(fix.check()).append("' ")
                .append(fix.lower() ? "lower" : "higher").append(" by at least ").append(Grader.number(fix.by()))
                .append(" than your last run. `./faultline settings reset ").append(fix.service())
                .append("` puts the default back.\n"));
        if (!exercise.hints().isEmpty()) {
            page.append("\n## Hints\n\n");
            number = 0;
            for (String hint : exercise.hints()) {
                number++;
                page.append("<details><summary>Hint ").append(number).append("</summary>\n\n").append(hint)
                        .append("\n\n</details>\n\n");
            }
        }
        page.append(exercise.hints().isEmpty() ? "\n" : "").append("## Afterwards\n\n")
                .append("<details><summary>Read this after your run</summary>\n\n").append(exercise.explanation())
                .append("\n\n</details>\n");
        return page.toString();
    }

    private static String form(Prediction prediction) {
        return switch (prediction) {
            case Prediction.Choice choice -> "one of " + choice.form();
            case Prediction.Estimate estimate -> estimate.form() + ", right within "
                    + (estimate.relative() ? Grader.number(estimate.tolerance() * 100) + " % of the measured value"
                    : Grader.number(estimate.tolerance()) + " " + estimate.unit());
            case Prediction.Direction direction -> "which way: " + direction.form();
        };
    }

    private static String look(Look look, Dashboards dashboards) {
        return switch (look.tool()) {
            case "console" -> "Console: [" + look.where() + "](" + CONSOLE + look.where() + ")";
            case "grafana" -> "Grafana: [" + look.where() + "](" + dashboards.link(look.where()).orElseThrow(() ->
                    new IllegalArgumentException("no Grafana panel '" + look.where() + "' (Dashboard title / Panel title)"))
                    + ") (full stack)";
            case "jaeger" -> "Jaeger: [" + look.where() + "](" + JAEGER + "/search?" + look.where().replace(" ", "%20")
                    + ") (full stack)";
            default -> "Live view: `" + look.where() + "`";
        };
    }

    private static long seconds(Exercise exercise) {
        double total = exercise.scenario().load().rate() > 0 ? exercise.scenario().load().warmUp().toSeconds() : 0;
        for (var step : exercise.scenario().method()) {
            if (step instanceof dev.faultline.chaos.runner.scenario.Step.Wait wait) {
                total += wait.duration().toMillis() / 1000.0;
            }
        }
        return Math.round(total / 5.0) * 5 + 5;
    }
}
