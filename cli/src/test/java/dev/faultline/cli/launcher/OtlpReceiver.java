package dev.faultline.cli.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.GZIPInputStream;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;

/**
 * Test support: an OTLP/HTTP protobuf receiver on loopback, standing where the collector stands in the full stack,
 * that decodes what the sandbox's processes export with the protocol's own classes. It keeps the first
 * {@code limit} export requests of each signal and answers the rest without keeping them.
 */
final class OtlpReceiver implements AutoCloseable {

    private final HttpServer server;
    private final int limit;
    private final List<ExportTraceServiceRequest> traces = new CopyOnWriteArrayList<>();
    private final List<ExportLogsServiceRequest> logs = new CopyOnWriteArrayList<>();
    private final List<Integer> spanBytes = new CopyOnWriteArrayList<>();
    private final java.util.Set<String> traceIds = java.util.concurrent.ConcurrentHashMap.newKeySet();
    /** trace id -> the service.instance.id of every process that logged a record with it. */
    private final java.util.Map<String, java.util.Set<String>> loggedBy = new java.util.concurrent.ConcurrentHashMap<>();

    private OtlpReceiver(HttpServer server, int limit) {
        this.server = server;
        this.limit = limit;
    }

    static OtlpReceiver start(int limit) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        OtlpReceiver receiver = new OtlpReceiver(server, limit);
        server.createContext("/v1/traces", receiver::traces);
        server.createContext("/v1/logs", receiver::logs);
        server.start();
        return receiver;
    }

    /** The endpoint to give the processes ({@code OTEL_EXPORTER_OTLP_ENDPOINT}). */
    String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    List<ExportTraceServiceRequest> traces() {
        return new ArrayList<>(traces);
    }

    List<ExportLogsServiceRequest> logs() {
        return new ArrayList<>(logs);
    }

    /** Whether any process exported a span of this trace. */
    boolean sawTrace(String traceId) {
        return traceIds.contains(traceId);
    }

    /** The processes (their service.instance.id) that exported a log record of this trace. */
    java.util.Set<String> loggedBy(String traceId) {
        return loggedBy.getOrDefault(traceId, java.util.Set.of());
    }

    /** Lower-case hex, as trace ids are written everywhere else. */
    static String hex(com.google.protobuf.ByteString id) {
        return java.util.HexFormat.of().formatHex(id.toByteArray());
    }

    /** Encoded size of each span kept, in bytes. */
    List<Integer> spanBytes() {
        return new ArrayList<>(spanBytes);
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void traces(HttpExchange exchange) throws IOException {
        ExportTraceServiceRequest request = ExportTraceServiceRequest.parseFrom(body(exchange));
        request.getResourceSpansList().forEach(resource -> resource.getScopeSpansList().forEach(scope ->
                scope.getSpansList().forEach(span -> traceIds.add(hex(span.getTraceId())))));
        if (traces.size() < limit) {
            traces.add(request);
            request.getResourceSpansList().forEach(resource -> resource.getScopeSpansList().forEach(scope ->
                    scope.getSpansList().forEach(span -> spanBytes.add(span.getSerializedSize()))));
        }
        answer(exchange, ExportTraceServiceResponse.getDefaultInstance().toByteArray());
    }

    private void logs(HttpExchange exchange) throws IOException {
        ExportLogsServiceRequest request = ExportLogsServiceRequest.parseFrom(body(exchange));
        request.getResourceLogsList().forEach(resource -> {
            String instance = resource.getResource().getAttributesList().stream()
                    .filter(kv -> kv.getKey().equals("service.instance.id")).map(kv -> kv.getValue().getStringValue())
                    .findFirst().orElse("");
            resource.getScopeLogsList().forEach(scope -> scope.getLogRecordsList().forEach(record -> {
                if (!record.getTraceId().isEmpty()) {
                    loggedBy.computeIfAbsent(hex(record.getTraceId()),
                            id -> java.util.concurrent.ConcurrentHashMap.newKeySet()).add(instance);
                }
            }));
        });
        if (logs.size() < limit) {
            logs.add(request);
        }
        answer(exchange, ExportLogsServiceResponse.getDefaultInstance().toByteArray());
    }

    private static byte[] body(HttpExchange exchange) throws IOException {
        boolean gzip = "gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"));
        try (InputStream in = gzip ? new GZIPInputStream(exchange.getRequestBody()) : exchange.getRequestBody()) {
            return in.readAllBytes();
        }
    }

    private static void answer(HttpExchange exchange, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
        exchange.sendResponseHeaders(200, body.length);
        try (var out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}
