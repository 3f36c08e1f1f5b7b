package dev.faultline.observability;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Function;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.context.propagation.TextMapSetter;

/**
 * Spans of messages after the OpenTelemetry messaging conventions: a {@code PRODUCER} span {@code send
 * <destination>} when a message is published, the trace context carried in the message's properties, and a
 * {@code CONSUMER} span {@code process <destination>} where it is handled, which links to the producer's context
 * and, for a single message, is its child, so a consumer's work shows in the trace of what caused it.
 */
public final class MessagingTelemetry {

    public static final AttributeKey<String> SYSTEM = AttributeKey.stringKey("messaging.system");
    public static final AttributeKey<String> DESTINATION = AttributeKey.stringKey("messaging.destination.name");
    public static final AttributeKey<String> OPERATION_TYPE = AttributeKey.stringKey("messaging.operation.type");
    public static final AttributeKey<String> OPERATION_NAME = AttributeKey.stringKey("messaging.operation.name");
    public static final AttributeKey<String> MESSAGE_ID = AttributeKey.stringKey("messaging.message.id");
    public static final AttributeKey<String> CONSUMER_GROUP = AttributeKey.stringKey("messaging.consumer.group.name");
    /** How many times the broker had delivered the message before (0 on its first delivery); Faultline's own key. */
    public static final AttributeKey<Long> REDELIVERIES = AttributeKey.longKey("faultline.message.redeliveries");
    /** Apache Artemis's name in the conventions' {@code messaging.system} list. */
    public static final String ARTEMIS = "activemq";

    private static final TextMapSetter<BiConsumer<String, String>> SETTER = (put, key, value) -> put.accept(key, value);
    private static final TextMapGetter<Function<String, String>> GETTER = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Function<String, String> carrier) {
            return java.util.List.of("traceparent", "tracestate");
        }

        @Override
        public String get(Function<String, String> carrier, String key) {
            return carrier == null ? null : carrier.apply(key);
        }
    };

    private final Tracer tracer;
    private final TextMapPropagator propagator;

    private MessagingTelemetry(Telemetry telemetry) {
        this.tracer = telemetry.tracer(MessagingTelemetry.class);
        this.propagator = telemetry.openTelemetry().getPropagators().getTextMapPropagator();
    }

    public static MessagingTelemetry create(Telemetry telemetry) {
        return new MessagingTelemetry(telemetry);
    }

    /** The current trace context as properties (W3C {@code traceparent}), to be stored with what is sent later. */
    public Map<String, String> currentContext() {
        Map<String, String> properties = new LinkedHashMap<>();
        propagator.inject(Context.current(), properties, Map::put);
        return properties;
    }

    /** Starts the span of publishing one message, a child of {@code parent} (the context it was written in). */
    public Span startSend(String destination, String messageId, Map<String, String> parent) {
        Context parentContext = propagator.extract(Context.root(), parent::get, GETTER);
        return tracer.spanBuilder("send " + destination)
                .setParent(parentContext)
                .setSpanKind(SpanKind.PRODUCER)
                .setAttribute(SYSTEM, ARTEMIS)
                .setAttribute(DESTINATION, destination)
                .setAttribute(OPERATION_TYPE, "send")
                .setAttribute(OPERATION_NAME, "send")
                .setAttribute(MESSAGE_ID, messageId)
                .startSpan();
    }

    /** Writes the span's context into a message's properties. */
    public void inject(Span span, BiConsumer<String, String> property) {
        propagator.inject(Context.root().with(span), property, SETTER);
    }

    /**
     * Starts the span of handling one consumed message: a child of the producer's context found in its
     * properties, and linked to it (the conventions' way, which also holds when one span handles a batch).
     */
    public Span startProcess(String destination, String consumerGroup, String messageId, int redeliveries,
                             Function<String, String> property) {
        Context producer = propagator.extract(Context.root(), property, GETTER);
        SpanContext producerSpan = Span.fromContext(producer).getSpanContext();
        var builder = tracer.spanBuilder("process " + destination)
                .setParent(producer)
                .setSpanKind(SpanKind.CONSUMER)
                .setAttribute(SYSTEM, ARTEMIS)
                .setAttribute(DESTINATION, destination)
                .setAttribute(CONSUMER_GROUP, consumerGroup)
                .setAttribute(OPERATION_TYPE, "process")
                .setAttribute(OPERATION_NAME, "process")
                .setAttribute(MESSAGE_ID, messageId)
                .setAttribute(REDELIVERIES, (long) redeliveries);
        if (producerSpan.isValid()) {
            builder.addLink(producerSpan);
        }
        return builder.startSpan();
    }
}
