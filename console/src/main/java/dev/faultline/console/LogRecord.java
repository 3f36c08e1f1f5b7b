package dev.faultline.console;

/**
 * One log record as the console keeps it.
 *
 * @param timeNanos epoch nanoseconds
 * @param service   the resource's {@code service.name}
 * @param instance  the resource's {@code service.instance.id}
 * @param severity  e.g. {@code INFO}, {@code WARN}, {@code ERROR}
 * @param body      the message
 * @param logger    the logger's name (the instrumentation scope)
 * @param traceId   the trace it was written in, empty outside one
 * @param spanId    the span it was written in, empty outside one
 */
public record LogRecord(long timeNanos, String service, String instance, String severity, String body, String logger,
                        String traceId, String spanId) {
}
