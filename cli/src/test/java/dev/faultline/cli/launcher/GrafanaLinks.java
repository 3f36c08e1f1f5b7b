package dev.faultline.cli.launcher;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Test support: the links Grafana draws from a Jaeger span (traces to logs, traces to metrics), rendered as Grafana
 * does it, so that a link that would never show can be caught without Grafana. Grafana shows a custom-query link
 * only when every variable in it is defined; {@code $__tags} becomes {@code label="value"} pairs of the mapped tags
 * the span has.
 *
 * <p>The span is taken as Jaeger presents it: the OTLP resource attribute {@code service.name} becomes the process's
 * service name and is <em>not</em> a tag (collector-contrib {@code pkg/translator/jaeger},
 * {@code resourceToJaegerProtoProcess}); the other resource attributes are process tags; both kinds of tag reach
 * Grafana's {@code __span.tags}.
 */
final class GrafanaLinks {

    /** Loki's default OTLP index labels (resource attributes, dots as underscores), as of Loki 3.x. */
    static final Set<String> LOKI_DEFAULT_OTLP_LABELS = Set.of("service_name", "service_namespace", "service_instance_id",
            "deployment_environment", "deployment_environment_name", "cloud_region", "cloud_availability_zone",
            "k8s_cluster_name", "k8s_namespace_name", "k8s_pod_name", "k8s_container_name", "container_name",
            "k8s_replicaset_name", "k8s_deployment_name", "k8s_statefulset_name", "k8s_daemonset_name",
            "k8s_cronjob_name", "k8s_job_name");

    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([^}]+)}|\\$(__tags)");
    private static final Pattern SPAN_TAG = Pattern.compile("__span\\.tags\\[\"([^\"]+)\"]|__span\\.tags\\.([\\w.]+)");

    private GrafanaLinks() {
    }

    /**
     * A span as Grafana's Jaeger datasource sees it.
     *
     * @param traceId trace id, hex
     * @param spanId  span id, hex
     * @param tags    span attributes and the process's tags (every resource attribute but {@code service.name})
     */
    record Span(String traceId, String spanId, Map<String, String> tags) {

        /** The Jaeger view of an exported span: its attributes and resource attributes. */
        static Span fromOtlp(String traceId, String spanId, Map<String, String> resource, Map<String, String> attributes) {
            Map<String, String> tags = new LinkedHashMap<>(attributes);
            resource.forEach((key, value) -> {
                if (!key.equals("service.name")) {
                    tags.put(key, value);
                }
            });
            return new Span(traceId, spanId, tags);
        }
    }

    /**
     * A rendered link.
     *
     * @param query     the query with every variable replaced
     * @param undefined the variables the span does not define (Grafana then shows no link)
     */
    record Link(String query, List<String> undefined) {
    }

    /**
     * Renders a template of the datasource file (its {@code $$} already a single {@code $}) for a span.
     *
     * @param tagMapping for {@code $__tags}: span tag -> Prometheus label (traces to metrics)
     */
    static Link render(String template, Span span, Map<String, String> tagMapping) {
        List<String> undefined = new ArrayList<>();
        Matcher matcher = VARIABLE.matcher(template);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String value = matcher.group(2) != null ? tags(span, tagMapping, undefined) : variable(matcher.group(1), span);
            if (value == null) {
                undefined.add(matcher.group());
                value = "";
            }
            matcher.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        matcher.appendTail(out);
        return new Link(out.toString(), undefined);
    }

    /** A datasource file's value with Grafana's environment escape undone ({@code $$} is a literal {@code $}). */
    static String unescaped(Object provisioned) {
        return String.valueOf(provisioned).replace("$$", "$");
    }

    /** The tag mapping of a {@code tracesToMetrics} block: span tag -> label ({@code value}, or the tag itself). */
    static Map<String, String> tagMapping(List<Object> tags) {
        Map<String, String> mapping = new LinkedHashMap<>();
        for (Object tag : tags) {
            Map<String, Object> entry = FullStackFiles.map(tag);
            String key = String.valueOf(entry.get("key"));
            mapping.put(key, entry.get("value") == null ? key : String.valueOf(entry.get("value")));
        }
        return mapping;
    }

    /** The stream selector's label names of a LogQL query: {@code {a="x", b=~"y"} | ...} -> a, b. */
    static List<String> streamLabels(String logql) {
        Matcher selector = Pattern.compile("^\\{([^}]*)}").matcher(logql.strip());
        List<String> labels = new ArrayList<>();
        if (selector.find()) {
            Matcher label = Pattern.compile("(\\w+)\\s*(=~|!~|!=|=)").matcher(selector.group(1));
            while (label.find()) {
                labels.add(label.group(1));
            }
        }
        return labels;
    }

    private static String variable(String name, Span span) {
        Matcher tag = SPAN_TAG.matcher(name);
        if (tag.matches()) {
            return span.tags().get(tag.group(1) != null ? tag.group(1) : tag.group(2));
        }
        Map<String, String> fixed = new HashMap<>();
        fixed.put("__span.traceId", span.traceId());
        fixed.put("__trace.traceId", span.traceId());
        fixed.put("__span.spanId", span.spanId());
        return fixed.get(name);
    }

    /** {@code $__tags}: the mapped tags the span has; Grafana leaves out the ones it lacks. */
    private static String tags(Span span, Map<String, String> mapping, List<String> undefined) {
        List<String> pairs = new ArrayList<>();
        mapping.forEach((tag, label) -> {
            String value = span.tags().get(tag);
            if (value != null) {
                pairs.add(label + "=\"" + value + "\"");
            }
        });
        if (pairs.isEmpty()) {
            // an empty selector: "{,status=~...}" is refused by Prometheus, "{}" matches every service
            undefined.add("$__tags (none of " + mapping.keySet() + " is a tag of the span)");
        }
        return String.join(",", pairs);
    }
}
