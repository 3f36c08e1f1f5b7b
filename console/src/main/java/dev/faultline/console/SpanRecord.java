package dev.faultline.console;

import java.util.List;
import java.util.Map;

/**
 * One span as the console keeps it: decoded from OTLP, with the resource's service and instance beside it.
 *
 * @param traceId      32 hex digits
 * @param spanId       16 hex digits
 * @param parentSpanId 16 hex digits, empty for a root span
 * @param name         the span's name, e.g. {@code POST /orders}
 * @param kind         server, client, internal, producer or consumer
 * @param service      the resource's {@code service.name}
 * @param instance     the resource's {@code service.instance.id} (the process, e.g. {@code payments-2})
 * @param startNanos   epoch nanoseconds
 * @param endNanos     epoch nanoseconds
 * @param error        whether its status is error
 * @param attributes   its attributes, values as text
 * @param events       its events in time order (retries, breaker rejections, injected faults...)
 */
public record SpanRecord(String traceId, String spanId, String parentSpanId, String name, String kind, String service,
                         String instance, long startNanos, long endNanos, boolean error, Map<String, String> attributes,
                         List<Event> events) {

    /** The event the chaos engine adds to a span its fault hit. */
    public static final String FAULT_EVENT = dev.faultline.chaos.model.FaultEvent.NAME;

    public SpanRecord {
        attributes = Map.copyOf(attributes);
        events = List.copyOf(events);
    }

    /** The same span, holding these (equal) copies of its trace's and parent's ids. */
    SpanRecord sharing(String sameTraceId, String sameParentId) {
        return new SpanRecord(sameTraceId, spanId, sameParentId, name, kind, service, instance, startNanos, endNanos, error,
                attributes, events);
    }

    public double durationMillis() {
        return (endNanos - startNanos) / 1e6;
    }

    public boolean root() {
        return parentSpanId.isEmpty();
    }

    /** Whether an injected fault hit it. */
    public boolean faulted() {
        return events.stream().anyMatch(event -> event.name().equals(FAULT_EVENT));
    }

    /**
     * One span event.
     *
     * @param name       e.g. {@code faultline.retry}, {@code chaos.fault}, {@code exception}
     * @param timeNanos  epoch nanoseconds
     * @param attributes its attributes, values as text
     */
    public record Event(String name, long timeNanos, Map<String, String> attributes) {

        public Event {
            attributes = Map.copyOf(attributes);
        }
    }
}
