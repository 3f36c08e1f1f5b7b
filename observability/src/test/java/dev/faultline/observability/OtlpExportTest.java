package dev.faultline.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.resource.v1.Resource;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Traces and logs leave the process over real OTLP/HTTP protobuf with the right resource, decoded here by a
 * receiver built on the OpenTelemetry protocol's own classes; when the receiver goes away, losses are counted
 * and said once.
 */
class OtlpExportTest {

    @Test
    void tracesAndLogsAreExportedWithTheirResourceAndAnOutageIsCountedAndLoggedOnce() {
        TestCollector receiver = new TestCollector();
        List<ExportTraceServiceRequest> traces = receiver.traces;
        List<ExportLogsServiceRequest> logs = receiver.logs;
        System.setProperty("otel.exporter.otlp.endpoint", receiver.endpoint());
        System.setProperty("otel.resource.attributes", "service.instance.id=otlp-test-1");
        System.setProperty("otel.bsp.schedule.delay", "50");
        System.setProperty("otel.blrp.schedule.delay", "50");
        Telemetry telemetry = Telemetry.start("otlp-test");
        ListAppender<ILoggingEvent> said = capture(ExportHealth.class.getName());

        Span span = telemetry.openTelemetry().getTracer("test").spanBuilder("checkout").startSpan();
        try (Scope scope = span.makeCurrent()) {
            LoggerFactory.getLogger("dev.faultline.test").info("placing order 42");
        } finally {
            span.end();
        }
        String traceId = span.getSpanContext().getTraceId();

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(traces).flatExtracting(r -> r.getResourceSpansList()).anySatisfy(resourceSpans -> {
                assertThat(attributes(resourceSpans.getResource())).containsEntry("service.name", "otlp-test")
                        .containsEntry("service.instance.id", "otlp-test-1").containsKey("service.version");
                assertThat(resourceSpans.getScopeSpansList()).flatExtracting(s -> s.getSpansList())
                        .anySatisfy(exported -> assertThat(exported.getName()).isEqualTo("checkout"));
            });
            assertThat(logs).flatExtracting(r -> r.getResourceLogsList()).anySatisfy(resourceLogs -> {
                assertThat(attributes(resourceLogs.getResource())).containsEntry("service.name", "otlp-test");
                assertThat(resourceLogs.getScopeLogsList()).flatExtracting(s -> s.getLogRecordsList()).anySatisfy(log -> {
                    assertThat(log.getBody().getStringValue()).isEqualTo("placing order 42");
                    assertThat(hex(log.getTraceId().toByteArray())).isEqualTo(traceId);
                });
            });
        });

        receiver.close();
        for (int i = 0; i < 20; i++) {
            telemetry.openTelemetry().getTracer("test").spanBuilder("lost " + i).startSpan().end();
        }
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(dropped(telemetry)).isGreaterThan(0));
        assertThat(said.list).filteredOn(event -> event.getFormattedMessage().contains("OTLP export of traces"))
                .hasSize(1);
    }

    private static double dropped(Telemetry telemetry) {
        var counter = telemetry.meters().find(TelemetryNames.TELEMETRY_DROPPED).tag("signal", "traces").counter();
        return counter == null ? 0 : counter.count();
    }

    private static Map<String, String> attributes(Resource resource) {
        return TestCollector.attributes(resource);
    }

    private static String hex(byte[] bytes) {
        StringBuilder hex = new StringBuilder();
        for (byte b : bytes) {
            hex.append(String.format("%02x", b));
        }
        return hex.toString();
    }

    private static ListAppender<ILoggingEvent> capture(String logger) {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.setContext(context);
        appender.start();
        context.getLogger(logger).addAppender(appender);
        return appender;
    }
}
