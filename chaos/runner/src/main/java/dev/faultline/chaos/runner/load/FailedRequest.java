package dev.faultline.chaos.runner.load;

/**
 * A failed request, to look up in Jaeger.
 *
 * @param at       when it completed (epoch milliseconds)
 * @param endpoint what it was
 * @param failure  what went wrong: a status, an order status, or the client's error
 * @param traceId  the trace it started
 */
public record FailedRequest(long at, String endpoint, String failure, String traceId) {
}
