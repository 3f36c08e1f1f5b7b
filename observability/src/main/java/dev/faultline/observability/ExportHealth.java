package dev.faultline.observability;

import java.util.concurrent.atomic.AtomicBoolean;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.sdk.common.CompletableResultCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the exports of one signal: counts what was lost when an export failed, and says so in the log once
 * when exports start failing and once when they work again, never once per batch.
 */
final class ExportHealth {

    private static final Logger LOG = LoggerFactory.getLogger(ExportHealth.class);

    private final String signal;
    private final String endpoint;
    private final Counter exported;
    private final Counter dropped;
    private final AtomicBoolean failing = new AtomicBoolean();

    ExportHealth(String signal, String endpoint, MeterRegistry meters) {
        this.signal = signal;
        this.endpoint = endpoint;
        this.exported = Counter.builder(TelemetryNames.TELEMETRY_EXPORTED).tag("signal", signal)
                .description("Telemetry items the collector accepted").register(meters);
        this.dropped = Counter.builder(TelemetryNames.TELEMETRY_DROPPED).tag("signal", signal)
                .description("Telemetry items dropped because their export failed").register(meters);
    }

    /** Whether the last export failed (nothing listens, or the collector refuses). */
    boolean failing() {
        return failing.get();
    }

    /** Watches one export of {@code items} items. */
    CompletableResultCode watch(CompletableResultCode export, int items) {
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
