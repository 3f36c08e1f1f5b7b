package dev.faultline.observability;

import java.util.Collection;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;

/**
 * A span exporter whose batches go through {@link ExportHealth}, the one place that fails (a telemetry fault), counts
 * and logs exports.
 */
final class WatchedSpanExporter implements SpanExporter {

    private final SpanExporter delegate;
    private final ExportHealth health;

    WatchedSpanExporter(SpanExporter delegate, ExportHealth health) {
        this.delegate = delegate;
        this.health = health;
    }

    @Override
    public CompletableResultCode export(Collection<SpanData> spans) {
        return health.export(spans.size(), () -> delegate.export(spans));
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
