package dev.faultline.observability;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.WebServer;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;

/** An OTLP/HTTP protobuf receiver on a free loopback port, built on the protocol's own classes: what arrived. */
final class TestCollector implements AutoCloseable {

    final List<ExportTraceServiceRequest> traces = new CopyOnWriteArrayList<>();
    final List<ExportLogsServiceRequest> logs = new CopyOnWriteArrayList<>();
    private final WebServer server;

    TestCollector() {
        server = WebServer.builder().host("127.0.0.1").port(0).routing(routing -> routing
                .post("/v1/traces", (req, res) -> {
                    traces.add(ExportTraceServiceRequest.parseFrom(req.content().as(byte[].class)));
                    res.headers().set(HeaderNames.CONTENT_TYPE, "application/x-protobuf");
                    res.send(ExportTraceServiceResponse.getDefaultInstance().toByteArray());
                })
                .post("/v1/logs", (req, res) -> {
                    logs.add(ExportLogsServiceRequest.parseFrom(req.content().as(byte[].class)));
                    res.headers().set(HeaderNames.CONTENT_TYPE, "application/x-protobuf");
                    res.send(ExportLogsServiceResponse.getDefaultInstance().toByteArray());
                })).build().start();
    }

    String endpoint() {
        return "http://127.0.0.1:" + server.port();
    }

    /** Each log line's body, by the service.name of the resource that sent it. */
    Map<String, List<String>> logLinesByService() {
        return logs.stream().flatMap(r -> r.getResourceLogsList().stream()).collect(Collectors.groupingBy(
                resourceLogs -> attributes(resourceLogs.getResource()).get("service.name"),
                Collectors.flatMapping(resourceLogs -> resourceLogs.getScopeLogsList().stream()
                        .flatMap(s -> s.getLogRecordsList().stream()).map(l -> l.getBody().getStringValue()),
                        Collectors.toList())));
    }

    static Map<String, String> attributes(Resource resource) {
        return resource.getAttributesList().stream()
                .collect(Collectors.toMap(KeyValue::getKey, kv -> kv.getValue().getStringValue()));
    }

    @Override
    public void close() {
        server.stop();
    }
}
