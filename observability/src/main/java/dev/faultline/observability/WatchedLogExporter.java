package dev.faultline.observability;

import java.util.Collection;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.logs.data.LogRecordData;
import io.opentelemetry.sdk.logs.export.LogRecordExporter;

/**
 * A log record exporter whose batches go through {@link ExportHealth}, the one place that fails (a telemetry
 * fault), counts and logs exports.
 */
final class WatchedLogExporter implements LogRecordExporter {

    private final LogRecordExporter delegate;
    private final ExportHealth health;

    WatchedLogExporter(LogRecordExporter delegate, ExportHealth health) {
        this.delegate = delegate;
        this.health = health;
    }

    @Override
    public CompletableResultCode export(Collection<LogRecordData> logs) {
        return health.export(logs.size(), () -> delegate.export(logs));
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
