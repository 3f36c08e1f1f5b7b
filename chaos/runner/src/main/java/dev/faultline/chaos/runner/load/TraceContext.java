package dev.faultline.chaos.runner.load;

import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A W3C trace context started by the load generator: each request is the root of its trace, so the generator
 * knows the trace id of every request it sends, failed ones included, and they can be opened in Jaeger.
 *
 * @param traceId 32 lowercase hex digits
 * @param spanId  16 lowercase hex digits
 */
public record TraceContext(String traceId, String spanId) {

    private static final HexFormat HEX = HexFormat.of();

    /** A new sampled root context. */
    public static TraceContext newRoot() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return new TraceContext(HEX.toHexDigits(random.nextLong() | 1L) + HEX.toHexDigits(random.nextLong()),
                HEX.toHexDigits(random.nextLong() | 1L));
    }

    /** The {@code traceparent} header value, sampled. */
    public String traceparent() {
        return "00-" + traceId + "-" + spanId + "-01";
    }
}
