package dev.faultline.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.helidon.webserver.WebServer;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.logs.Severity;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;
import io.opentelemetry.exporter.otlp.http.logs.OtlpHttpLogRecordExporter;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.logs.SdkLoggerProvider;
import io.opentelemetry.sdk.logs.export.SimpleLogRecordProcessor;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.provider.ValueSource;

/** The receiver against the OpenTelemetry SDK's own OTLP/HTTP exporters, gzip and not; and against bad bodies. */
class OtlpReceiverTest {

    private final TraceStore traces = new TraceStore(1_000);
    private final LogStore logs = new LogStore(1_000);
    private WebServer server;

    @BeforeEach
    void start() {
        server = WebServer.builder().host("127.0.0.1").port(0).shutdownHook(false).contentEncoding(OtlpReceiver.encodings())
                .routing(routing -> routing.register(new OtlpReceiver(traces, logs))).build().start();
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    @ParameterizedTest
    @ValueSource(strings = {"gzip", "none"})
    void spansAndLogsExportedByTheSdkArriveWithTheirResourceEventsAndTrace(String compression) {
        Resource resource = Resource.getDefault().merge(Resource.create(Attributes.of(
                AttributeKey.stringKey("service.name"), "payments",
                AttributeKey.stringKey("service.instance.id"), "payments-2")));
        String endpoint = "http://127.0.0.1:" + server.port();
        SdkTracerProvider tracing = SdkTracerProvider.builder().setResource(resource).addSpanProcessor(SimpleSpanProcessor
                .create(OtlpHttpSpanExporter.builder().setEndpoint(endpoint + "/v1/traces").setCompression(compression)
                        .build())).build();
        SdkLoggerProvider logging = SdkLoggerProvider.builder().setResource(resource).addLogRecordProcessor(
                SimpleLogRecordProcessor.create(OtlpHttpLogRecordExporter.builder().setEndpoint(endpoint + "/v1/logs")
                        .setCompression(compression).build())).build();
        Span span = tracing.get("test").spanBuilder("POST /payments").setAttribute("http.route", "/payments").startSpan();
        try (Scope scope = span.makeCurrent()) {
            span.addEvent("chaos.fault", Attributes.of(AttributeKey.stringKey("faultline.fault.kind"), "error"));
            span.setStatus(StatusCode.ERROR);
            logging.get("faultline.access").logRecordBuilder().setSeverity(Severity.WARN).setSeverityText("WARN")
                    .setBody("charge refused").emit();
        } finally {
            span.end();
        }
        tracing.forceFlush().join(5, java.util.concurrent.TimeUnit.SECONDS);
        logging.forceFlush().join(5, java.util.concurrent.TimeUnit.SECONDS);
        String traceId = span.getSpanContext().getTraceId();

        await().atMost(Duration.ofSeconds(5)).until(() -> traces.trace(traceId).isPresent());
        SpanRecord received = traces.trace(traceId).orElseThrow().getFirst();
        assertThat(received.service()).isEqualTo("payments");
        assertThat(received.instance()).isEqualTo("payments-2");
        assertThat(received.error()).isTrue();
        assertThat(received.faulted()).isTrue();
        assertThat(received.attributes()).containsEntry("http.route", "/payments");
        assertThat(received.events().getFirst().attributes()).containsEntry("faultline.fault.kind", "error");
        await().atMost(Duration.ofSeconds(5)).until(() -> !logs.find(Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.of(traceId), 10).isEmpty());
        LogRecord log = logs.find(Optional.of("payments-2"), Optional.of("WARN"), Optional.of("refused"), Optional.of(traceId), 10)
                .getFirst();
        assertThat(log.body()).isEqualTo("charge refused");
        assertThat(log.spanId()).isEqualTo(span.getSpanContext().getSpanId());
        tracing.shutdown();
        logging.shutdown();
    }

    @Test
    void aBodyThatIsNoExportRequestIs400AndChangesNothing() throws Exception {
        HttpResponse<String> garbage = post("/v1/traces", "application/x-protobuf", new byte[] {(byte) 0xff, 0x01, 0x02});
        HttpResponse<String> json = post("/v1/logs", "application/json", "{}".getBytes());

        assertThat(garbage.statusCode()).isEqualTo(400);
        assertThat(garbage.headers().firstValue("Content-Type")).contains("application/problem+json");
        assertThat(garbage.body()).contains("Not an OTLP export request");
        assertThat(json.statusCode()).isEqualTo(415);
        assertThat(traces.stats().spans()).isZero();
        assertThat(logs.stats().records()).isZero();
    }

    @Test
    void aGzipBodyIsUnpacked() throws Exception {
        byte[] request = io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest.newBuilder()
                .addResourceSpans(io.opentelemetry.proto.trace.v1.ResourceSpans.newBuilder()
                        .addScopeSpans(io.opentelemetry.proto.trace.v1.ScopeSpans.newBuilder()
                                .addSpans(io.opentelemetry.proto.trace.v1.Span.newBuilder()
                                        .setTraceId(com.google.protobuf.ByteString.copyFrom(new byte[16]))
                                        .setSpanId(com.google.protobuf.ByteString.copyFrom(new byte[8])).setName("packed"))))
                .build().toByteArray();
        java.io.ByteArrayOutputStream packed = new java.io.ByteArrayOutputStream();
        try (java.util.zip.GZIPOutputStream gzip = new java.util.zip.GZIPOutputStream(packed)) {
            gzip.write(request);
        }
        HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                        + server.port() + "/v1/traces")).header("Content-Type", "application/x-protobuf")
                .header("Content-Encoding", "gzip").POST(HttpRequest.BodyPublishers.ofByteArray(packed.toByteArray())).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        assertThat(traces.stats().spans()).isEqualTo(1);
    }

    private HttpResponse<String> post(String path, String type, byte[] body) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .header("Content-Type", type).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void wholeTracesAreLetGoOldestFirstAndCounted() {
        TraceStore small = new TraceStore(5);
        small.add(List.of(span("a", "1"), span("a", "2"), span("b", "3")));
        small.add(List.of(span("c", "4"), span("c", "5"), span("c", "6")));

        assertThat(small.trace("a")).isEmpty();
        assertThat(small.trace("b")).isPresent();
        assertThat(small.trace("c").orElseThrow()).hasSize(3);
        assertThat(small.stats()).isEqualTo(new TraceStore.Stats(2, 4, 5, 1, 2));
        assertThat(small.find(TraceQuery.ALL, 10)).extracting(TraceStore.TraceSummary::traceId).containsExactly("c", "b");
    }

    private static SpanRecord span(String trace, String id) {
        return new SpanRecord(trace, id, "", "GET /x", "server", "users", "users", 1, 2, false, java.util.Map.of(), List.of());
    }
}
