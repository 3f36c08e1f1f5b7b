package dev.faultline.observability;

import java.time.Duration;
import java.util.Locale;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;

/**
 * Keeps a trace's SQL to what teaches something: every write, and the reads that were slow or failed. Most requests
 * read with one quick SELECT whose span says nothing the request's own span does not, yet exporting those spans was
 * the largest part of a service's telemetry cost ({@code bench/telemetry-tax.sh}). A fast read is dropped before it
 * is queued for export; everything else goes on to the next processor unchanged. Reads are leaves of their traces,
 * so no kept span loses its parent.
 */
public final class FastSqlReadFilter implements SpanProcessor {

    /** How long a read must take to be kept, unless {@code faultline.sql.slow-read} says otherwise. */
    public static final Duration DEFAULT_SLOW_READ = Duration.ofMillis(5);

    // both generations of the database semantic conventions: the JDBC instrumentation emits one or the other
    private static final AttributeKey<String> DB_SYSTEM_NAME = AttributeKey.stringKey("db.system.name");
    private static final AttributeKey<String> DB_SYSTEM = AttributeKey.stringKey("db.system");
    private static final AttributeKey<String> DB_OPERATION_NAME = AttributeKey.stringKey("db.operation.name");
    private static final AttributeKey<String> DB_OPERATION = AttributeKey.stringKey("db.operation");

    private final SpanProcessor next;
    private final long slowNanos;

    private FastSqlReadFilter(SpanProcessor next, Duration slowRead) {
        this.next = next;
        this.slowNanos = slowRead.toNanos();
    }

    /** Passes every span on to {@code next} except successful SQL reads faster than {@code slowRead}. */
    public static SpanProcessor before(SpanProcessor next, Duration slowRead) {
        return new FastSqlReadFilter(next, slowRead);
    }

    @Override
    public void onStart(Context parentContext, ReadWriteSpan span) {
        next.onStart(parentContext, span);
    }

    @Override
    public boolean isStartRequired() {
        return next.isStartRequired();
    }

    @Override
    public void onEnd(ReadableSpan span) {
        if (!fastRead(span)) {
            next.onEnd(span);
        }
    }

    @Override
    public boolean isEndRequired() {
        return true;
    }

    @Override
    public CompletableResultCode forceFlush() {
        return next.forceFlush();
    }

    @Override
    public CompletableResultCode shutdown() {
        return next.shutdown();
    }

    private boolean fastRead(ReadableSpan span) {
        if (span.getKind() != SpanKind.CLIENT || span.getLatencyNanos() >= slowNanos
                || span.getAttribute(DB_SYSTEM_NAME) == null && span.getAttribute(DB_SYSTEM) == null) {
            return false;
        }
        return "SELECT".equals(operation(span)) && span.toSpanData().getStatus().getStatusCode() != StatusCode.ERROR;
    }

    /** The statement's operation; the span's name starts with it when no attribute carries it. */
    private static String operation(ReadableSpan span) {
        String operation = span.getAttribute(DB_OPERATION_NAME);
        if (operation == null) {
            operation = span.getAttribute(DB_OPERATION);
        }
        if (operation == null) {
            String name = span.getName().strip();
            int space = name.indexOf(' ');
            operation = space < 0 ? name : name.substring(0, space);
        }
        return operation.toUpperCase(Locale.ROOT);
    }
}
