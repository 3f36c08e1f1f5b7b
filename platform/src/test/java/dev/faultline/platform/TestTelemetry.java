package dev.faultline.platform;

import dev.faultline.observability.Telemetry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.baggage.propagation.W3CBaggagePropagator;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;

/**
 * Test support: an OpenTelemetry whose spans land in memory, with W3C trace context and baggage; processes given
 * the same one write their spans to the same place, as if to one collector.
 *
 * @param openTelemetry hand it to {@link #telemetry} for each process
 * @param spans         what every process traced
 */
public record TestTelemetry(OpenTelemetry openTelemetry, InMemorySpanExporter spans) {

    public static TestTelemetry inMemory() {
        InMemorySpanExporter spans = InMemorySpanExporter.create();
        return new TestTelemetry(OpenTelemetrySdk.builder()
                .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(spans)).build())
                .setPropagators(ContextPropagators.create(TextMapPropagator.composite(
                        W3CTraceContextPropagator.getInstance(), W3CBaggagePropagator.getInstance())))
                .build(), spans);
    }

    /** The telemetry of one process: its own meters, spans to the shared exporter. */
    public Telemetry telemetry(String service) {
        return Telemetry.create(service, openTelemetry);
    }
}
