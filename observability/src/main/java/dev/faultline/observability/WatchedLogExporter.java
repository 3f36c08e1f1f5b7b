package dev.faultline.observability;

import java.util.Collection;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.logs.data.LogRecordData;
import io.opentelemetry.sdk.logs.export.LogRecordExporter;

/** A log record exporter whose failures are counted and logged once ({@link ExportHealth}). */
final class WatchedLogExporter implements LogRecordExporter {

    private final LogRecordExporter delegate;
    private final TelemetryFaults faults;
    private final ExportHealth health;

    WatchedLogExporter(LogRecordExporter delegate, TelemetryFaults faults, ExportHealth health) {
        this.delegate = delegate;
        this.faults = faults;
        this.health = health;
    }

    @Override
    public CompletableResultCode export(Collection<LogRecordData> logs) {
        if (faults.exportFails()) {
            return health.watch(CompletableResultCode.ofFailure(), logs.size());
        }
        return health.watch(delegate.export(logs), logs.size());
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
