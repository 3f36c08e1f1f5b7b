package dev.faultline.observability;

import java.util.Collection;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;

/** A span exporter whose failures are counted and logged once ({@link ExportHealth}). */
final class WatchedSpanExporter implements SpanExporter {

    private final SpanExporter delegate;
    private final TelemetryFaults faults;
    private final ExportHealth health;

    WatchedSpanExporter(SpanExporter delegate, TelemetryFaults faults, ExportHealth health) {
        this.delegate = delegate;
        this.faults = faults;
        this.health = health;
    }

    @Override
    public CompletableResultCode export(Collection<SpanData> spans) {
        if (faults.exportFails()) {
            return health.watch(CompletableResultCode.ofFailure(), spans.size());
        }
        return health.watch(delegate.export(spans), spans.size());
    }

    @Override
    public CompletableResultCode flush() {
        return delegate.flush();
    }

    @Override
    public CompletableResultCode shutdown() {
        return delegate.shutdown();
    }
}
