package dev.faultline.console;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;

/** Turns OTLP export requests (the protocol's own generated classes) into the console's records. */
final class OtlpDecoder {

    private static final HexFormat HEX = HexFormat.of();
    /** Values repeat across spans; ids and full URLs mostly do not, and stay out once the table is full. */
    private final Strings values = new Strings(50_000);

    List<SpanRecord> spans(ExportTraceServiceRequest request) {
        List<SpanRecord> spans = new ArrayList<>();
        for (ResourceSpans resource : request.getResourceSpansList()) {
            Map<String, String> owner = attributes(resource.getResource().getAttributesList());
            for (ScopeSpans scope : resource.getScopeSpansList()) {
                for (Span span : scope.getSpansList()) {
                    List<SpanRecord.Event> events = new ArrayList<>();
                    span.getEventsList().forEach(event -> events.add(new SpanRecord.Event(event.getName().intern(),
                            event.getTimeUnixNano(), attributes(event.getAttributesList()))));
                    spans.add(new SpanRecord(hex(span.getTraceId()), hex(span.getSpanId()), hex(span.getParentSpanId()),
                            span.getName().intern(), kind(span.getKind()), service(owner), instance(owner),
                            span.getStartTimeUnixNano(), span.getEndTimeUnixNano(),
                            span.getStatus().getCode() == Status.StatusCode.STATUS_CODE_ERROR,
                            attributes(span.getAttributesList()), events));
                }
            }
        }
        return spans;
    }

    List<LogRecord> logs(ExportLogsServiceRequest request) {
        List<LogRecord> logs = new ArrayList<>();
        for (ResourceLogs resource : request.getResourceLogsList()) {
            Map<String, String> owner = attributes(resource.getResource().getAttributesList());
            for (ScopeLogs scope : resource.getScopeLogsList()) {
                for (io.opentelemetry.proto.logs.v1.LogRecord log : scope.getLogRecordsList()) {
                    long time = log.getTimeUnixNano() != 0 ? log.getTimeUnixNano() : log.getObservedTimeUnixNano();
                    String severity = !log.getSeverityText().isEmpty() ? log.getSeverityText()
                            : log.getSeverityNumber().name().replace("SEVERITY_NUMBER_", "").replaceAll("\\d", "");
                    logs.add(new LogRecord(time, service(owner), instance(owner), severity, text(log.getBody()),
                            scope.getScope().getName(), hex(log.getTraceId()), hex(log.getSpanId())));
                }
            }
        }
        return logs;
    }

    private static String service(Map<String, String> resource) {
        return resource.getOrDefault("service.name", "unknown").intern();
    }

    /** The process: its {@code service.instance.id}, or the service where a process sets none. */
    private static String instance(Map<String, String> resource) {
        return resource.getOrDefault("service.instance.id", service(resource)).intern();
    }

    /**
     * Attribute keys are a small set repeated on every span, and most values repeat too: shared, the store holds
     * each once (bench/console.sh measures what a minute of a busy sandbox costs).
     */
    private Map<String, String> attributes(List<KeyValue> attributes) {
        Map<String, String> decoded = new LinkedHashMap<>();
        attributes.forEach(kv -> decoded.put(kv.getKey().intern(), values.share(text(kv.getValue()))));
        return decoded;
    }

    private String text(AnyValue value) {
        return switch (value.getValueCase()) {
            case STRING_VALUE -> value.getStringValue();
            case BOOL_VALUE -> Boolean.toString(value.getBoolValue());
            case INT_VALUE -> Long.toString(value.getIntValue());
            case DOUBLE_VALUE -> Double.toString(value.getDoubleValue());
            case ARRAY_VALUE -> value.getArrayValue().getValuesList().stream().map(this::text).toList().toString();
            case KVLIST_VALUE -> attributes(value.getKvlistValue().getValuesList()).toString();
            case BYTES_VALUE -> hex(value.getBytesValue());
            default -> "";
        };
    }

    private static String kind(Span.SpanKind kind) {
        return switch (kind) {
            case SPAN_KIND_SERVER -> "server";
            case SPAN_KIND_CLIENT -> "client";
            case SPAN_KIND_PRODUCER -> "producer";
            case SPAN_KIND_CONSUMER -> "consumer";
            default -> "internal";
        };
    }

    private static String hex(ByteString bytes) {
        return bytes.isEmpty() ? "" : HEX.formatHex(bytes.toByteArray());
    }
}
