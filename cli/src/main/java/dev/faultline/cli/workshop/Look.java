package dev.faultline.cli.workshop;

/**
 * Where a learner looks during an exercise.
 *
 * @param tool  {@code console} (a page of the console), {@code grafana} (dashboard / panel), {@code jaeger} (a
 *              search), {@code top} (the live view)
 * @param where the console's path, {@code Dashboard title / Panel title}, the search, or the command
 * @param what  what to look for there
 */
public record Look(String tool, String where, String what) {

    public static final java.util.List<String> TOOLS = java.util.List.of("console", "grafana", "jaeger", "top");
}
