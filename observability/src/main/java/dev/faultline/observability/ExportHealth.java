package dev.faultline.observability;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.sdk.common.CompletableResultCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The exports of one signal, whatever its type (the span and log exporters hand their batches here): an export the
 * chaos engine breaks fails without being sent; what was lost is counted, and the log says so once when exports
 * start failing and once when they work again, never once per batch.
 */
final class ExportHealth {

    private static final Logger LOG = LoggerFactory.getLogger(ExportHealth.class);

    private final String signal;
    private final String endpoint;
    private final TelemetryFaults faults;
    private final Counter exported;
    private final Counter dropped;
    private final AtomicBoolean failing = new AtomicBoolean();

    ExportHealth(String signal, String endpoint, TelemetryFaults faults, MeterRegistry meters) {
        this.signal = signal;
        this.endpoint = endpoint;
        this.faults = faults;
        this.exported = Counter.builder(TelemetryNames.TELEMETRY_EXPORTED).tag("signal", signal)
                .description("Telemetry items the collector accepted").register(meters);
        this.dropped = Counter.builder(TelemetryNames.TELEMETRY_DROPPED).tag("signal", signal)
                .description("Telemetry items dropped because their export failed").register(meters);
    }

    /** Whether the last export failed (nothing listens, or the collector refuses). */
    boolean failing() {
        return failing.get();
    }

    /** Exports a batch of {@code items} items through {@code send}, unless a telemetry fault says it fails. */
    CompletableResultCode export(int items, Supplier<CompletableResultCode> send) {
        return watch(faults.exportFails() ? CompletableResultCode.ofFailure() : send.get(), items);
    }

    private CompletableResultCode watch(CompletableResultCode export, int items) {
        export.whenComplete(() -> {
            if (export.isSuccess()) {
                exported.increment(items);
                if (failing.compareAndSet(true, false)) {
                    LOG.info("OTLP export of {} to {} works again", signal, endpoint);
                }
            } else {
                dropped.increment(items);
                if (failing.compareAndSet(false, true)) {
                    LOG.warn("OTLP export of {} to {} fails (no collector?); {} are dropped and counted in "
                            + "faultline_telemetry_dropped_total until it works again", signal, endpoint, signal);
                }
            }
        });
        return export;
    }
}
